package io.dgm4j.report;

import io.dgm4j.InvalidInputException;

/**
 * log_density on a regular 2-D grid, read from density.csv (columns x,y,log_density).
 * The writer may emit x fastest (row-major in y) or y fastest; {@link #from} detects which and
 * normalises to ascending xs and ys with {@code logDensity[iy][ix]}.
 */
public record DensityCsv(double[] xs, double[] ys, double[][] logDensity) {

    public int nx() {
        return xs.length;
    }

    public int ny() {
        return ys.length;
    }

    public static DensityCsv from(CsvTable table) {
        double[] x = table.column("x");
        double[] y = table.column("y");
        double[] logp = table.column("log_density");
        int n = x.length;
        String where = "'" + table.source() + "'";
        if (n < 4) throw new InvalidInputException(where + " has " + n + " rows: a density grid needs at least 2x2 points");

        // The fastest-varying coordinate changes between the first two rows; the other one stays
        // constant for a whole run of rows whose length is the fast axis' size.
        boolean xFastest = x[1] != x[0];
        double[] fast = xFastest ? x : y;
        double[] slow = xFastest ? y : x;
        int fastCount = 1;
        while (fastCount < n && slow[fastCount] == slow[0]) fastCount++;
        if (fastCount < 2 || n % fastCount != 0 || n / fastCount < 2) {
            throw new InvalidInputException(where + " is not a regular grid: " + n
                    + " rows do not split into runs of " + fastCount + " points with constant "
                    + (xFastest ? "y" : "x"));
        }
        int slowCount = n / fastCount;
        double[] fastAxis = new double[fastCount];
        double[] slowAxis = new double[slowCount];
        for (int i = 0; i < fastCount; i++) fastAxis[i] = fast[i];
        for (int j = 0; j < slowCount; j++) slowAxis[j] = slow[j * fastCount];
        requireStrictlyMonotone(fastAxis, where, xFastest ? "x" : "y");
        requireStrictlyMonotone(slowAxis, where, xFastest ? "y" : "x");

        int nx = xFastest ? fastCount : slowCount;
        int ny = xFastest ? slowCount : fastCount;
        double[][] grid = new double[ny][nx];
        for (int j = 0; j < slowCount; j++) {
            for (int i = 0; i < fastCount; i++) {
                double v = logp[j * fastCount + i];
                if (xFastest) grid[j][i] = v; else grid[i][j] = v;
            }
        }
        double[] xs = xFastest ? fastAxis : slowAxis;
        double[] ys = xFastest ? slowAxis : fastAxis;
        // Normalise to ascending axes so that image row 0 can always be the top (largest y).
        if (xs[0] > xs[nx - 1]) {
            reverse(xs);
            for (double[] row : grid) reverse(row);
        }
        if (ys[0] > ys[ny - 1]) {
            reverse(ys);
            for (int a = 0, b = ny - 1; a < b; a++, b--) {
                double[] t = grid[a]; grid[a] = grid[b]; grid[b] = t;
            }
        }
        return new DensityCsv(xs, ys, grid);
    }

    private static void requireStrictlyMonotone(double[] axis, String where, String name) {
        boolean up = axis[1] > axis[0];
        for (int i = 1; i < axis.length; i++) {
            if (up ? !(axis[i] > axis[i - 1]) : !(axis[i] < axis[i - 1])) {
                throw new InvalidInputException(where + " is not a regular grid: " + name
                        + " values are not monotone within a run (" + axis[i - 1] + " then " + axis[i] + ")");
            }
        }
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i]; a[i] = a[j]; a[j] = t;
        }
    }
}
