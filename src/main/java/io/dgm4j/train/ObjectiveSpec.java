package io.dgm4j.train;

import java.util.Map;

/**
 * Which training objective a run uses and its settings, as stored in config.json: e.g.
 * {@code likelihood}, or {@code reverse-kl} with {@code target=U1}. A run folder without one
 * (written before objectives were configurable) trains by maximum likelihood.
 */
public record ObjectiveSpec(String kind, Map<String, String> options) {
    public static final String LIKELIHOOD = "likelihood";
    public static final String REVERSE_KL = "reverse-kl";
    /** A VAE's evidence lower bound (beta and KL warm-up from the model options). */
    public static final String ELBO = "elbo";
    /** A VAE's K-sample importance-weighted bound. */
    public static final String IWAE = "iwae";
    /** A Helmholtz machine's wake-sleep algorithm. */
    public static final String WAKE_SLEEP = "wake-sleep";
    /** An RBM's contrastive divergence (CD-k or PCD-k from the model options). */
    public static final String CONTRASTIVE_DIVERGENCE = "contrastive-divergence";
    /** A deep belief network's greedy layer-wise contrastive divergence (layer-steps from the model options). */
    public static final String GREEDY_LAYERWISE = "greedy-layerwise";
    /** A GAN's adversarial game (losses and step ratios from the model options). */
    public static final String ADVERSARIAL = "adversarial";

    public static ObjectiveSpec likelihood() {
        return new ObjectiveSpec(LIKELIHOOD, Map.of());
    }

    /** Reverse KL against the named target energy (see targets.ToyEnergy). */
    public static ObjectiveSpec reverseKl(String target) {
        return new ObjectiveSpec(REVERSE_KL, Map.of("target", target));
    }

    public String option(String name) {
        return options == null ? null : options.get(name);
    }
}
