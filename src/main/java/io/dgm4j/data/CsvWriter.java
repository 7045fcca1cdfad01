package io.dgm4j.data;

import io.dgm4j.InvalidInputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A numeric CSV written row block by row block, so that a file of any length needs the memory of
 * one block only, and atomically: the rows go to a temporary file beside the target, which
 * {@link #commit} moves over it; closing without a commit (a failure half way) deletes it, and
 * the target keeps what it held.
 */
public final class CsvWriter implements AutoCloseable {
    private final Path path;
    private final Path temp;
    private final BufferedWriter writer;
    private final int columns;
    private final StringBuilder line = new StringBuilder();
    private boolean committed;

    private CsvWriter(Path path, Path temp, BufferedWriter writer, int columns) {
        this.path = path;
        this.temp = temp;
        this.writer = writer;
        this.columns = columns;
    }

    /**
     * @param header  column names, or null for no header line
     * @param columns values per row (a label, where {@link #append} is given labels, comes after them)
     */
    public static CsvWriter create(Path path, String[] header, int columns) {
        Path temp = null;
        try {
            temp = AtomicFiles.createTempBeside(path);
            CsvWriter csv = new CsvWriter(path, temp, Files.newBufferedWriter(temp, StandardCharsets.UTF_8), columns);
            if (header != null) {
                csv.writer.write(String.join(",", header));
                csv.writer.newLine();
            }
            return csv;
        } catch (IOException e) {
            if (temp != null) {
                AtomicFiles.deleteQuietly(temp);
            }
            throw cannotWrite(path, e);
        }
    }

    /** Rows of {@link #columns} values each, row-major; each followed by its label where {@code labels} is not null. */
    public void append(float[] values, int[] labels) {
        try {
            for (int i = 0; i < values.length / columns; i++) {
                line.setLength(0);
                for (int j = 0; j < columns; j++) {
                    if (j > 0) {
                        line.append(',');
                    }
                    // Float.toString is the shortest text that parses back to the same float.
                    line.append(values[i * columns + j]);
                }
                if (labels != null) {
                    line.append(',').append(labels[i]);
                }
                writer.write(line.toString());
                writer.newLine();
            }
        } catch (IOException e) {
            throw cannotWrite(path, e);
        }
    }

    /** Puts the complete file in place of the target. */
    public void commit() {
        try {
            writer.close();
            AtomicFiles.replace(temp, path);
            committed = true;
        } catch (IOException e) {
            throw cannotWrite(path, e);
        }
    }

    /** Without a {@link #commit}: discards the partial file. */
    @Override
    public void close() {
        if (!committed) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // The temporary file is deleted next; the failure that got us here is the one to report.
            }
            AtomicFiles.deleteQuietly(temp);
        }
    }

    private static InvalidInputException cannotWrite(Path path, IOException e) {
        return new InvalidInputException("cannot write '" + path + "' (" + AtomicFiles.describe(e)
                + "): check that its folder is writable and the disk is not full");
    }
}
