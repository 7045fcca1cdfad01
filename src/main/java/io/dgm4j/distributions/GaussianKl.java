package io.dgm4j.distributions;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/** Closed-form KL divergences between Gaussians, in nats. */
public final class GaussianKl {
    private GaussianKl() {
    }

    /**
     * KL(N(mean, diag(exp(logVar))) || N(0, I)) = 1/2 sum(mean^2 + var - 1 - logVar), per row:
     * mean and logVar are [N, d], the result [N].
     */
    public static Tensor toStandardNormal(Tensor mean, Tensor logVar) {
        return mean.square().add(logVar.exp()).sub(logVar).sub(new Scalar(1.0)).sum(1).mul(new Scalar(0.5));
    }
}
