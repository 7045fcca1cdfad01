package io.dgm4j.models.gan;

/**
 * How a GAN trains (read by the adversarial objective).
 *
 * @param loss           non-saturating, minimax or wasserstein
 * @param criticSteps    critic updates per generator update (each on its own real batch)
 * @param generatorSteps generator updates after every {@code criticSteps}-th critic update
 * @param clip           WGAN weight clipping: every critic parameter is clamped to [-clip, clip]; 0 = off
 * @param gpWeight       WGAN-GP gradient penalty weight lambda; 0 = off
 */
public record GanTraining(String loss, int criticSteps, int generatorSteps, double clip, double gpWeight) {
    public static final String NON_SATURATING = "non-saturating";
    public static final String MINIMAX = "minimax";
    public static final String WASSERSTEIN = "wasserstein";

    public boolean wasserstein() {
        return loss.equals(WASSERSTEIN);
    }
}
