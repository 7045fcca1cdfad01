package io.dgm4j.models.flows.image;

import io.dgm4j.models.flows.CouplingSplit;
import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.ConvNet;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Affine coupling with a channel-wise mask on [N, C, H, W] (RealNVP after a squeeze; Glow's
 * coupling): one half of the channels x_A conditions, the other x_B becomes
 * z_B = x_B exp(s(x_A)) + t(x_A); log|det| = sum of s over B. Slicing, no mask multiplications.
 */
public final class ChannelCoupling implements Transform {
    private final CouplingSplit split;
    private final BoundedScaleAndShift scaleAndShift;

    /**
     * @param conditionOnFirst true: the first C/2 channels condition the rest; false: the last
     *                         C - C/2 channels condition the first C/2
     */
    public ChannelCoupling(Parameters params, String prefix, int channels, boolean conditionOnFirst,
                           ConvNet.Factory nets) {
        split = new CouplingSplit(channels, conditionOnFirst);
        scaleAndShift = new BoundedScaleAndShift(params, prefix, split.conditionSize(), split.transformSize(), nets);
    }

    @Override
    public Result forward(Tensor x) {
        Tensor conditioning = split.conditioning(x);
        Tensor[] st = scaleAndShift.apply(conditioning);
        Tensor transformed = torch.addcmul(st[1], split.transformed(x), st[0].exp());
        return new Result(split.join(conditioning, transformed), st[0].flatten(1, -1).sum(1));
    }

    @Override
    public Result inverse(Tensor z) {
        Tensor conditioning = split.conditioning(z);
        Tensor[] st = scaleAndShift.apply(conditioning);
        Tensor transformed = split.transformed(z).sub(st[1]).mul(st[0].neg().exp());
        return new Result(split.join(conditioning, transformed), st[0].flatten(1, -1).sum(1).neg());
    }
}
