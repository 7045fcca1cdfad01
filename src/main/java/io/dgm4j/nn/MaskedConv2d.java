package io.dgm4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * PixelCNN's masked convolution (van den Oord et al. 2016) on [N, C, H, W], "same" padding, stride 1:
 * the kernel sees the rows above its centre and the pixels left of it on the centre row, and with
 * {@code includeCentre} (mask B) the centre too. The first layer uses mask A (no centre), so that no
 * output depends on its own pixel; later layers use mask B, which passes on what mask A let through.
 * Initialised as PyTorch's nn.Conv2d; the mask is multiplied into the weight on every call.
 */
public final class MaskedConv2d {
    private static final long[] STRIDE = {1, 1};
    private static final long[] DILATION = {1, 1};
    private final Tensor weight;
    private final TensorOptional bias;
    private final Tensor mask;
    private final long[] padding;

    public MaskedConv2d(Parameters params, String prefix, int in, int out, int kernel, boolean includeCentre) {
        if (kernel % 2 != 1) {
            throw new IllegalArgumentException("a masked convolution needs an odd kernel, got " + kernel);
        }
        int fanIn = in * kernel * kernel;
        weight = params.add(prefix + ".weight", Init.pytorchDefault(false, fanIn, out, in, kernel, kernel));
        bias = new TensorOptional(params.add(prefix + ".bias", Init.pytorchDefault(false, fanIn, out)));
        bias.retainReference();
        mask = spatialMask(kernel, includeCentre);
        mask.retainReference();
        padding = new long[] {kernel / 2, kernel / 2};
    }

    /** [k, k] of 1s where the kernel may look: rows above the centre, and the centre row up to (or before) it. */
    static Tensor spatialMask(int kernel, boolean includeCentre) {
        int c = kernel / 2;
        float[] m = new float[kernel * kernel];
        for (int row = 0; row < kernel; row++) {
            for (int col = 0; col < kernel; col++) {
                boolean seen = row < c || (row == c && (col < c || (includeCentre && col == c)));
                m[row * kernel + col] = seen ? 1f : 0f;
            }
        }
        return io.dgm4j.tensor.Tensors.of(m, kernel, kernel);
    }

    public Tensor forward(Tensor x) {
        return torch.conv2d(x, weight.mul(mask), bias, STRIDE, padding, DILATION, 1);
    }
}
