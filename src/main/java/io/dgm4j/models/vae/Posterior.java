package io.dgm4j.models.vae;

import io.dgm4j.distributions.GaussianKl;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/** The encoder's N(mean, diag(exp(logVar))) for each example: mean and logVar are [N, L]. */
public record Posterior(Tensor mean, Tensor logVar) {
    /** The reparameterisation z = mean + std * eps: eps is [N, L] or [K, N, L] (K draws per example). */
    public Tensor reparameterise(Tensor eps) {
        return mean.add(eps.mul(logVar.mul(new Scalar(0.5)).exp()));
    }

    /** KL(q(z|x) || N(0, I)) in closed form, [N]. */
    public Tensor klToStandardNormal() {
        return GaussianKl.toStandardNormal(mean, logVar);
    }
}
