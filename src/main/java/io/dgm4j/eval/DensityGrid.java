package io.dgm4j.eval;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.tensor.Tensors;

/**
 * log p on a regular 2-D grid: for heatmaps, and to check that a density integrates to 1.
 * Row-major with x varying fastest: point (i, j) is (xs[i], ys[j]) at index j * nx + i.
 */
public record DensityGrid(double[] xs, double[] ys, double[] logDensity) {

    /** A grid over [xMin, xMax] x [yMin, yMax] with nx by ny points. */
    public static DensityGrid evaluate(ExactLogDensity model, double xMin, double xMax, double yMin, double yMax,
                                       int nx, int ny) {
        if (nx < 2 || ny < 2) {
            throw new InvalidInputException("a density grid needs at least 2 points per axis (got " + nx + "x" + ny + ")");
        }
        double[] xs = linspace(xMin, xMax, nx);
        double[] ys = linspace(yMin, yMax, ny);
        float[] points = new float[nx * ny * 2];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                points[2 * (j * nx + i)] = (float) xs[i];
                points[2 * (j * nx + i) + 1] = (float) ys[j];
            }
        }
        float[] logp = Tensors.toFloats(Likelihood.logProb(model, Tensors.of(points, (long) nx * ny, 2)));
        double[] out = new double[logp.length];
        for (int k = 0; k < logp.length; k++) {
            out[k] = logp[k];
        }
        return new DensityGrid(xs, ys, out);
    }

    /**
     * A grid that covers the given points with a margin of {@code marginFraction} of their range on
     * each side. An axis on which all points agree (constant data) still gets a small span, so the
     * grid stays a grid. points is [N, 2] row-major.
     */
    public static DensityGrid covering(ExactLogDensity model, float[] points, double marginFraction, int resolution) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int k = 0; k < points.length; k++) {
            lo[k % 2] = Math.min(lo[k % 2], points[k]);
            hi[k % 2] = Math.max(hi[k % 2], points[k]);
        }
        for (int axis = 0; axis < 2; axis++) {
            double range = hi[axis] - lo[axis];
            double minimum = 1e-3 * Math.max(1, Math.max(Math.abs(lo[axis]), Math.abs(hi[axis])));
            double pad = range >= minimum ? range * marginFraction : Math.max(range * marginFraction, minimum / 2);
            lo[axis] -= pad;
            hi[axis] += pad;
        }
        return evaluate(model, lo[0], hi[0], lo[1], hi[1], resolution, resolution);
    }

    /** The integral of p over the grid's rectangle by the midpoint rule. */
    public double integral() {
        double dx = xs[1] - xs[0];
        double dy = ys[1] - ys[0];
        double sum = 0;
        for (double lp : logDensity) {
            sum += Math.exp(lp);
        }
        return sum * dx * dy;
    }

    /** log of {@link #integral()}, computed stably (the grid may hold an unnormalised density such as exp(-U)). */
    public double logIntegral() {
        double max = Double.NEGATIVE_INFINITY;
        for (double lp : logDensity) {
            max = Math.max(max, lp);
        }
        double sum = 0;
        for (double lp : logDensity) {
            sum += Math.exp(lp - max);
        }
        return max + Math.log(sum * (xs[1] - xs[0]) * (ys[1] - ys[0]));
    }

    /** The same grid with the density divided by its integral over the grid, so that it integrates to 1 here. */
    public DensityGrid normalised() {
        double logZ = logIntegral();
        double[] out = new double[logDensity.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = logDensity[k] - logZ;
        }
        return new DensityGrid(xs, ys, out);
    }

    private static double[] linspace(double from, double to, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + (to - from) * i / (n - 1);
        }
        return v;
    }
}
