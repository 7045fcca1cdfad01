package io.dgm4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Two MLPs of the same shape that read the same input, evaluated together: each layer is one
 * batched matrix product over a leading axis of size 2. Mathematically identical to two separate
 * networks (the weights are separate slices), but half the operator calls, which is what
 * small-model throughput is bound by (ENGINE.md). Used for the scale and shift nets of a
 * coupling layer.
 *
 * <p>Initialisation follows PyTorch's nn.Linear (uniform in +-1/sqrt(fan_in)) so that results
 * compare with a Python reference; the last layer can start at zero so a coupling starts as the
 * identity.
 */
public final class TwinMlp {
    private final Tensor[] weights;
    private final Tensor[] biases;
    private final Activation activation;
    private final int inputs;

    public TwinMlp(Parameters params, String prefix, int inputs, int hidden, int depth, int outputs,
                   Activation activation, boolean zeroLastLayer) {
        if (depth < 1 || hidden < 1) {
            throw new IllegalArgumentException("depth and hidden width must be positive");
        }
        this.inputs = inputs;
        this.activation = activation;
        weights = new Tensor[depth + 1];
        biases = new Tensor[depth + 1];
        for (int layer = 0; layer <= depth; layer++) {
            int fanIn = layer == 0 ? inputs : hidden;
            int fanOut = layer == depth ? outputs : hidden;
            boolean zero = zeroLastLayer && layer == depth;
            weights[layer] = params.add(prefix + ".w" + layer, Init.pytorchDefault(zero, fanIn, 2, fanIn, fanOut));
            biases[layer] = params.add(prefix + ".b" + layer, Init.pytorchDefault(zero, fanIn, 2, 1, fanOut));
        }
    }

    /** x is [N, inputs]; returns [2, N, outputs]: index 0 is the first net, 1 the second. */
    public Tensor forward(Tensor x) {
        Tensor h = x.unsqueeze(0).expand(2, x.size(0), inputs);
        int last = weights.length - 1;
        for (int layer = 0; layer < last; layer++) {
            h = activation.applyToFresh(torch.baddbmm(biases[layer], h, weights[layer]));
        }
        return torch.baddbmm(biases[last], h, weights[last]);
    }
}
