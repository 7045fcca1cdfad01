package io.dgm4j.models.flows.image;

import io.dgm4j.nn.ConvNet;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Flow++'s variational dequantisation (Ho et al. 2019): u = sigmoid(h), where h is Gaussian noise
 * e ~ N(0, I) pushed through a small flow conditioned on the image:
 * <pre>
 *   h = e exp(s(x)) + t(x)                      (s, t from a conv net on x = k/255 - 1/2; s tanh-bounded)
 *   h = checkerboard coupling (parity 0), its net reading [b h, x]
 *   h = checkerboard coupling (parity 1), its net reading [b h, x]
 * </pre>
 * log q(u | k) = log N(e) - log|dh/de| - sum log sigmoid'(h), with log sigmoid'(h) =
 * log sigmoid(h) + log sigmoid(-h). Trained jointly with the model by the same bound.
 */
public final class VariationalDequantization implements Dequantization {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private final BoundedScaleAndShift affine;
    private final CheckerboardCoupling[] couplings;
    private final int dimension;

    public VariationalDequantization(Parameters params, String prefix, int[] shape, ConvNet.Factory nets) {
        int channels = shape[0];
        dimension = shape[0] * shape[1] * shape[2];
        affine = new BoundedScaleAndShift(params, prefix + ".affine", channels, channels, nets);
        couplings = new CheckerboardCoupling[2];
        for (int parity = 0; parity < 2; parity++) {
            couplings[parity] = new CheckerboardCoupling(params, prefix + ".coupling" + parity, channels, shape[1],
                    shape[2], parity, nets, channels);
        }
    }

    @Override
    public Noise draw(Tensor counts, GeneratorOptional generator) {
        return push(torch.randn(counts.sizes().vec().get(), generator), counts);
    }

    /** u and log q(u | k) for Gaussian noise e [N, C, H, W] (given, for tests). */
    Noise push(Tensor noise, Tensor counts) {
        Tensor context = counts.div(new Scalar(255.0)).sub(new Scalar(0.5));
        Tensor[] st = affine.apply(context);
        Tensor h = torch.addcmul(st[1], noise, st[0].exp());
        Tensor logDet = st[0].flatten(1, -1).sum(1);
        for (CheckerboardCoupling c : couplings) {
            var r = c.forward(h, context);
            h = r.output();
            logDet = logDet.add(r.logAbsDet());
        }
        Tensor logNoise = noise.square().flatten(1, -1).sum(1).mul(new Scalar(-0.5))
                .sub(new Scalar(0.5 * dimension * LOG_2PI));
        Tensor logSigmoidSlope = torch.log_sigmoid(h).add(torch.log_sigmoid(h.neg())).flatten(1, -1).sum(1);
        return new Noise(h.sigmoid(), logNoise.sub(logDet).sub(logSigmoidSlope));
    }
}
