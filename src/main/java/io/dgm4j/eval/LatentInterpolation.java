package io.dgm4j.eval;

import io.dgm4j.models.LatentDecoder;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Walks through a model's latent space between encoded data points and decodes the path:
 * linear paths z(t) = (1 - t) z1 + t z2, and the two-angle grid of Dinh et al. (RealNVP, 2017,
 * "manifold" figure) z = cos(phi) (cos(phi') z1 + sin(phi') z2) + sin(phi) (cos(phi') z3 + sin(phi') z4),
 * phi, phi' in [0, pi/2]. The end points use exact 0/1 coefficients (cos(pi/2) in floating
 * point is 6e-17, not 0), so the ends of a path are the encoded points themselves.
 */
public final class LatentInterpolation {
    private LatentInterpolation() {
    }

    /**
     * Linear paths between rows of {@code from} and {@code to} (both [P, ...]): [P * steps, ...],
     * path p's points in rows p * steps ... p * steps + steps - 1.
     */
    public static Tensor linear(Tensor from, Tensor to, int steps) {
        requireSteps(steps);
        long pairs = from.size(0);
        float[] toWeight = new float[steps];
        float[] fromWeight = new float[steps];
        for (int k = 0; k < steps; k++) {
            double t = k / (double) (steps - 1);
            toWeight[k] = (float) t;
            fromWeight[k] = (float) (1 - t);
        }
        Tensor path = from.reshape(pairs, 1, -1).mul(Tensors.of(fromWeight, 1, steps, 1))
                .add(to.reshape(pairs, 1, -1).mul(Tensors.of(toWeight, 1, steps, 1)));
        return path.reshape(withRows(Tensors.shape(from), pairs * steps));
    }

    /**
     * The grid over (phi, phi') for four latent points {@code corners} [4, ...]: [steps * steps, ...],
     * row-major with phi down the rows and phi' across, so the grid's corners are z1 (top left),
     * z2 (top right), z3 (bottom left) and z4 (bottom right).
     */
    public static Tensor spherical(Tensor corners, int steps) {
        requireSteps(steps);
        if (corners.size(0) != 4) {
            throw new IllegalArgumentException("the spherical grid needs 4 latent points, got " + corners.size(0));
        }
        float[] coefficients = new float[steps * steps * 4];
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < steps; j++) {
                int row = 4 * (i * steps + j);
                coefficients[row] = (float) (cosine(i, steps) * cosine(j, steps));
                coefficients[row + 1] = (float) (cosine(i, steps) * sine(j, steps));
                coefficients[row + 2] = (float) (sine(i, steps) * cosine(j, steps));
                coefficients[row + 3] = (float) (sine(i, steps) * sine(j, steps));
            }
        }
        Tensor grid = torch.matmul(Tensors.of(coefficients, (long) steps * steps, 4), corners.reshape(4, -1));
        return grid.reshape(withRows(Tensors.shape(corners), (long) steps * steps));
    }

    /** Decoded linear paths between data rows {@code from} and {@code to}: [P * steps, ...event shape]. */
    public static Tensor linearPaths(LatentSpace model, Tensor from, Tensor to, int steps) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return model.decode(linear(model.encode(from), model.encode(to), steps));
        }
    }

    /**
     * Decoded linear paths between 2P fresh draws of the latent prior (path p from draw p to draw
     * P + p): [P * steps, ...event shape]. What a model without an encoder (a GAN) interpolates.
     */
    public static Tensor linearPathsBetweenDraws(LatentDecoder model, int pairs, int steps) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor ends = model.sampleLatent(2L * pairs);
            return model.decode(linear(ends.narrow(0, 0, pairs), ends.narrow(0, pairs, pairs), steps));
        }
    }

    /**
     * The decoded spherical grid through four fresh draws of the prior's base noise: [steps * steps,
     * ...event shape]. The grid is laid in the noise, where its norms mean what the scheme assumes.
     */
    public static Tensor sphericalGridBetweenDraws(LatentDecoder model, int steps) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return model.decode(model.latentFromNoise(spherical(model.priorNoise(4), steps)));
        }
    }

    /**
     * The decoded spherical grid through four data points [4, ...]: [steps * steps, ...event shape],
     * laid in the base noise of their codes (a flow prior's Gaussian, not the codes themselves).
     */
    public static Tensor sphericalGrid(LatentSpace model, Tensor four, int steps) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor noise = model.noiseFromLatent(model.encode(four));
            return model.decode(model.latentFromNoise(spherical(noise, steps)));
        }
    }

    /** cos(k / (steps - 1) * pi / 2), exactly 1 and 0 at the ends. */
    static double cosine(int k, int steps) {
        return k == 0 ? 1 : k == steps - 1 ? 0 : Math.cos(angle(k, steps));
    }

    /** sin(k / (steps - 1) * pi / 2), exactly 0 and 1 at the ends. */
    static double sine(int k, int steps) {
        return k == 0 ? 0 : k == steps - 1 ? 1 : Math.sin(angle(k, steps));
    }

    private static double angle(int k, int steps) {
        return k / (double) (steps - 1) * Math.PI / 2;
    }

    private static void requireSteps(int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("an interpolation needs at least 2 steps, got " + steps);
        }
    }

    private static long[] withRows(long[] shape, long rows) {
        long[] s = shape.clone();
        s[0] = rows;
        return s;
    }
}
