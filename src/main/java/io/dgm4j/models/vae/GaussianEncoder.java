package io.dgm4j.models.vae;

import org.bytedeco.pytorch.Tensor;

/** q(z|x) = N(mean(x), diag(exp(logVar(x)))): one network (MLP or conv) whose output is split into mean and log-variance. */
final class GaussianEncoder {
    private final Network net;
    private final int latent;

    GaussianEncoder(Network net, int latent) {
        this.net = net;
        this.latent = latent;
    }

    /** x is [N, inputs] (flattened data). */
    Posterior posterior(Tensor x) {
        Tensor out = net.forward(x);
        return new Posterior(out.narrow(1, 0, latent), out.narrow(1, latent, latent));
    }
}
