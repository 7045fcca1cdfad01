package io.dgm4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The s/t network of image couplings, ResNet-style (He et al. 2016, pre-activation blocks):
 * <pre>
 *   h = conv3x3(in -> hidden)(x)
 *   repeat blocks:  h = h + conv3x3(hidden -> hidden)(relu(conv3x3(hidden -> hidden)(relu(h))))
 *   out = conv3x3(hidden -> out)(relu(h))        (zero-initialised: a fresh coupling is the identity)
 * </pre>
 * No batch normalisation (RealNVP used it): it would make the density of one example depend on
 * the rest of its batch, and the bounded tanh scale of the couplings already keeps training stable.
 */
public final class ResidualConvNet implements ConvNet {
    private final Conv2d input;
    private final Conv2d[] first;
    private final Conv2d[] second;
    private final Conv2d output;

    public ResidualConvNet(Parameters params, String prefix, int in, int hidden, int blocks, int out) {
        input = new Conv2d(params, prefix + ".in", in, hidden, 3, false);
        first = new Conv2d[blocks];
        second = new Conv2d[blocks];
        for (int b = 0; b < blocks; b++) {
            first[b] = new Conv2d(params, prefix + ".block" + b + ".conv0", hidden, hidden, 3, false);
            second[b] = new Conv2d(params, prefix + ".block" + b + ".conv1", hidden, hidden, 3, false);
        }
        output = new Conv2d(params, prefix + ".out", hidden, out, 3, true);
    }

    public static Factory factory(int hidden, int blocks) {
        return (params, prefix, in, out) -> new ResidualConvNet(params, prefix, in, hidden, blocks, out);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = input.forward(x.contiguous(torch.MemoryFormat.ChannelsLast));
        for (int b = 0; b < first.length; b++) {
            // relu(h) must not overwrite h (the skip path reads it); the conv outputs are fresh, so relu_ is safe there.
            Tensor inner = first[b].forward(torch.relu(h));
            torch.relu_(inner);
            h = h.add(second[b].forward(inner));
        }
        return output.forward(torch.relu(h));
    }
}
