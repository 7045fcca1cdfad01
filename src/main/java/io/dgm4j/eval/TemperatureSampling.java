package io.dgm4j.eval;

import io.dgm4j.models.LatentDecoder;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Samples at a temperature T: the prior's base noise scaled by T, mapped to latent codes by the prior
 * (z = T * eps for a Gaussian prior; f^-1(T * eps) for a flow prior f, so that the draws stay where the
 * prior's mass is), decoded. T below 1 trades diversity for typical-looking samples (Kingma and
 * Dhariwal, Glow, 2018).
 */
public final class TemperatureSampling {
    private TemperatureSampling() {
    }

    /** n latent draws at {@code temperature}: the prior's base noise scaled, then mapped, [n, ...latent shape]. */
    public static Tensor latents(LatentDecoder model, long n, double temperature) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature);
        }
        return model.latentFromNoise(model.priorNoise(n).mul(new Scalar(temperature)));
    }

    /** n samples at {@code temperature}, [n, ...event shape], drawn without gradients. */
    public static Tensor samples(LatentDecoder model, long n, double temperature) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return model.decode(latents(model, n, temperature));
        }
    }
}
