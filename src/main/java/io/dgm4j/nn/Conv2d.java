package io.dgm4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * A square-kernel 2-D convolution with "same" padding and stride 1 on [N, C, H, W], its weight
 * [out, in, k, k] and bias [out] registered in {@link Parameters}. Initialisation is PyTorch's
 * nn.Conv2d default (uniform in +-1/sqrt(in*k*k) for weight and bias) so that a Python reference
 * starts from the same distribution; {@code zero} starts it at 0, so a coupling starts as the identity.
 */
public final class Conv2d {
    private static final long[] STRIDE = {1, 1};
    private static final long[] DILATION = {1, 1};
    private final Tensor weight;
    private final TensorOptional bias;
    private final long[] padding;

    public Conv2d(Parameters params, String prefix, int in, int out, int kernel, boolean zero) {
        if (kernel % 2 != 1) {
            throw new IllegalArgumentException("same padding needs an odd kernel, got " + kernel);
        }
        int fanIn = in * kernel * kernel;
        weight = params.add(prefix + ".weight", Init.pytorchDefault(zero, fanIn, out, in, kernel, kernel));
        bias = new TensorOptional(params.add(prefix + ".bias", Init.pytorchDefault(zero, fanIn, out)));
        bias.retainReference();
        padding = new long[] {kernel / 2, kernel / 2};
    }

    public Tensor forward(Tensor x) {
        return torch.conv2d(x, weight, bias, STRIDE, padding, DILATION, 1);
    }

    /** The convolution with its weight multiplied by a [k, k] {@code mask} (see {@link MaskedConv2d}). */
    Tensor forwardMasked(Tensor x, Tensor mask) {
        return torch.conv2d(x, weight.mul(mask), bias, STRIDE, padding, DILATION, 1);
    }
}
