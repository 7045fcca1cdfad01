package io.dgm4j.report;

import io.dgm4j.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A numeric CSV as written into a run folder: one header row, then rows of numbers.
 * Empty cells (e.g. val_nll on steps that were not evaluated) read as NaN. Anything else that is
 * not a number is a user-facing error, because a report silently built from half a file misleads.
 */
public final class CsvTable {
    private final Path source;
    private final List<String> columns;
    private final double[][] values; // [column][row]

    private CsvTable(Path source, List<String> columns, double[][] values) {
        this.source = source;
        this.columns = columns;
        this.values = values;
    }

    /** Reads {@code file}; throws a one-line {@link InvalidInputException} if it is missing or malformed. */
    public static CsvTable read(Path file) {
        return parse(file, readText(file).lines().toList());
    }

    /**
     * Reads a log that a run appends to row by row (metrics.csv). Every row it writes ends in a
     * newline, so a last row without one was cut off mid-write (a run still writing, or killed):
     * it is left out with a warning, so that a live or crashed run still gets its report.
     */
    public static CsvTable readLog(Path file) {
        String text = readText(file);
        if (text.isBlank()) {
            throw new InvalidInputException("metrics log '" + file + "' is empty: it should start with its header row "
                    + "(step,epoch,...); restore it, or train the run again");
        }
        int end = text.lastIndexOf('\n') + 1;
        if (end < text.length() && end > 0) {
            System.err.println("warning: the last row of '" + file + "' is cut off (a run still writing it, "
                    + "or stopped mid-write): it is left out");
            text = text.substring(0, end);
        }
        return parse(file, text.lines().toList());
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    private static CsvTable parse(Path file, List<String> lines) {
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) first++;
        if (first == lines.size()) {
            throw new InvalidInputException("'" + file + "' is empty: expected a header row such as 'x,y'");
        }
        List<String> header = new ArrayList<>();
        for (String name : split(stripBom(lines.get(first)))) header.add(unquote(name.trim()));
        for (String name : header) {
            if (name.isEmpty()) {
                throw new InvalidInputException("'" + file + "' line " + (first + 1) + ": empty column name in the header");
            }
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = first + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] cells = split(line);
            if (cells.length != header.size()) {
                throw new InvalidInputException("'" + file + "' line " + (i + 1) + ": " + cells.length
                        + " cells but the header has " + header.size() + " columns");
            }
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) row[c] = parseCell(cells[c], file, i + 1, header.get(c));
            rows.add(row);
        }
        double[][] byColumn = new double[header.size()][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < header.size(); c++) byColumn[c][r] = rows.get(r)[c];
        }
        return new CsvTable(file, Collections.unmodifiableList(header), byColumn);
    }

    public Path source() {
        return source;
    }

    /** Column names in file order. */
    public List<String> columns() {
        return columns;
    }

    public int rowCount() {
        return values.length == 0 ? 0 : values[0].length;
    }

    public boolean has(String column) {
        return columns.contains(column);
    }

    /** The values of {@code column} (a copy), NaN where the cell was empty. */
    public double[] column(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new InvalidInputException("'" + source + "' has no column '" + column + "' (columns: "
                    + String.join(",", columns) + ")");
        }
        return values[index].clone();
    }

    private static String[] split(String line) {
        // -1 keeps trailing empty cells: "3,1,2.5,,0.001" has five cells, the fourth empty.
        return line.split(",", -1);
    }

    private static double parseCell(String raw, Path file, int lineNumber, String column) {
        String cell = unquote(raw.trim());
        if (cell.isEmpty()) return Double.NaN;
        // Python and numpy write nan / inf / -inf; Java's parser only knows NaN / Infinity.
        switch (cell.toLowerCase()) {
            case "nan": return Double.NaN;
            case "inf": case "+inf": case "infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("'" + file + "' line " + lineNumber + ": '" + abbreviate(cell)
                    + "' in column '" + column + "' is not a number");
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
