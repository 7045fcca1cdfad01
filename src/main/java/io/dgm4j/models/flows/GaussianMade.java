package io.dgm4j.models.flows;

import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Init;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A Gaussian MADE: an MLP with masked weights whose outputs (mu_i, alpha_i) for feature i depend
 * only on the features before i in the order given by the input degrees (see {@link MadeDegrees}).
 * The masks are fixed tensors multiplied into the weights on every call, so the optimizer may
 * move masked weights but they never reach the output.
 *
 * <p>Bounded log-scale: alpha = B tanh(raw / B). A MAF layer scales by exp(-alpha) and its
 * sampling direction re-applies exp(alpha) D times in sequence, so one unbounded output can
 * overflow to inf and end training in NaN. The soft bound is the identity for small raw values
 * (unlike a hard clamp it never zeroes the gradient) and caps one layer's scaling at exp(B).
 */
public final class GaussianMade {
    static final double ALPHA_BOUND = 3.0;

    private final Tensor[] weights;
    private final Tensor[] biases;
    private final Tensor[] masks;
    private final Activation activation;
    private final int dimension;
    private final int[] inputDegrees;
    private final Scalar bound;
    private final Scalar inverseBound;

    /**
     * @param inputDegrees  degree of each feature, a permutation of 1..D
     * @param zeroLastLayer start with mu = alpha = 0, so a MAF layer starts as the identity
     */
    public GaussianMade(Parameters params, String prefix, int[] inputDegrees, int hidden, int depth,
                        Activation activation, boolean zeroLastLayer) {
        if (depth < 1 || hidden < 1) {
            throw new IllegalArgumentException("depth and hidden width must be positive");
        }
        this.dimension = inputDegrees.length;
        this.inputDegrees = inputDegrees.clone();
        this.activation = activation;
        this.bound = Tensors.keptScalar(ALPHA_BOUND);
        this.inverseBound = Tensors.keptScalar(1.0 / ALPHA_BOUND);
        weights = new Tensor[depth + 1];
        biases = new Tensor[depth + 1];
        masks = new Tensor[depth + 1];
        int[] previous = inputDegrees;
        for (int layer = 0; layer <= depth; layer++) {
            boolean output = layer == depth;
            // Each feature has two outputs, mu_i and alpha_i, with the degree of feature i.
            int[] degrees = output ? concat(inputDegrees, inputDegrees) : MadeDegrees.hidden(previous, hidden, dimension);
            Tensor mask = MadeDegrees.mask(previous, degrees, output);
            mask.retainReference();
            masks[layer] = mask;
            boolean zero = zeroLastLayer && output;
            int fanIn = previous.length;
            weights[layer] = params.add(prefix + ".w" + layer, Init.pytorchDefault(zero, fanIn, fanIn, degrees.length));
            biases[layer] = params.add(prefix + ".b" + layer, Init.pytorchDefault(zero, fanIn, degrees.length));
            previous = degrees;
        }
    }

    /** Degree of each input feature (1..D): output i sees exactly the features of lower degree. */
    public int[] inputDegrees() {
        return inputDegrees.clone();
    }

    /** x is [N, D]; returns {mu, alpha}, each [N, D]. */
    public Tensor[] forward(Tensor x) {
        return forward(maskedWeights(), x);
    }

    /**
     * The weights with their masks applied, for a caller that evaluates the network several times
     * in a row with the same weights (the D sequential passes of sampling): masking once, not per pass.
     */
    public Tensor[] maskedWeights() {
        Tensor[] masked = new Tensor[weights.length];
        for (int layer = 0; layer < weights.length; layer++) {
            masked[layer] = weights[layer].mul(masks[layer]);
        }
        return masked;
    }

    /** {@link #forward(Tensor)} with weights from {@link #maskedWeights()}. */
    public Tensor[] forward(Tensor[] maskedWeights, Tensor x) {
        Tensor h = x;
        int last = maskedWeights.length - 1;
        for (int layer = 0; layer < last; layer++) {
            h = activation.applyToFresh(torch.addmm(biases[layer], h, maskedWeights[layer]));
        }
        Tensor out = torch.addmm(biases[last], h, maskedWeights[last]);
        Tensor mu = out.narrow(1, 0, dimension);
        Tensor alpha = out.narrow(1, dimension, dimension).mul(inverseBound).tanh().mul(bound);
        return new Tensor[] {mu, alpha};
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
