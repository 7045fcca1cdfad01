package io.dgm4j.models.flows.image;

import io.dgm4j.nn.Parameters;
import io.dgm4j.nn.ConvNet;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The conditioner of an image affine coupling: a {@link ConvNet} whose 2C output
 * channels are read as a log-scale and a shift for C channels. Stable scale as in
 * AffineCoupling: s = c * tanh(raw) with a learned per-channel c (initialised to 1), so one layer
 * never scales by more than exp(|c|).
 */
final class BoundedScaleAndShift {
    private final ConvNet net;
    private final Tensor scaleFactor;
    private final int channels;

    BoundedScaleAndShift(Parameters params, String prefix, int inChannels, int channels, ConvNet.Factory nets) {
        this.channels = channels;
        net = nets.create(params, prefix + ".net", inChannels, 2 * channels);
        scaleFactor = params.add(prefix + ".scale", torch.ones(channels, 1, 1));
    }

    /** {s, t}, each [N, channels, H, W]. */
    Tensor[] apply(Tensor conditioning) {
        Tensor out = net.forward(conditioning);
        Tensor s = out.narrow(1, 0, channels).tanh().mul(scaleFactor);
        return new Tensor[] {s, out.narrow(1, channels, channels)};
    }
}
