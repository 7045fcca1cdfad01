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
 *
 * <p>Where the image side has one channel (a critic's first layer, a generator's last), the
 * convolution is written out as a matrix product with im2col / col2im, the same sums: libtorch 2.10's
 * oneDNN kernels take 7.4 ms for the transposed convolution 64 -> 1 of a batch of 64 at 14x14 (0.5 ms in
 * PyTorch 1.13) and as long for the input gradient of the mirror convolution 1 -> 64, which the gradient
 * penalty and every generator update need; the product form takes 1.2 ms. A halving convolution keeps
 * oneDNN where no input gradient is recorded (its forward is 0.35 ms against 1.9 ms). Measured in one
 * thread; see bench/README.md.
 */
public final class StrideTwoConv2d {
    static final int KERNEL = 4;
    private static final long[] STRIDE = {2, 2};
    private static final long[] PADDING = {1, 1};
    private static final long[] DILATION = {1, 1};
    private static final long[] NO_OUTPUT_PADDING = {0, 0};
    private static final long[] KERNEL_SIZE = {KERNEL, KERNEL};
    private final Tensor weight;
    private final Tensor biasValues;
    private final TensorOptional bias;
    private final boolean transposed;
    /** The image side has one channel: the input of a halving convolution, the output of a transposed one. */
    private final boolean singleChannelImage;

    private StrideTwoConv2d(Parameters params, String prefix, int in, int out, boolean transposed) {
        this.transposed = transposed;
        this.singleChannelImage = (transposed ? out : in) == 1;
        // conv2d weights are [out, in, k, k], conv_transpose2d ones [in, out, k, k].
        long[] shape = transposed ? new long[] {in, out, KERNEL, KERNEL} : new long[] {out, in, KERNEL, KERNEL};
        int fanIn = (int) shape[1] * KERNEL * KERNEL;
        weight = params.add(prefix + ".weight", Init.pytorchDefault(false, fanIn, shape));
        biasValues = params.add(prefix + ".bias", Init.pytorchDefault(false, fanIn, out));
        bias = new TensorOptional(biasValues);
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
        if (transposed) {
            return singleChannelImage ? transposedByCol2im(x)
                    : torch.conv_transpose2d(x, weight, bias, STRIDE, PADDING, NO_OUTPUT_PADDING, 1, DILATION);
        }
        return singleChannelImage && x.requires_grad() ? halvingByIm2col(x)
                : torch.conv2d(x, weight, bias, STRIDE, PADDING, DILATION, 1);
    }

    /** conv2d as W [out, in * 16] times the 4x4 patches [N, in * 16, H/2 * W/2], plus the bias. */
    private Tensor halvingByIm2col(Tensor x) {
        long out = weight.size(0);
        Tensor patches = torch.im2col(x, KERNEL_SIZE, DILATION, PADDING, STRIDE);
        return torch.matmul(weight.view(out, -1), patches).add(biasValues.view(out, 1))
                .view(x.size(0), out, x.size(2) / 2, x.size(3) / 2);
    }

    /** conv_transpose2d as the col2im sum of W^T [out * 16, in] times the input [N, in, H * W], plus the bias. */
    private Tensor transposedByCol2im(Tensor x) {
        long in = weight.size(0);
        long out = weight.size(1);
        Tensor patches = torch.matmul(weight.view(in, -1).t(), x.flatten(2, 3));
        return torch.col2im(patches, new long[] {2 * x.size(2), 2 * x.size(3)}, KERNEL_SIZE, DILATION, PADDING, STRIDE)
                .add(biasValues.view(out, 1, 1));
    }
}
