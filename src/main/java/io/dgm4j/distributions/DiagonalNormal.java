package io.dgm4j.distributions;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** N(mean, diag(exp(logStd)^2)); mean and logStd are [d] or [N, d] and may carry gradients. */
public final class DiagonalNormal implements Distribution {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final Tensor mean;
    private final Tensor logStd;

    public DiagonalNormal(Tensor mean, Tensor logStd) {
        this.mean = mean;
        this.logStd = logStd;
    }

    @Override
    public Tensor logProb(Tensor x) {
        Tensor standardized = x.sub(mean).mul(logStd.neg().exp());
        return standardized.square().mul(new Scalar(-0.5)).sub(logStd)
                .sub(new Scalar(HALF_LOG_2PI)).sum(-1);
    }

    @Override
    public Tensor sample(long n) {
        try (var guard = new org.bytedeco.pytorch.NoGradGuard()) {
            return rsample(n).detach();
        }
    }

    /** mean + std * eps with eps ~ N(0, I): the reparameterisation trick. */
    @Override
    public Tensor rsample(long n) {
        Tensor eps = mean.dim() == 1 ? torch.randn(n, eventDimension()) : torch.randn_like(mean);
        return mean.add(eps.mul(logStd.exp()));
    }

    @Override
    public int eventDimension() {
        return (int) mean.size(-1);
    }
}
