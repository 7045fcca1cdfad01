package io.dgm4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Batch normalisation over the channel dimension (dimension 1) of [N, C] or [N, C, H, W], as
 * PyTorch's nn.BatchNorm1d / nn.BatchNorm2d (eps 1e-5, momentum 0.1, affine, weight 1, bias 0):
 * batch statistics while training, which also move the running averages; the running averages
 * otherwise (PyTorch's eval()). The running averages are {@link Parameters} buffers, so a
 * checkpoint keeps them.
 */
public final class BatchNorm {
    private static final double MOMENTUM = 0.1;
    private static final double EPS = 1e-5;
    private final TensorOptional weight;
    private final TensorOptional bias;
    private final TensorOptional runningMean;
    private final TensorOptional runningVar;

    public BatchNorm(Parameters params, String prefix, int channels) {
        weight = retained(params.add(prefix + ".weight", torch.ones(channels)));
        bias = retained(params.add(prefix + ".bias", torch.zeros(channels)));
        runningMean = retained(params.addBuffer(prefix + ".running_mean", torch.zeros(channels)));
        runningVar = retained(params.addBuffer(prefix + ".running_var", torch.ones(channels)));
    }

    private static TensorOptional retained(Tensor t) {
        TensorOptional o = new TensorOptional(t);
        o.retainReference();
        return o;
    }

    /** While {@code training}, normalises with the batch's statistics and updates the running averages in place. */
    public Tensor forward(Tensor x, boolean training) {
        return torch.batch_norm(x, weight, bias, runningMean, runningVar, training, MOMENTUM, EPS, false);
    }
}
