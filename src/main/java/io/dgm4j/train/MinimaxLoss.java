package io.dgm4j.train;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Goodfellow et al.'s original game on logits l: the discriminator D = sigmoid(l) minimises
 * -E log D(x) - E log(1 - D(G(z))) (binary cross-entropy), the generator minimises
 * E log(1 - D(G(z))) = -E softplus(l). Its gradient vanishes where D(G(z)) is near 0, which is
 * where training starts; {@link NonSaturatingLoss} is the usual fix.
 */
public final class MinimaxLoss implements AdversarialLoss {
    @Override
    public Tensor criticLoss(Tensor realScores, Tensor fakeScores) {
        return discriminatorLoss(realScores, fakeScores);
    }

    /** Binary cross-entropy of real (label 1) and fake (label 0) logits: softplus(-l) and softplus(l). */
    static Tensor discriminatorLoss(Tensor realScores, Tensor fakeScores) {
        return torch.softplus(realScores.neg()).mean().add(torch.softplus(fakeScores).mean());
    }

    @Override
    public Tensor generatorLoss(Tensor fakeScores) {
        return torch.softplus(fakeScores).mean().neg();
    }
}
