package io.dgm4j.models.flows;

import org.bytedeco.pytorch.Tensor;

/**
 * Shape helpers for layers that act per channel on vectors [N, C] (a channel is a feature) and on
 * images [N, C, H, W] (a channel is shared by all H*W pixels): ActNorm, batch norm, 1x1 convolution.
 */
final class PerChannel {
    private PerChannel() {
    }

    /** Throws unless x is [N, channels] or [N, channels, H, W]. */
    static void requireShape(Tensor x, int channels, String layer) {
        long rank = x.dim();
        if ((rank != 2 && rank != 4) || x.size(1) != channels) {
            throw new IllegalArgumentException(layer + " expects [N, " + channels + "] or [N, " + channels
                    + ", H, W] input, got " + java.util.Arrays.toString(io.dgm4j.tensor.Tensors.shape(x)));
        }
    }

    /** How many positions share one channel's value: 1 for vectors, H*W for images. */
    static long positions(Tensor x) {
        return x.numel() / (x.size(0) * x.size(1));
    }

    /** A [C] tensor viewed so that it broadcasts along dimension 1 of x. */
    static Tensor broadcast(Tensor perChannel, Tensor x) {
        return x.dim() == 2 ? perChannel : perChannel.view(-1, 1, 1);
    }

    /** {mean, biased variance} per channel over the batch and all positions, each [C]. */
    static Tensor[] meanAndVariance(Tensor x) {
        long[] dims = x.dim() == 2 ? new long[] {0} : new long[] {0, 2, 3};
        Tensor mean = x.mean(dims);
        Tensor variance = x.sub(broadcast(mean, x)).square().mean(dims);
        return new Tensor[] {mean, variance};
    }
}
