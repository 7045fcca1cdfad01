package io.dgm4j.models.vae;

import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;

/**
 * The flows of a VAE's latent space, each null when absent: {@code posterior} maps the encoder's
 * Gaussian draw z0 to z in its inverse (sampling) direction, {@code prior} maps z to N(0, I) in its
 * forward (density) direction.
 */
record LatentFlows(Transform posterior, Transform prior) {
    /** Builds the flows once the latent size is known, registering their tensors in {@code params}. */
    @FunctionalInterface
    interface Builder {
        Builder NONE = (params, latent, hidden, depth, activation) -> new LatentFlows(null, null);

        LatentFlows build(Parameters params, int latent, int hidden, int depth, Activation activation);
    }
}
