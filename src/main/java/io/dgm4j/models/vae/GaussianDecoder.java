package io.dgm4j.models.vae;

import io.dgm4j.data.Dataset;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * p(x|z) = N(x; mean(z), diag(std^2)) for real-valued data. The standard deviation is one value
 * per data dimension, either learned or fixed; it does not depend on z, because a z-dependent
 * variance lets the density grow without bound on points the decoder fits exactly, and because
 * with a decoder linear in z this model is probabilistic PCA, whose log p(x) is known exactly
 * (what the tests compare the bounds with).
 */
final class GaussianDecoder implements Decoder {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    /** A learned std below e^-7 (about 1e-3) would let the density of near-constant features explode. */
    private static final double MIN_LOG_STD = -7;
    /** z [N, L] to the means [N, D]. */
    private final Network net;
    private final Tensor logStd;
    private final boolean learned;

    /**
     * @param std the fixed standard deviation, or the initial one when {@code learned}
     */
    GaussianDecoder(Parameters params, Network net, int outputs, double std, boolean learned) {
        this.net = net;
        this.learned = learned;
        Tensor initial = torch.ones(outputs).mul(new Scalar(Math.log(std)));
        if (learned) {
            this.logStd = params.add("decoder.log_std", initial);
        } else {
            initial.retainReference();
            this.logStd = initial;
        }
    }

    private Tensor currentLogStd() {
        return learned ? logStd.clamp_min(new Scalar(MIN_LOG_STD)) : logStd;
    }

    @Override
    public Tensor logLikelihood(Tensor x, Tensor z) {
        Tensor s = currentLogStd();
        Tensor standardized = x.sub(net.forward(z)).mul(s.neg().exp());
        return standardized.square().mul(new Scalar(-0.5)).sub(s).sum(1)
                .sub(new Scalar(HALF_LOG_2PI * logStd.size(0)));
    }

    @Override
    public Tensor mean(Tensor z) {
        return net.forward(z);
    }

    @Override
    public Tensor sample(Tensor z) {
        Tensor mean = net.forward(z);
        return mean.add(torch.randn_like(mean).mul(currentLogStd().exp()));
    }

    @Override
    public Tensor trainingData(Tensor x) {
        return x;
    }

    @Override
    public Tensor evaluationData(Tensor x) {
        return x;
    }

    /** Any finite values fit (the data loaders already reject non-finite ones). */
    @Override
    public void checkData(Dataset data, String source) {
    }
}
