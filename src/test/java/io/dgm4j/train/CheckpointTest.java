package io.dgm4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint's checksum: damage inside a stored tensor is refused, and files saved before checksums still load. */
class CheckpointTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** Float weights and a long buffer (a fixed permutation), as models save them. */
    private static Parameters model(long seed) {
        Engine.seed(seed);
        Parameters p = new Parameters();
        p.add("w", torch.randn(64, 32));
        p.addBuffer("order", torch.randperm(97));
        return p;
    }

    @Test
    void aRoundTripRestoresEveryTensorAndTheStep() {
        Parameters saved = model(1);
        Path file = tmp.resolve("model.pt");
        Checkpoint.save(file, saved, null, 7);
        Parameters loaded = model(2);
        assertEquals(7, Checkpoint.load(file, loaded, null));
        assertArrayEquals(Tensors.toFloats(saved.get("w")), Tensors.toFloats(loaded.get("w")));
        assertArrayEquals(Tensors.toFloats(saved.buffers().get("order")), Tensors.toFloats(loaded.buffers().get("order")));
        assertEquals(saved.checksum(), loaded.checksum());
    }

    @Test
    void aWeightChangedInsideTheFileIsRefused() throws IOException {
        Parameters saved = model(1);
        Path file = tmp.resolve("model.pt");
        Checkpoint.save(file, saved, null, 7);
        // The lowest mantissa bit of one weight: still a finite number, so only the checksum can tell.
        flipByte(file, floatBytes(Tensors.toFloats(saved.get("w"))), 100 * Float.BYTES);
        assertNotEquals(Tensors.toFloats(saved.get("w"))[100], rawWeights(file)[100], "libtorch reads the damage silently");
        assertRefusedAsCorrupt(file);
    }

    @Test
    void aChangedLongBufferIsRefused() throws IOException {
        Parameters saved = model(1);
        Path file = tmp.resolve("model.pt");
        Checkpoint.save(file, saved, null, 7);
        long[] order = new long[97];
        float[] asFloats = Tensors.toFloats(saved.buffers().get("order"));
        for (int i = 0; i < order.length; i++) {
            order[i] = (long) asFloats[i];
        }
        ByteBuffer bytes = ByteBuffer.allocate(order.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(order);
        flipByte(file, bytes.array(), 40 * Long.BYTES);
        assertRefusedAsCorrupt(file);
    }

    /** The generator state (as any state beside the model's tensors) is covered too: a resumed run would go another way. */
    @Test
    void aChangedGeneratorStateIsRefused() throws IOException {
        Parameters saved = model(1);
        Path file = tmp.resolve("model.pt");
        Tensor state = torch.getDefaultCPUGenerator().get_state();
        byte[] stateBytes = new byte[(int) state.nbytes()];
        new BytePointer(state.data_ptr()).get(stateBytes);
        Checkpoint.save(file, saved, null, 7);
        flipByte(file, stateBytes, stateBytes.length / 2);
        assertRefusedAsCorrupt(file);
    }

    /**
     * Checkpoints written before the wrapper hold the archive itself with the model tensors' checksum: they
     * load as before, and damage to the model's tensors is still refused.
     */
    @Test
    void aCheckpointWithOnlyTheModelChecksumStillLoadsAndIsChecked() throws IOException {
        Parameters saved = model(1);
        Path file = tmp.resolve("unwrapped.pt");
        writeUnwrapped(file, saved, 6, true);
        assertEquals(6, Checkpoint.step(file));
        assertEquals(6, Checkpoint.load(file, model(2), null));

        flipByte(file, floatBytes(Tensors.toFloats(saved.get("w"))), 100 * Float.BYTES);
        assertRefusedAsCorrupt(file);
    }

    /** Checkpoints written before checksums existed hold no checksum entry: they load as before. */
    @Test
    void aCheckpointWithoutAChecksumStillLoads() {
        Parameters saved = model(1);
        Path file = tmp.resolve("old.pt");
        writeUnwrapped(file, saved, 5, false);

        Parameters loaded = model(2);
        assertEquals(5, Checkpoint.load(file, loaded, null));
        assertArrayEquals(Tensors.toFloats(saved.get("w")), Tensors.toFloats(loaded.get("w")));
    }

    /** A checkpoint as saved before the wrapper: the archive itself, with or (older still) without model_checksum. */
    private static void writeUnwrapped(Path file, Parameters saved, long step, boolean withModelChecksum) {
        OutputArchive archive = new OutputArchive();
        OutputArchive modelArchive = new OutputArchive();
        saved.save(modelArchive);
        archive.write("model", modelArchive);
        if (withModelChecksum) {
            archive.write(Checkpoint.CHECKSUM, new IValue(saved.checksum()));
        }
        archive.write("step", new IValue(step));
        archive.write("rng", torch.getDefaultCPUGenerator().get_state());
        archive.save_to(file.toString());
    }

    private static void assertRefusedAsCorrupt(Path file) {
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> Checkpoint.load(file, model(2), null));
        String message = refused.getMessage();
        assertTrue(message.contains(file.toString()) && message.contains("is corrupt") && message.contains("checksum")
                && message.contains("restore it or train again"), message);
        assertEquals(1, message.lines().count(), message);
    }

    /** XORs the byte at {@code offset} of the one place in the file that stores {@code tensorBytes}. */
    private static void flipByte(Path file, byte[] tensorBytes, int offset) throws IOException {
        byte[] content = Files.readAllBytes(file);
        int at = indexOf(content, tensorBytes);
        assertTrue(at >= 0, "the tensor's bytes are stored as they are (an uncompressed zip entry)");
        content[at + offset] ^= 1;
        Files.write(file, content);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] floatBytes(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    /** The stored weights as libtorch reads them, without any of Checkpoint's checks. */
    /** The weights as libtorch reads them from the wrapped archive, unchecked. */
    private static float[] rawWeights(Path file) {
        InputArchive wrapper = new InputArchive();
        wrapper.load_from(file.toString());
        Tensor content = new Tensor();
        wrapper.read(Checkpoint.CONTENT, content);
        InputArchive archive = new InputArchive();
        archive.load_from(new BytePointer(content.data_ptr()), content.nbytes());
        InputArchive modelArchive = new InputArchive();
        archive.read("model", modelArchive);
        Tensor w = new Tensor();
        modelArchive.read("w", w);
        return Tensors.toFloats(w);
    }
}
