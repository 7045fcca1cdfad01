package io.dgm4j.data;

import static io.dgm4j.data.ErrorAssertions.assertUserError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    static byte[] gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheSharedTestImagesAndLabels() {
        IdxReader.Images images = IdxReader.readImages(SharedMnist.T10K_IMAGES);
        assertEquals(10_000, images.count());
        assertEquals(28, images.rows());
        assertEquals(28, images.cols());
        assertEquals(10_000 * 28 * 28, images.pixels().length);
        float max = 0;
        for (float p : images.pixels()) {
            assertTrue(p >= 0 && p <= 1);
            max = Math.max(max, p);
        }
        assertEquals(1f, max);
        int[] labels = IdxReader.readLabels(SharedMnist.T10K_LABELS);
        assertEquals(10_000, labels.length);
        assertEquals(7, labels[0]);
        assertTrue(Arrays.stream(labels).allMatch(label -> label >= 0 && label <= 9));
    }

    @Test
    void detectsGzipByContentNotName() throws IOException {
        Path raw = dir.resolve("labels.gz");
        Files.write(raw, gunzip(SharedMnist.T10K_LABELS));
        Path renamedGzip = dir.resolve("labels.idx");
        Files.copy(SharedMnist.T10K_LABELS, renamedGzip);
        int[] expected = IdxReader.readLabels(SharedMnist.T10K_LABELS);
        assertArrayEquals(expected, IdxReader.readLabels(raw));
        assertArrayEquals(expected, IdxReader.readLabels(renamedGzip));
    }

    @Test
    void truncatedDataIsReported() throws IOException {
        byte[] content = gunzip(SharedMnist.T10K_LABELS);
        Path file = dir.resolve("t10k-labels-idx1-ubyte");
        Files.write(file, Arrays.copyOf(content, content.length - 100));
        assertUserError(() -> IdxReader.readLabels(file), "IDX file '" + file + "' is truncated",
                "expected 10000 bytes of data, found 9900", "re-download");
        Path headerOnly = dir.resolve("short");
        Files.write(headerOnly, Arrays.copyOf(content, 6));
        assertUserError(() -> IdxReader.readLabels(headerOnly), headerOnly.toString(), "truncated");
    }

    @Test
    void badMagicIsReported() throws IOException {
        Path labelsAsImages = dir.resolve("labels");
        Files.copy(SharedMnist.T10K_LABELS, labelsAsImages);
        assertUserError(() -> IdxReader.readImages(labelsAsImages), labelsAsImages.toString(), "0x00000801", "0x00000803");
        Path text = dir.resolve("text");
        Files.writeString(text, "not an idx file at all");
        assertUserError(() -> IdxReader.readLabels(text), text.toString(), "magic number");
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        byte[] gz = Files.readAllBytes(SharedMnist.T10K_LABELS);
        Path file = dir.resolve("broken.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        assertUserError(() -> IdxReader.readLabels(file), file.toString(), "gzip", "re-download");
    }

    @Test
    void missingFileIsReported() {
        Path missing = dir.resolve("nothing");
        assertUserError(() -> IdxReader.readImages(missing), missing.toString(), "not found");
    }
}
