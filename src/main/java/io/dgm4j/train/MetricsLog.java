package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** metrics.csv: one row per evaluation, columns step, epoch, the objective's metrics, lr, elapsed_s. */
public final class MetricsLog {
    private final Path file;
    private final List<String> columns;

    public MetricsLog(Path file, List<String> metricColumns) {
        this.file = file;
        this.columns = new ArrayList<>();
        columns.add("step");
        columns.add("epoch");
        columns.addAll(metricColumns);
        columns.add("lr");
        columns.add("elapsed_s");
    }

    /** Starts a fresh log with just the header. */
    public void create() {
        RunFolder.writeAtomically(file, String.join(",", columns) + "\n");
    }

    /**
     * Drops rows written after {@code step} (they belong to training that the checkpoint does not hold),
     * and a last row without its newline (cut off when the run was stopped mid-write).
     */
    public double truncateAfter(long step) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("metrics log '" + file + "' is missing, and resuming appends to it: "
                    + "restore it, or train again with a new --out");
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.indexOf('\n') < 0) {
                throw new InvalidInputException("metrics log '" + file + "' is empty or has lost its header "
                        + "row, and resuming appends to it: restore it, or train again with a new --out");
            }
            List<String> lines = text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
            StringBuilder kept = new StringBuilder(lines.get(0)).append('\n');
            double elapsed = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (Long.parseLong(cells[0]) <= step) {
                    kept.append(line).append('\n');
                    elapsed = Double.parseDouble(cells[cells.length - 1]);
                }
            }
            RunFolder.writeAtomically(file, kept.toString());
            return elapsed;
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("cannot read metrics log '" + file + "' to resume: "
                    + e.getMessage());
        }
    }

    public void append(long step, double epoch, Map<String, Double> metrics, double lr, double elapsedSeconds) {
        StringBuilder row = new StringBuilder();
        row.append(step).append(',').append(format(epoch));
        for (String c : columns.subList(2, columns.size() - 2)) {
            Double v = metrics.get(c);
            row.append(',').append(v == null ? "" : format(v));
        }
        row.append(',').append(format(lr)).append(',').append(String.format(Locale.ROOT, "%.3f", elapsedSeconds));
        try {
            Files.writeString(file, row.append('\n'), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** Full precision (round-trips exactly), so identical runs give identical files. */
    private static String format(double v) {
        return Double.toString(v);
    }
}
