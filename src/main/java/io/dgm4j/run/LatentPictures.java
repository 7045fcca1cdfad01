package io.dgm4j.run;

import io.dgm4j.data.Dataset;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Pictures of what a latent variable model learned about image data: held-out examples beside
 * their reconstructions decode(encode(x)), and for a 2-D latent the manifold, the decoder means
 * over a regular grid of the prior's base noise mapped to z by the prior.
 */
public final class LatentPictures {
    /** reconstructions.png: 4 row pairs of 8 (examples, then their reconstructions). */
    static final int RECONSTRUCTED = 32;
    static final int RECONSTRUCTION_COLUMNS = 8;
    /**
     * manifold.png: 20x20 decoded z over the N(0, 1) quantiles 0.05 .. 0.95 of each coordinate of the
     * prior's base noise, mapped by the prior (a flow prior's mass lies elsewhere than N(0, I)'s).
     */
    static final int MANIFOLD_STEPS = 20;
    static final double LOWEST_QUANTILE = 0.05;
    static final double HIGHEST_QUANTILE = 0.95;

    private LatentPictures() {
    }

    /**
     * Rows of {@link #RECONSTRUCTION_COLUMNS} examples, each row followed by one of their
     * reconstructions; the number of examples must be a multiple of the row length.
     */
    static float[] reconstructions(LatentSpace model, Dataset examples) {
        if (examples.size() % RECONSTRUCTION_COLUMNS != 0) {
            throw new IllegalArgumentException("reconstructions take whole rows of " + RECONSTRUCTION_COLUMNS
                    + " examples, not " + examples.size());
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            float[] originals = examples.values();
            float[] decoded = Tensors.toFloats(model.decode(model.encode(RunArtifacts.tensor(examples))));
            int row = RECONSTRUCTION_COLUMNS * examples.dimension();
            float[] pairs = new float[2 * originals.length];
            for (int start = 0; start < originals.length; start += row) {
                System.arraycopy(originals, start, pairs, 2 * start, row);
                System.arraycopy(decoded, start, pairs, 2 * start + row, row);
            }
            return pairs;
        }
    }

    /**
     * The base-noise grid of the manifold, [steps * steps, 2], row-major as the picture is: eps1 rises
     * left to right, eps2 falls from the top row down (the usual orientation of a plane).
     */
    static Tensor quantileGrid(int steps) {
        double[] q = quantiles(steps);
        float[] z = new float[2 * steps * steps];
        for (int r = 0; r < steps; r++) {
            for (int c = 0; c < steps; c++) {
                z[2 * (r * steps + c)] = (float) q[c];
                z[2 * (r * steps + c) + 1] = (float) q[steps - 1 - r];
            }
        }
        return Tensors.of(z, steps * steps, 2);
    }

    /** The z grid of the manifold: {@link #quantileGrid} mapped by the model's prior, [steps * steps, 2]. */
    static Tensor manifoldLatents(LatentSpace model, int steps) {
        return model.latentFromNoise(quantileGrid(steps));
    }

    /** The decoder means at {@link #manifoldLatents}: [steps * steps] images. */
    static float[] manifold(LatentSpace model, int steps) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            return Tensors.toFloats(model.decode(manifoldLatents(model, steps)));
        }
    }

    /**
     * N(0, 1) quantiles at evenly spaced probabilities from LOWEST to HIGHEST: evenly spaced in
     * probability, so each cell covers the same prior mass. Phi^-1(p) = sqrt(2) erfinv(2p - 1).
     */
    static double[] quantiles(int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("a manifold needs at least 2 steps, got " + steps);
        }
        float[] p = new float[steps];
        for (int i = 0; i < steps; i++) {
            p[i] = (float) (LOWEST_QUANTILE + (HIGHEST_QUANTILE - LOWEST_QUANTILE) * i / (steps - 1));
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor probabilities = Tensors.of(p, steps).to(ScalarType.Double);
            Tensor q = probabilities.mul(new Scalar(2.0)).sub(new Scalar(1.0)).erfinv().mul(new Scalar(Math.sqrt(2)));
            double[] out = new double[steps];
            for (int i = 0; i < steps; i++) {
                out[i] = q.get(i).item_double();
            }
            return out;
        }
    }
}
