package io.dgm4j.models.flows.image;

import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.ActNorm;
import io.dgm4j.models.flows.CompositeTransform;
import io.dgm4j.models.flows.InvertibleConv1x1;
import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.ConvNet;
import io.dgm4j.nn.GlowConvNet;
import io.dgm4j.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * Glow (Kingma and Dhariwal 2018) for images [C, H, W]. Exactly (L = levels, K = steps,
 * W = channels, defaults 2, 4, 64; lu false):
 * <pre>
 * pixels x = k/255 -> dequantise and logit (see ImageFlow; alpha 0.05, uniform noise) -> v [C, H, W]
 * level l = 0 .. L-1, on [c, h, w]:
 *     squeeze (pixel_unshuffle 2) -> [4c, h/2, w/2]
 *     K steps, each:
 *         ActNorm (per-channel bias and log-scale, data-dependent init on the first training batch)
 *         invertible 1x1 convolution (W0 a random rotation; --opt lu=true: the LU parameterisation)
 *         affine coupling: channels 0..2c-1 condition, 2c..4c-1 become x exp(s) + t,
 *             s = c_k tanh(raw) (c_k a learned per-channel scale initialised to 1), [raw, t] = net(first half)
 *     all but the last level: factor out channels 2c..4c-1 to the latent (standard normal prior),
 *         channels 0..2c-1 continue as [2c, h/2, w/2]
 * latent = concat(flatten(factored_0), ..., flatten(last level)) viewed as [C, H, W], base N(0, I)
 * net = GlowConvNet: conv3x3(2c -> W), relu, conv1x1(W -> W), relu, conv3x3(W -> 4c) zero-initialised;
 *     all convs with bias, padding 1 for the 3x3 ones
 * </pre>
 * Options: levels, steps (per level), channels (--hidden sets it too), lu, and the dequantisation
 * options of {@link ImageFlows}.
 * Differences from the paper, for simplicity: the coupling scale is tanh-bounded (as in all
 * dgm4j couplings) instead of sigmoid(raw + 2); no ActNorm inside the net; the split prior is a
 * standard normal, not learned. For 1x28x28 MNIST: levels at 4x14x14 and 2x14x14 -> 8x7x7.
 * Images need height and width divisible by 2^L.
 */
public final class Glow implements ModelFactory {
    @Override
    public String name() {
        return "glow";
    }

    @Override
    public String description() {
        return "Glow: ActNorm, invertible 1x1 convolutions and affine couplings, multi-scale (images)";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] shape) {
        ImageFlows.requireImage("glow", shape);
        int levels = options.positiveInt("levels", 2);
        int steps = options.positiveInt("steps", 4);
        int channels = options.positiveInt("channels", options.positiveInt("hidden", 64));
        boolean lu = options.flag("lu", false);
        ImageFlows.requireDivisible("glow", shape, levels, "levels", levels);
        ConvNet.Factory nets = GlowConvNet.factory(channels);
        Parameters params = new Parameters();
        List<MultiScaleTransform.Level> stack = new ArrayList<>();
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        for (int l = 0; l < levels; l++) {
            c *= 4;
            h /= 2;
            w /= 2;
            List<Transform> level = new ArrayList<>();
            level.add(new Squeeze());
            for (int k = 0; k < steps; k++) {
                String prefix = "level" + l + ".step" + k;
                level.add(new ActNorm(params, prefix + ".actnorm", c));
                level.add(new InvertibleConv1x1(params, prefix + ".conv1x1", c, lu));
                level.add(new ChannelCoupling(params, prefix + ".coupling", c, true, nets));
            }
            stack.add(new MultiScaleTransform.Level(new CompositeTransform(level), new int[] {c, h, w}));
            c /= 2;
        }
        return ImageFlows.wrap(options, shape, params, new MultiScaleTransform(shape, stack));
    }
}
