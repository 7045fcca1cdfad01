package io.dgm4j.models.flows.image;

import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.CompositeTransform;
import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.ConvNet;
import io.dgm4j.nn.Parameters;
import io.dgm4j.nn.ResidualConvNet;
import java.util.ArrayList;
import java.util.List;

/**
 * RealNVP for images (Dinh et al. 2017), what {@code --model realnvp} builds for [C, H, W] data.
 * Exactly (S = scales, K = couplings, B = blocks, W = channels; defaults 2, 3, 2, 32):
 * <pre>
 * pixels x = k/255 -> dequantise and logit (see ImageFlow; alpha 0.05, uniform noise) -> v [C, H, W]
 * scale s = 0 .. S-2, on [c, h, w]:
 *     K checkerboard couplings, parity 0, 1, 0, ... (pixels with (row+col)%2 == parity condition)
 *     squeeze (pixel_unshuffle 2) -> [4c, h/2, w/2]
 *     K channel couplings: the first 2c channels condition the last 2c, then the reverse, ...
 *     factor out channels 2c..4c-1 (to the latent); channels 0..2c-1 continue as [2c, h/2, w/2]
 * last scale: K+1 checkerboard couplings, parity 0, 1, 0, ...; its output goes to the latent
 * latent = concat(flatten(factored_0), ..., flatten(last)) viewed as [C, H, W], base N(0, I)
 * coupling (on transformed part B, conditioning part A): z_B = x_B exp(s) + t, s = c tanh(raw),
 *     c a learned per-channel scale initialised to 1; [raw, t] = net(A) split along channels
 *     (checkerboard: net reads x * mask, and s, t are multiplied by 1 - mask)
 * net = ResidualConvNet: conv3x3(in->W), B x [h += conv3x3(relu(conv3x3(relu(h))))],
 *     conv3x3(W->2|B|) of relu(h), zero-initialised; all convs with bias, padding 1
 * </pre>
 * Options: scales, couplings (per scale), blocks, channels (--hidden sets it too), and the
 * dequantisation options of {@link ImageFlows}.
 * For 1x28x28 MNIST with the defaults: 3 checkerboard couplings at 1x28x28, 3 channel couplings at
 * 4x14x14, 2x14x14 factored out, 4 checkerboard couplings at 2x14x14. No batch norm (see
 * ResidualConvNet). Images need height and width divisible by 2^(S-1).
 */
public final class MultiScaleRealNvp {
    private MultiScaleRealNvp() {
    }

    public static GenerativeModel create(ModelOptions options, int[] shape) {
        ImageFlows.requireImage("realnvp", shape);
        int scales = options.positiveInt("scales", 2);
        int couplings = options.positiveInt("couplings", 3);
        int blocks = options.positiveInt("blocks", 2);
        int channels = options.positiveInt("channels", options.positiveInt("hidden", 32));
        ImageFlows.requireDivisible("realnvp", shape, scales - 1, "scales", scales);
        ConvNet.Factory nets = ResidualConvNet.factory(channels, blocks);
        Parameters params = new Parameters();
        List<MultiScaleTransform.Level> levels = new ArrayList<>();
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        for (int s = 0; s < scales; s++) {
            List<Transform> steps = new ArrayList<>();
            boolean last = s == scales - 1;
            for (int k = 0; k < (last ? couplings + 1 : couplings); k++) {
                steps.add(new CheckerboardCoupling(params, "scale" + s + ".checkerboard" + k, c, h, w, k % 2, nets, 0));
            }
            if (last) {
                levels.add(new MultiScaleTransform.Level(new CompositeTransform(steps), new int[] {c, h, w}));
                break;
            }
            steps.add(new Squeeze());
            c *= 4;
            h /= 2;
            w /= 2;
            for (int k = 0; k < couplings; k++) {
                steps.add(new ChannelCoupling(params, "scale" + s + ".channel" + k, c, k % 2 == 0, nets));
            }
            levels.add(new MultiScaleTransform.Level(new CompositeTransform(steps), new int[] {c, h, w}));
            c /= 2;
        }
        return ImageFlows.wrap(options, shape, params, new MultiScaleTransform(shape, levels));
    }
}
