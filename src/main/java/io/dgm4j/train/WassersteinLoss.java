package io.dgm4j.train;

import org.bytedeco.pytorch.Tensor;

/**
 * The Wasserstein GAN's losses: the critic f maximises E f(real) - E f(fake) (the dual estimate of
 * the Wasserstein-1 distance when f is 1-Lipschitz, which weight clipping or the gradient penalty
 * enforce), so it minimises E f(fake) - E f(real); the generator minimises -E f(fake).
 */
public final class WassersteinLoss implements AdversarialLoss {
    @Override
    public Tensor criticLoss(Tensor realScores, Tensor fakeScores) {
        return fakeScores.mean().sub(realScores.mean());
    }

    @Override
    public Tensor generatorLoss(Tensor fakeScores) {
        return fakeScores.mean().neg();
    }
}
