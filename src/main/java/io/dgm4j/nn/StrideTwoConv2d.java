package io.dgm4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * A 4x4 convolution with stride 2 and padding 1 on [N, C, H, W] (even H and W), halving height
 * and width: the down-sampling step of a convolutional encoder, or with {@link #transposed} its
 * mirror torch.conv_transpose2d, doubling them in a decoder. Weight and bias are registered in
 * {@link Parameters}; initialisation is PyTorch's nn.Conv2d / nn.ConvTranspose2d default
 * (uniform in +-1/sqrt(fan_in), where fan_in is weight.size(1) * 16 in both cases) so that a
 * Python reference starts from the same distribution.
 */
public final class StrideTwoConv2d {
    static final int KERNEL = 4;
    private static final long[] STRIDE = {2, 2};
    private static final long[] PADDING = {1, 1};
    private static final long[] DILATION = {1, 1};
    private static final long[] NO_OUTPUT_PADDING = {0, 0};
    private final Tensor weight;
    private final TensorOptional bias;
    private final boolean transposed;

    private StrideTwoConv2d(Parameters params, String prefix, int in, int out, boolean transposed) {
        this.transposed = transposed;
        // conv2d weights are [out, in, k, k], conv_transpose2d ones [in, out, k, k].
        long[] shape = transposed ? new long[] {in, out, KERNEL, KERNEL} : new long[] {out, in, KERNEL, KERNEL};
        int fanIn = (int) shape[1] * KERNEL * KERNEL;
        weight = params.add(prefix + ".weight", Init.pytorchDefault(false, fanIn, shape));
        bias = new TensorOptional(params.add(prefix + ".bias", Init.pytorchDefault(false, fanIn, out)));
        bias.retainReference();
    }

    /** [N, in, H, W] to [N, out, H / 2, W / 2]. */
    public static StrideTwoConv2d halving(Parameters params, String prefix, int in, int out) {
        return new StrideTwoConv2d(params, prefix, in, out, false);
    }

    /** [N, in, H, W] to [N, out, 2H, 2W]: the transposed convolution. */
    public static StrideTwoConv2d transposed(Parameters params, String prefix, int in, int out) {
        return new StrideTwoConv2d(params, prefix, in, out, true);
    }

    public Tensor forward(Tensor x) {
        return transposed ? torch.conv_transpose2d(x, weight, bias, STRIDE, PADDING, NO_OUTPUT_PADDING, 1, DILATION)
                : torch.conv2d(x, weight, bias, STRIDE, PADDING, DILATION, 1);
    }
}
