package io.dgm4j.report;

/**
 * Fixed axis ranges for a 2-D plot. Data and samples plots are drawn with the same limits so the
 * eye compares shapes, not XChart's auto-ranging.
 */
public record AxisLimits(double xMin, double xMax, double yMin, double yMax) {

    public AxisLimits {
        if (!(xMin < xMax) || !(yMin < yMax)) {
            throw new IllegalArgumentException("empty axis range: " + xMin + ".." + xMax + ", " + yMin + ".." + yMax);
        }
    }

    /**
     * Square limits (same span on both axes, so circles look like circles) that cover the central
     * 99% of every given point cloud plus a 5% margin. Percentiles instead of min/max so that a
     * handful of diverging samples does not shrink the real data into a dot.
     *
     * @param clouds pairs {x[], y[]}; NaN and infinite coordinates are ignored
     */
    public static AxisLimits squareCovering(double[][]... clouds) {
        double xLo = Double.POSITIVE_INFINITY, xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY, yHi = Double.NEGATIVE_INFINITY;
        for (double[][] cloud : clouds) {
            double[] xs = finite(cloud[0]);
            double[] ys = finite(cloud[1]);
            if (xs.length == 0 || ys.length == 0) continue;
            xLo = Math.min(xLo, percentile(xs, 0.005));
            xHi = Math.max(xHi, percentile(xs, 0.995));
            yLo = Math.min(yLo, percentile(ys, 0.005));
            yHi = Math.max(yHi, percentile(ys, 0.995));
        }
        if (xLo > xHi || yLo > yHi) return new AxisLimits(-1, 1, -1, 1);
        double half = Math.max(xHi - xLo, yHi - yLo) / 2 * 1.05;
        if (!(half > 0)) half = 1; // all points identical: show a unit box around them
        double cx = (xLo + xHi) / 2, cy = (yLo + yHi) / 2;
        return new AxisLimits(cx - half, cx + half, cy - half, cy + half);
    }

    private static double[] finite(double[] values) {
        return java.util.Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    }

    /** Linear-interpolated percentile of sorted values, q in [0,1]. */
    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
