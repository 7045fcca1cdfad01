package io.dgm4j.data;

import io.dgm4j.InvalidInputException;

/**
 * Per-column affine rescaling to mean 0 and std 1, fitted on training data and reused on test
 * data and (inverted) on generated samples, so models train on well-scaled inputs while users see
 * results in the original units.
 */
public record Standardization(float[] mean, float[] std) {
    /** Below this a column is treated as constant and left unscaled, rather than divided by ~0. */
    private static final double MIN_STD = 1e-8;

    public Standardization {
        if (mean.length != std.length) {
            throw new IllegalArgumentException(mean.length + " means but " + std.length + " stds");
        }
    }

    /** Column means and population stds of {@code data}; constant columns get std 1. */
    public static Standardization fit(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot fit a standardization on the empty dataset '" + data.name() + "'");
        }
        int d = data.dimension();
        int n = data.size();
        float[] values = data.values();
        double[] sum = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                sum[j] += values[i * d + j];
            }
        }
        float[] mean = new float[d];
        double[] squares = new double[d];
        // Two passes (mean, then squared deviations) to avoid the cancellation of E[x^2] - E[x]^2.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double deviation = values[i * d + j] - sum[j] / n;
                squares[j] += deviation * deviation;
            }
        }
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) (sum[j] / n);
            double s = Math.sqrt(squares[j] / n);
            std[j] = s < MIN_STD ? 1f : (float) s;
        }
        return new Standardization(mean, std);
    }

    /** A standardized copy of {@code data}. */
    public Dataset apply(Dataset data) {
        checkDimension(data.dimension(), "dataset '" + data.name() + "'");
        int d = mean.length;
        float[] values = data.values();
        float[] out = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            int j = k % d;
            out[k] = (values[k] - mean[j]) / std[j];
        }
        return new Dataset(data.name(), out, data.size(), data.exampleShape(), data.labels());
    }

    /** Maps standardized rows (row-major, {@code d} per row) back to the original units, as a copy. */
    public float[] invert(float[] rowMajor, int d) {
        checkDimension(d, "data");
        if (rowMajor.length % d != 0) {
            throw new IllegalArgumentException(rowMajor.length + " values do not form rows of " + d);
        }
        float[] out = new float[rowMajor.length];
        for (int k = 0; k < rowMajor.length; k++) {
            int j = k % d;
            out[k] = rowMajor[k] * std[j] + mean[j];
        }
        return out;
    }

    private void checkDimension(int d, String what) {
        if (d != mean.length) {
            throw new InvalidInputException(what + " has " + d + " columns but the standardization was fitted on "
                    + mean.length + ": use data with the same columns as the training data");
        }
    }
}
