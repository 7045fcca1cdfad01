package io.dgm4j.models.flows;

import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The connectivity of a MADE (Germain et al. 2015). Every unit carries a degree: input feature i
 * has degree d(i) in 1..D (its position in the autoregressive order), a hidden unit's degree is
 * the largest input degree it may see, an output for feature i must see only inputs of degree
 * below d(i). A weight is kept when the unit it feeds has degree >= (hidden) or > (output) the
 * unit it reads. Random draws come from libtorch's generator, so a run's seed rebuilds the masks.
 */
public final class MadeDegrees {
    private MadeDegrees() {
    }

    /** Degrees 1..D in feature order: output i depends on features 0..i-1. */
    public static int[] natural(int dimension) {
        int[] degrees = new int[dimension];
        for (int i = 0; i < dimension; i++) {
            degrees[i] = i + 1;
        }
        return degrees;
    }

    /** A uniformly random order: a random permutation of 1..D. */
    public static int[] random(int dimension) {
        float[] perm = Tensors.toFloats(torch.randperm(dimension));
        int[] degrees = new int[dimension];
        for (int i = 0; i < dimension; i++) {
            degrees[i] = (int) perm[i] + 1;
        }
        return degrees;
    }

    /**
     * Hidden degrees as in the paper: uniform on [min of the previous layer's degrees, D-1].
     * The lower bound keeps every hidden unit connected to something; D-1 is the largest degree
     * an output can use (the output of degree D sees degrees 1..D-1).
     */
    public static int[] hidden(int[] previous, int width, int dimension) {
        int low = Integer.MAX_VALUE;
        for (int d : previous) {
            low = Math.min(low, d);
        }
        int high = Math.max(low, dimension - 1);
        float[] draws = Tensors.toFloats(torch.randint(low, high + 1, new long[] {width}));
        int[] degrees = new int[width];
        for (int k = 0; k < width; k++) {
            degrees[k] = (int) draws[k];
        }
        return degrees;
    }

    /**
     * The [in, out] 0/1 mask of a layer reading units of degrees {@code in} into units of degrees
     * {@code out}: kept where out >= in (hidden layers) or out > in ({@code strict}, the output layer).
     */
    public static Tensor mask(int[] in, int[] out, boolean strict) {
        float[] m = new float[in.length * out.length];
        for (int i = 0; i < in.length; i++) {
            for (int o = 0; o < out.length; o++) {
                boolean kept = strict ? out[o] > in[i] : out[o] >= in[i];
                m[i * out.length + o] = kept ? 1f : 0f;
            }
        }
        return Tensors.of(m, in.length, out.length);
    }
}
