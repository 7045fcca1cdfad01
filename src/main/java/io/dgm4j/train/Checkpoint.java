package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.TensorChecksum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * One file (libtorch archive) with the model's parameters, the optimizer states, libtorch's
 * random generator state and the step reached: everything needed to continue exactly. Written
 * to a temporary file and renamed, so the previous checkpoint survives a crash mid-write.
 *
 * <p>libtorch reads a damaged archive without complaint, so the file wraps that archive: its bytes
 * as one tensor beside their CRC32, checked before anything is read from them. Files saved before
 * the wrapper hold the archive itself, with (or, older still, without) the model tensors' checksum.
 */
public final class Checkpoint {
    /** The archive key of the model tensors' {@link Parameters#checksum}, in files saved before the wrapper. */
    static final String CHECKSUM = "model_checksum";
    /** The keys of the wrapper: the checkpoint archive's bytes, and their CRC32. */
    static final String CONTENT = "checkpoint";
    static final String CONTENT_CHECKSUM = "checkpoint_crc32";

    private Checkpoint() {
    }

    public static void save(Path file, Parameters params, Optimization optimization, long step) {
        OutputArchive archive = new OutputArchive();
        OutputArchive model = new OutputArchive();
        params.save(model);
        archive.write("model", model);
        if (optimization != null) {
            optimization.save(archive);
        }
        archive.write("step", new IValue(step));
        archive.write("rng", torch.getDefaultCPUGenerator().get_state());
        try (PointerScope scope = new PointerScope()) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path content = file.resolveSibling(file.getFileName() + ".content.tmp");
            archive.save_to(content.toString());
            Tensor bytes = torch.from_file(content.toString(), new BoolOptional(false),
                    new LongOptional(Files.size(content)), new TensorOptions(torch.ScalarType.Byte));
            OutputArchive wrapper = new OutputArchive();
            wrapper.write(CONTENT, bytes);
            wrapper.write(CONTENT_CHECKSUM, new IValue(TensorChecksum.crc32(List.of(bytes))));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            wrapper.save_to(tmp.toString());
            Files.delete(content);
            RunFolder.moveAtomically(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** The checkpoint archive in {@code file}, its bytes checked against their checksum first. */
    private static InputArchive open(Path file) {
        InputArchive outer = new InputArchive();
        outer.load_from(file.toString());
        IValue saved = new IValue();
        if (!outer.try_read(CONTENT_CHECKSUM, saved)) {
            return outer;
        }
        Tensor bytes = new Tensor();
        outer.read(CONTENT, bytes);
        if (saved.toInt() != TensorChecksum.crc32(List.of(bytes))) {
            throw new InvalidInputException("checkpoint '" + file + "' is corrupt (its contents do not match their "
                    + "checksum): restore it or train again");
        }
        InputArchive archive = new InputArchive();
        archive.load_from(new BytePointer(bytes.data_ptr()), bytes.nbytes());
        // load_from reads the whole archive before it returns; until then the bytes must not be collected.
        Reference.reachabilityFence(bytes);
        return archive;
    }

    /** The step a checkpoint was saved at, read without building a model. */
    public static long step(Path file) {
        return reading(file, Checkpoint::savedStep);
    }

    /** Loads parameters (and optimizer state and generator state when given); returns the step. */
    public static long load(Path file, Parameters params, Optimization optimization) {
        return reading(file, archive -> {
            InputArchive model = new InputArchive();
            archive.read("model", model);
            params.load(model, file.toString());
            checkIntact(file, archive, params);
            if (optimization != null) {
                optimization.load(archive);
                Tensor rng = new Tensor();
                archive.read("rng", rng);
                torch.getDefaultCPUGenerator().set_state(rng);
            }
            return savedStep(archive);
        });
    }

    private static long savedStep(InputArchive archive) {
        IValue step = new IValue();
        archive.read("step", step);
        return step.toInt();
    }

    /** {@code read} applied to the file's archive; a missing file and libtorch's errors become one-line user errors. */
    private static long reading(Path file, ToLongFunction<InputArchive> read) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no checkpoint at '" + file + "': the run has not finished an "
                    + "evaluation yet; train it (longer) first");
        }
        try {
            return read.applyAsLong(open(file));
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidInputException("checkpoint '" + file + "' is unreadable or corrupt ("
                    + firstLine(e.getMessage()) + "): restore it or train again");
        }
    }

    /**
     * Refuses a file whose model tensors, as loaded into {@code params}, do not reproduce the checksum saved
     * with them (files saved before the wrapper have only this check). A checkpoint saved before checksums
     * has none to compare with and loads as before.
     */
    private static void checkIntact(Path file, InputArchive archive, Parameters params) {
        IValue saved = new IValue();
        if (archive.try_read(CHECKSUM, saved) && saved.toInt() != params.checksum()) {
            throw new InvalidInputException("checkpoint '" + file + "' is corrupt (its contents do not match their "
                    + "checksum): restore it or train again");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.lines().findFirst().orElse(message);
    }
}
