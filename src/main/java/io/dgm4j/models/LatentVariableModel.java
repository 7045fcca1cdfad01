package io.dgm4j.models;

import org.bytedeco.pytorch.Tensor;

/**
 * A model p(x, z) = p(z) p(x|z) with an approximate posterior q(z|x) (a VAE, a Helmholtz machine): no exact density,
 * but bounds on log p(x) that evaluation can estimate.
 */
public interface LatentVariableModel {
    /** The evidence lower bound E_q[log p(x|z)] - KL(q(z|x) || p(z)) per example, [N], in nats (one draw of z). */
    Tensor elbo(Tensor x);

    /**
     * log p(x, z_k) - log q(z_k|x) for k fresh draws z_k ~ q(z|x): [k, N]. Their log-mean-exp is
     * the k-sample importance-weighted bound on log p(x).
     */
    Tensor logImportanceWeights(Tensor x, long k);

    /**
     * log p(x|z_k) for k fresh draws z_k ~ p(z) from the prior: [k, N]. Their log-mean-exp is the
     * naive Monte Carlo estimate of log p(x), unbiased in p(x) but of huge variance when the
     * posterior is much narrower than the prior.
     */
    Tensor logLikelihoodsUnderPrior(Tensor x, long k);

    /**
     * The data as the likelihood is evaluated on it: unchanged, or for a Bernoulli likelihood a
     * fixed (seeded) binarisation of intensities, so that held-out figures are comparable.
     */
    Tensor evaluationData(Tensor x);
}
