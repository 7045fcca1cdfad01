package io.dgm4j.models.vae;

import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Mlp;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Tensor;

/** q(z|x) = N(mean(x), diag(exp(logVar(x)))): one MLP whose output is split into mean and log-variance. */
final class GaussianEncoder {
    private final Mlp net;
    private final int latent;

    GaussianEncoder(Parameters params, int inputs, int hidden, int depth, int latent, Activation activation) {
        this.net = new Mlp(params, "encoder", inputs, hidden, depth, 2 * latent, activation, false);
        this.latent = latent;
    }

    /** x is [N, inputs] (flattened data). */
    Posterior posterior(Tensor x) {
        Tensor out = net.forward(x);
        return new Posterior(out.narrow(1, 0, latent), out.narrow(1, latent, latent));
    }
}
