package io.dgm4j.models.flows.image;

import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.ConvNet;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Affine coupling with a channel-wise mask on [N, C, H, W] (RealNVP after a squeeze; Glow's
 * coupling): one half of the channels x_A conditions, the other x_B becomes
 * z_B = x_B exp(s(x_A)) + t(x_A); log|det| = sum of s over B. Slicing, no mask multiplications.
 */
public final class ChannelCoupling implements Transform {
    private final int conditionOffset;
    private final int conditionSize;
    private final int transformOffset;
    private final int transformSize;
    private final BoundedScaleAndShift scaleAndShift;

    /**
     * @param conditionOnFirst true: the first C/2 channels condition the rest; false: the last
     *                         C - C/2 channels condition the first C/2
     */
    public ChannelCoupling(Parameters params, String prefix, int channels, boolean conditionOnFirst,
                           ConvNet.Factory nets) {
        if (channels < 2) {
            throw new IllegalArgumentException("a channel coupling needs at least 2 channels, got " + channels);
        }
        int half = channels / 2;
        if (conditionOnFirst) {
            conditionOffset = 0;
            conditionSize = half;
            transformOffset = half;
            transformSize = channels - half;
        } else {
            transformOffset = 0;
            transformSize = half;
            conditionOffset = half;
            conditionSize = channels - half;
        }
        scaleAndShift = new BoundedScaleAndShift(params, prefix, conditionSize, transformSize, nets);
    }

    @Override
    public Result forward(Tensor x) {
        Tensor conditioning = x.narrow(1, conditionOffset, conditionSize);
        Tensor[] st = scaleAndShift.apply(conditioning);
        Tensor transformed = torch.addcmul(st[1], x.narrow(1, transformOffset, transformSize), st[0].exp());
        return new Result(join(conditioning, transformed), st[0].flatten(1, -1).sum(1));
    }

    @Override
    public Result inverse(Tensor z) {
        Tensor conditioning = z.narrow(1, conditionOffset, conditionSize);
        Tensor[] st = scaleAndShift.apply(conditioning);
        Tensor transformed = z.narrow(1, transformOffset, transformSize).sub(st[1]).mul(st[0].neg().exp());
        return new Result(join(conditioning, transformed), st[0].flatten(1, -1).sum(1).neg());
    }

    private Tensor join(Tensor conditioning, Tensor transformed) {
        TensorVector parts = conditionOffset == 0
                ? new TensorVector(conditioning, transformed)
                : new TensorVector(transformed, conditioning);
        return torch.cat(parts, 1);
    }
}
