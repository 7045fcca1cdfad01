package io.dgm4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A fully connected network: {@code depth} hidden layers of width {@code hidden} with an
 * activation, then a linear output layer (depth 0 is a single affine map). Each layer is one
 * fused addmm. Initialisation follows PyTorch's nn.Linear (uniform in +-1/sqrt(fan_in)), as
 * {@link TwinMlp} does, so that results compare with a Python reference; the last layer can start
 * at zero so that a coupling using it starts as the identity.
 */
public final class Mlp {
    private final Tensor[] weights;
    private final Tensor[] biases;
    private final Activation activation;

    public Mlp(Parameters params, String prefix, int inputs, int hidden, int depth, int outputs,
               Activation activation, boolean zeroLastLayer) {
        if (depth < 0 || hidden < 1 || inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("an MLP needs positive widths and a non-negative depth");
        }
        this.activation = activation;
        weights = new Tensor[depth + 1];
        biases = new Tensor[depth + 1];
        for (int layer = 0; layer <= depth; layer++) {
            int fanIn = layer == 0 ? inputs : hidden;
            int fanOut = layer == depth ? outputs : hidden;
            boolean zero = zeroLastLayer && layer == depth;
            weights[layer] = params.add(prefix + ".w" + layer, Init.pytorchDefault(zero, fanIn, fanIn, fanOut));
            biases[layer] = params.add(prefix + ".b" + layer, Init.pytorchDefault(zero, fanIn, fanOut));
        }
    }

    /** x is [N, inputs]; returns [N, outputs]. */
    public Tensor forward(Tensor x) {
        Tensor h = x;
        int last = weights.length - 1;
        for (int layer = 0; layer < last; layer++) {
            h = activation.applyToFresh(torch.addmm(biases[layer], h, weights[layer]));
        }
        return torch.addmm(biases[last], h, weights[last]);
    }
}
