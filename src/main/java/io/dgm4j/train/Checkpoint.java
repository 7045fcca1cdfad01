package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import io.dgm4j.nn.Parameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * One file (libtorch archive) with the model's parameters, the optimizer states, libtorch's
 * random generator state and the step reached: everything needed to continue exactly. Written
 * to a temporary file and renamed, so the previous checkpoint survives a crash mid-write.
 */
public final class Checkpoint {
    /** The archive key of the model tensors' {@link Parameters#checksum}. */
    static final String CHECKSUM = "model_checksum";

    private Checkpoint() {
    }

    public static void save(Path file, Parameters params, Optimization optimization, long step) {
        OutputArchive archive = new OutputArchive();
        OutputArchive model = new OutputArchive();
        params.save(model);
        archive.write("model", model);
        archive.write(CHECKSUM, new IValue(params.checksum()));
        if (optimization != null) {
            optimization.save(archive);
        }
        archive.write("step", new IValue(step));
        archive.write("rng", torch.getDefaultCPUGenerator().get_state());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            archive.save_to(tmp.toString());
            RunFolder.moveAtomically(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** The step a checkpoint was saved at, read without building a model. */
    public static long step(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no checkpoint at '" + file + "': the run has not finished an "
                    + "evaluation yet; train it (longer) first");
        }
        try {
            InputArchive archive = new InputArchive();
            archive.load_from(file.toString());
            IValue step = new IValue();
            archive.read("step", step);
            return step.toInt();
        } catch (RuntimeException e) {
            throw new InvalidInputException("checkpoint '" + file + "' is unreadable or corrupt ("
                    + firstLine(e.getMessage()) + "): restore it or train again");
        }
    }

    /** Loads parameters (and optimizer state and generator state when given); returns the step. */
    public static long load(Path file, Parameters params, Optimization optimization) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no checkpoint at '" + file + "': the run has not finished an "
                    + "evaluation yet; train it (longer) first");
        }
        InputArchive archive = new InputArchive();
        try {
            archive.load_from(file.toString());
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
            IValue step = new IValue();
            archive.read("step", step);
            return step.toInt();
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidInputException("checkpoint '" + file + "' is unreadable or corrupt ("
                    + firstLine(e.getMessage()) + "): restore it or train again");
        }
    }

    /**
     * Refuses a file whose model tensors, as loaded into {@code params}, do not reproduce the checksum saved
     * with them: libtorch reads a damaged archive without complaint, giving wrong samples and figures. A
     * checkpoint saved before checksums has none to compare with and loads as before.
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
