package io.dgm4j.data;

import static io.dgm4j.data.ErrorAssertions.assertUserError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    @TempDir
    Path dir;

    @Test
    void mnist10kSplitsTheTestImages8000To2000() {
        TrainTestSplit split = Mnist.load("mnist10k", SharedMnist.DIR);
        assertEquals(8000, split.train().size());
        assertEquals(2000, split.test().size());
        assertArrayEquals(new int[] {1, 28, 28}, split.train().exampleShape());
        assertEquals(784, split.train().dimension());
        assertEquals(7, split.train().labels()[0]);
        assertEquals(2000, split.test().labels().length);
    }

    @Test
    void fullMnistReadsRawTrainingFilesAndGzippedTestFiles() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxReaderTest.gunzip(SharedMnist.T10K_IMAGES));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxReaderTest.gunzip(SharedMnist.T10K_LABELS));
        Files.copy(SharedMnist.T10K_IMAGES, dir.resolve("t10k-images-idx3-ubyte.gz"));
        Files.copy(SharedMnist.T10K_LABELS, dir.resolve("t10k-labels-idx1-ubyte.gz"));
        TrainTestSplit split = Mnist.load("MNIST", dir);
        assertEquals(10_000, split.train().size());
        assertEquals(10_000, split.test().size());
        assertArrayEquals(split.train().values(), split.test().values());
    }

    @Test
    void missingTrainingFilesNameTheFileFolderAndFix() {
        String message = assertUserError(() -> Mnist.load("mnist", SharedMnist.DIR), "train-images-idx3-ubyte.gz",
                SharedMnist.DIR.toAbsolutePath().normalize().toString(), "--data-dir", Mnist.DATA_DIR_ENV, "download");
        assertEquals(-1, message.indexOf("t10k"));
    }

    @Test
    void imageAndLabelCountsMustMatch() throws IOException {
        Files.copy(SharedMnist.T10K_IMAGES, dir.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = IdxReaderTest.gunzip(SharedMnist.T10K_LABELS);
        byte[] fewer = Arrays.copyOf(labels, 8 + 5);
        ByteBuffer.wrap(fewer).putInt(4, 5); // the header's label count, after the 4-byte magic
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), fewer);
        assertUserError(() -> Mnist.load("mnist10k", dir), "10000 images", "5 labels", "re-download");
    }

    @Test
    void unknownVariantIsAUserError() {
        assertUserError(() -> Mnist.load("mnist5", dir), "'mnist5'", "mnist10k");
    }

    @Test
    void dataDirComesFromOptionThenEnvironmentThenDefault() {
        Map<String, String> env = Map.of(Mnist.DATA_DIR_ENV, "/from/env");
        assertEquals(Paths.get("/opt"), Mnist.resolveDataDir("/opt", env));
        assertEquals(Paths.get("/from/env"), Mnist.resolveDataDir(null, env));
        assertEquals(Paths.get("data/mnist"), Mnist.resolveDataDir(null, Map.of()));
    }
}
