package io.dgm4j.train;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The discriminator as in {@link MinimaxLoss}; the generator minimises -E log D(G(z)) =
 * E softplus(-l) instead, whose gradient is strong exactly where the discriminator rejects the samples.
 */
public final class NonSaturatingLoss implements AdversarialLoss {
    @Override
    public Tensor criticLoss(Tensor realScores, Tensor fakeScores) {
        return MinimaxLoss.discriminatorLoss(realScores, fakeScores);
    }

    @Override
    public Tensor generatorLoss(Tensor fakeScores) {
        return torch.softplus(fakeScores.neg()).mean();
    }
}
