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

    /** log q(z|x) at z = reparameterise(eps), per draw: eps [N, L] gives [N], [K, N, L] gives [K, N]. */
    public Tensor logDensityOfNoise(Tensor eps) {
        return eps.square().add(logVar).sum(-1).add(new Scalar(mean.size(1) * Math.log(2 * Math.PI)))
                .mul(new Scalar(-0.5));
    }

    /** KL(q(z|x) || N(0, I)) in closed form, [N]. */
    public Tensor klToStandardNormal() {
        return GaussianKl.toStandardNormal(mean, logVar);
    }
}
