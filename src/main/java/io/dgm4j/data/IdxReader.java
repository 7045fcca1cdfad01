package io.dgm4j.data;

import io.dgm4j.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of the MNIST files: a big-endian header (magic number, then one 32-bit
 * extent per dimension) followed by unsigned bytes. Gzip compression is detected from the
 * content's first two bytes, not the file name, so renamed files still load.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    /** Images as row-major pixels scaled to [0, 1] (pixel / 255). */
    public record Images(float[] pixels, int count, int rows, int cols) {
    }

    private IdxReader() {
    }

    public static Images readImages(Path path) {
        ByteBuffer content = ByteBuffer.wrap(readContent(path));
        checkMagic(path, content, IMAGES_MAGIC, "image");
        int count = readExtent(path, content, "image count");
        int rows = readExtent(path, content, "row count");
        int cols = readExtent(path, content, "column count");
        checkDataLength(path, content, (long) count * rows * cols);
        float[] pixels = new float[count * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (content.get() & 0xFF) / 255f;
        }
        return new Images(pixels, count, rows, cols);
    }

    public static int[] readLabels(Path path) {
        ByteBuffer content = ByteBuffer.wrap(readContent(path));
        checkMagic(path, content, LABELS_MAGIC, "label");
        int count = readExtent(path, content, "label count");
        checkDataLength(path, content, count);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = content.get() & 0xFF;
        }
        return labels;
    }

    /** The file's bytes, decompressed when they start with the gzip magic 0x1f 0x8b. */
    private static byte[] readContent(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException("IDX file '" + path + "' not found: check the path or re-download it");
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new InvalidInputException("IDX file '" + path + "' cannot be read (" + AtomicFiles.describe(e)
                    + "): check its permissions");
        }
        boolean gzipped = raw.length >= 2 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b;
        if (!gzipped) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidInputException("IDX file '" + path + "' is a corrupt or truncated gzip file ("
                    + AtomicFiles.describe(e) + "): re-download it");
        }
    }

    private static void checkMagic(Path path, ByteBuffer content, int expected, String kind) {
        requireHeader(path, content, 4);
        int magic = content.getInt();
        if (magic != expected) {
            throw new InvalidInputException(String.format("IDX file '%s' has magic number 0x%08x, expected 0x%08x for an IDX %s file: "
                    + "check that it is the right file, or re-download it", path, magic, expected, kind));
        }
    }

    private static int readExtent(Path path, ByteBuffer content, String what) {
        requireHeader(path, content, 4);
        int extent = content.getInt();
        if (extent < 0) {
            throw new InvalidInputException("IDX file '" + path + "' has a negative " + what + " (" + extent
                    + ") in its header: the file is corrupt; re-download it");
        }
        return extent;
    }

    private static void requireHeader(Path path, ByteBuffer content, int bytes) {
        if (content.remaining() < bytes) {
            throw new InvalidInputException("IDX file '" + path + "' is truncated inside its header ("
                    + content.limit() + " bytes in all): re-download it");
        }
    }

    private static void checkDataLength(Path path, ByteBuffer content, long expected) {
        long found = content.remaining();
        if (expected > Integer.MAX_VALUE) {
            throw new InvalidInputException("IDX file '" + path + "' declares " + expected
                    + " bytes of data, more than can be loaded: the header is corrupt; re-download it");
        }
        if (found < expected) {
            throw new InvalidInputException("IDX file '" + path + "' is truncated: expected " + expected
                    + " bytes of data, found " + found + "; re-download it");
        }
        if (found > expected) {
            throw new InvalidInputException("IDX file '" + path + "' has " + (found - expected) + " bytes after the "
                    + expected + " bytes of data its header declares: the file is corrupt; re-download it");
        }
    }
}
