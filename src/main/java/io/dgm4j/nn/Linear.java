package io.dgm4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * One affine layer x W + b on [N, in], weight stored [in, out] as in {@link Mlp}, initialised as
 * PyTorch's nn.Linear (uniform in +-1/sqrt(in)).
 */
public final class Linear {
    private final Tensor weight;
    private final Tensor bias;

    public Linear(Parameters params, String prefix, int in, int out) {
        weight = params.add(prefix + ".weight", Init.pytorchDefault(false, in, in, out));
        bias = params.add(prefix + ".bias", Init.pytorchDefault(false, in, out));
    }

    public Tensor forward(Tensor x) {
        return torch.addmm(bias, x, weight);
    }
}
