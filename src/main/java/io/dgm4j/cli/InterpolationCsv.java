package io.dgm4j.cli;

import io.dgm4j.run.RunArtifacts;
import io.dgm4j.data.CsvDataset;
import io.dgm4j.data.Dataset;
import java.nio.file.Path;

/**
 * Decoded interpolation points of non-image data as CSV. Linear: pair, t and the point's
 * columns; spherical: the two angles phi, phi_prime (radians) and the point's columns.
 */
final class InterpolationCsv {
    private InterpolationCsv() {
    }

    static void write(Path file, float[] decoded, int d, boolean linear, int steps) {
        String[] columns = RunArtifacts.columnNames(d);
        String[] header = new String[d + 2];
        header[0] = linear ? "pair" : "phi";
        header[1] = linear ? "t" : "phi_prime";
        System.arraycopy(columns, 0, header, 2, d);
        int rows = decoded.length / d;
        float[] table = new float[rows * (d + 2)];
        for (int r = 0; r < rows; r++) {
            int outer = r / steps;
            int inner = r % steps;
            double fraction = inner / (double) (steps - 1);
            table[r * (d + 2)] = linear ? outer : (float) (outer / (double) (steps - 1) * Math.PI / 2);
            table[r * (d + 2) + 1] = (float) (linear ? fraction : fraction * Math.PI / 2);
            System.arraycopy(decoded, r * d, table, r * (d + 2) + 2, d);
        }
        CsvDataset.write(file, header, Dataset.tabular(file.getFileName().toString(), table, d + 2));
    }
}
