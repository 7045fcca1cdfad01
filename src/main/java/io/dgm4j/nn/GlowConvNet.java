package io.dgm4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Glow's coupling network (Kingma & Dhariwal 2018):
 * conv3x3(in -> hidden), relu, conv1x1(hidden -> hidden), relu, conv3x3(hidden -> out), the last
 * zero-initialised so each coupling starts as the identity. (Glow's first two convs are followed by
 * ActNorm; here they keep their biases instead, so a density never depends on data-dependent init.)
 */
public final class GlowConvNet implements ConvNet {
    private final Conv2d first;
    private final Conv2d middle;
    private final Conv2d last;

    public GlowConvNet(Parameters params, String prefix, int in, int hidden, int out) {
        first = new Conv2d(params, prefix + ".conv0", in, hidden, 3, false);
        middle = new Conv2d(params, prefix + ".conv1", hidden, hidden, 1, false);
        last = new Conv2d(params, prefix + ".conv2", hidden, out, 3, true);
    }

    public static Factory factory(int hidden) {
        return (params, prefix, in, out) -> new GlowConvNet(params, prefix, in, hidden, out);
    }

    @Override
    public Tensor forward(Tensor x) {
        // relu_ returns a reference that owns nothing: keep the owning handles (README, "Some handles are references")
        Tensor h = first.forward(x.contiguous(torch.MemoryFormat.ChannelsLast));
        torch.relu_(h);
        Tensor g = middle.forward(h);
        torch.relu_(g);
        return last.forward(g);
    }
}
