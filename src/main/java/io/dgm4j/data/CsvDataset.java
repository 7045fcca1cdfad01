package io.dgm4j.data;

import io.dgm4j.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Numeric CSV files: one example per line, comma-separated, optional header line. The header is
 * detected rather than declared: if any field of the first non-blank line is not a number, the
 * line is a header. Blank lines are skipped and spaces around fields are ignored. A header column
 * named {@code label} holds each row's class (a whole number from 0): it becomes the dataset's labels,
 * not a coordinate, so a conditional GAN can read a user's classes and other models ignore them.
 */
public final class CsvDataset {
    /** Plain decimal numbers only: NaN, Infinity, hex floats and Java's "1f" suffix are rejected. */
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** The header name of the column of class labels. */
    public static final String LABEL_COLUMN = "label";

    private CsvDataset() {
    }

    /** Reads all rows; the dataset is named after the file and has example shape {columns}. */
    public static Dataset read(Path path) {
        checkReadable(path);
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(path, reader);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("data file '" + path + "' is not UTF-8 text: save it as plain UTF-8 CSV");
        } catch (AccessDeniedException e) {
            throw new InvalidInputException("data file '" + path + "' cannot be read: check its permissions");
        } catch (IOException e) {
            throw new InvalidInputException("data file '" + path + "' cannot be read (" + AtomicFiles.describe(e)
                    + "): check the file and its permissions");
        }
    }

    /**
     * Writes {@code data} as CSV, atomically: readers see either the old file or the complete new one.
     *
     * @param header column names, or null for no header line; a labelled dataset's rows end in their label,
     *               and its header in {@link #LABEL_COLUMN}, so that {@link #read} gives the labels back
     */
    public static void write(Path path, String[] header, Dataset data) {
        int columns = data.dimension() + (data.labels() != null ? 1 : 0);
        if (header != null && header.length != columns) {
            throw new IllegalArgumentException(header.length + " header names for " + columns + " columns");
        }
        if (data.labels() != null && (header == null || !header[columns - 1].equals(LABEL_COLUMN))) {
            throw new IllegalArgumentException("a labelled dataset's header ends in " + LABEL_COLUMN);
        }
        try (CsvWriter csv = CsvWriter.create(path, header, data.dimension())) {
            csv.append(data.values(), data.labels());
            csv.commit();
        }
    }

    private static void checkReadable(Path path) {
        if (!Files.exists(path)) {
            throw new InvalidInputException("data file '" + path + "' not found: check the path");
        }
        if (Files.isDirectory(path)) {
            throw new InvalidInputException("data file '" + path + "' is a folder: give the path of a .csv file");
        }
        if (!Files.isReadable(path)) {
            throw new InvalidInputException("data file '" + path + "' cannot be read: check its permissions");
        }
    }

    private static Dataset parse(Path path, BufferedReader reader) throws IOException {
        FloatBuffer values = new FloatBuffer();
        int columns = -1;
        int firstDataLine = -1;
        boolean sawHeader = false;
        int labelColumn = -1;
        FloatBuffer labels = new FloatBuffer();
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (columns < 0 && !sawHeader && !allNumeric(fields)) {
                sawHeader = true;
                columns = fields.length;
                labelColumn = labelColumn(path, fields);
                continue;
            }
            if (columns < 0) {
                columns = fields.length;
            }
            if (fields.length != columns) {
                String reference = firstDataLine > 0 ? "line " + firstDataLine : "the header";
                throw new InvalidInputException("data file '" + path + "' line " + lineNumber + " has " + fields.length
                        + " columns, expected " + columns + " like " + reference + ": make every row the same length");
            }
            if (firstDataLine < 0) {
                firstDataLine = lineNumber;
            }
            for (int column = 0; column < fields.length; column++) {
                float value = parseValue(path, lineNumber, column + 1, fields[column].trim());
                if (column == labelColumn) {
                    labels.add(label(path, lineNumber, column + 1, fields[column].trim(), value));
                } else {
                    values.add(value);
                }
            }
        }
        if (firstDataLine < 0) {
            String what = sawHeader ? "has a header but no data rows" : "is empty";
            throw new InvalidInputException("data file '" + path + "' " + what + ": give a CSV file with at least one row of numbers");
        }
        String name = String.valueOf(path.getFileName());
        if (labelColumn < 0) {
            return Dataset.tabular(name, values.toArray(), columns);
        }
        if (columns == 1) {
            throw new InvalidInputException("data file '" + path + "' has only its label column: add the "
                    + "coordinates of each example as further columns");
        }
        float[] read = labels.toArray();
        int[] rowLabels = new int[read.length];
        for (int i = 0; i < read.length; i++) {
            rowLabels[i] = (int) read[i];
        }
        return new Dataset(name, values.toArray(), rowLabels.length, new int[] {columns - 1}, rowLabels);
    }

    /** The index of the header's label column, or -1 without one. */
    private static int labelColumn(Path path, String[] header) {
        int found = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equalsIgnoreCase(LABEL_COLUMN)) {
                if (found >= 0) {
                    throw new InvalidInputException("data file '" + path + "' has two columns named '" + LABEL_COLUMN
                            + "' (" + (found + 1) + " and " + (i + 1) + "): rename one of them");
                }
                found = i;
            }
        }
        return found;
    }

    /** The label {@code value} after checking it is a class: whole and from 0 (kept as a float until the end). */
    private static float label(Path path, int line, int column, String field, float value) {
        if (value < 0 || value != Math.rint(value) || value > Integer.MAX_VALUE) {
            throw new InvalidInputException(where(path, line, column) + " has label '" + field + "': labels are "
                    + "classes 0, 1, 2, ...; give whole numbers from 0 (or rename the column if it is a coordinate)");
        }
        return value;
    }

    private static boolean allNumeric(String[] fields) {
        return Arrays.stream(fields).allMatch(field -> decimal(field.trim()) != null);
    }

    /**
     * The value of a plain decimal number (sign, digits, point, exponent), else null. Float.parseFloat
     * alone would also take NaN, Infinity, hex floats and a trailing f or d, so only characters of the
     * decimal grammar are let through to it, which then checks their order. (A regular expression per
     * field made reading a 2000 x 784 file take about a second.)
     */
    private static Float decimal(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E')) {
                return null;
            }
        }
        try {
            return Float.parseFloat(field);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static float parseValue(Path path, int line, int column, String field) {
        Float value = decimal(field);
        if (value == null) {
            String shown = field.isEmpty() ? "an empty value" : "non-numeric value '" + field + "'";
            throw new InvalidInputException(where(path, line, column) + " has " + shown
                    + ": every field after the header must be a number");
        }
        if (value.isInfinite()) {
            throw new InvalidInputException(where(path, line, column) + " has value " + field
                    + ", outside the float range: rescale the data");
        }
        return value;
    }

    private static String where(Path path, int line, int column) {
        return "data file '" + path + "' line " + line + ", column " + column;
    }

    /** A growable float array, so parsing a large file does not box every value. */
    private static final class FloatBuffer {
        private float[] data = new float[1024];
        private int length;

        void add(float value) {
            if (length == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[length++] = value;
        }

        float[] toArray() {
            return Arrays.copyOf(data, length);
        }
    }
}
