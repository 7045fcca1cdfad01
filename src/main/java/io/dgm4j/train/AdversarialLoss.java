package io.dgm4j.train;

import io.dgm4j.models.gan.GanTraining;
import org.bytedeco.pytorch.Tensor;

/** The two players' losses of a GAN, from critic scores [N] of real and of generated examples. */
public interface AdversarialLoss {
    /** What the critic minimises. */
    Tensor criticLoss(Tensor realScores, Tensor fakeScores);

    /** What the generator minimises. */
    Tensor generatorLoss(Tensor fakeScores);

    static AdversarialLoss named(String name) {
        return switch (name) {
            case GanTraining.NON_SATURATING -> new NonSaturatingLoss();
            case GanTraining.MINIMAX -> new MinimaxLoss();
            case GanTraining.WASSERSTEIN -> new WassersteinLoss();
            default -> throw new IllegalArgumentException("unknown adversarial loss " + name);
        };
    }
}
