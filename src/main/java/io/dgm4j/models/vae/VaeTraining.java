package io.dgm4j.models.vae;

/**
 * How a VAE is trained: the number of importance samples (1: the ELBO with the closed-form KL;
 * K > 1: the IWAE bound), the weight beta of the KL term, and a linear KL warm-up that raises
 * that weight from 0 to beta over the first {@code klWarmupSteps} steps (0: no warm-up).
 */
public record VaeTraining(int samples, double beta, long klWarmupSteps) {
    /** The weight of the KL term (or of log p(z) - log q(z|x) in the IWAE bound) at a 0-based step. */
    public double klWeight(long step) {
        if (klWarmupSteps == 0 || step >= klWarmupSteps) {
            return beta;
        }
        return beta * step / klWarmupSteps;
    }
}
