package io.dgm4j.eval;

import io.dgm4j.models.SamplesWithLogProb;
import io.dgm4j.targets.Target;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * How well a model q matches an unnormalised target p~ = exp(-U), from n samples of q and the
 * importance weights w = p~ / q:
 *
 * @param reverseKl  E_q[log q + U], which is KL(q || p) - log Z: the KL up to the target's unknown
 *                   log-normaliser (equal to the KL when p~ is normalised); lower is better
 * @param ess        normalised effective sample size (sum w)^2 / (n sum w^2), in (0, 1]: 1 when q = p
 * @param logZ       log of the importance-sampling estimate mean(w) of Z (a lower bound in expectation)
 * @param samples    n
 * @param reverseKlError the standard error of reverseKl, std(log w) / sqrt(n)
 * @param logZError  the standard error of logZ by the delta method, std(w) / (mean(w) sqrt(n)) =
 *                   sqrt((1 / ess - 1) / n) for the sample ess: the spread between two estimates, which
 *                   a small ess makes wide (and then understates, being read off the same weights)
 */
public record ImportanceSampling(double reverseKl, double ess, double logZ, long samples, double reverseKlError,
                                 double logZError) {

    public static ImportanceSampling estimate(SamplesWithLogProb model, Target target, long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            SamplesWithLogProb.Sample s = model.sampleWithLogProb(n);
            // Double precision: the weights span many orders of magnitude early in training.
            Tensor logWeights = target.energy(s.values()).add(s.logProb()).neg().to(torch.ScalarType.Double);
            return fromLogWeights(logWeights);
        }
    }

    /** The estimates from log w = -U - log q of n samples of q, [n]. */
    static ImportanceSampling fromLogWeights(Tensor logWeights) {
        long n = logWeights.size(0);
        double logN = Math.log(n);
        double logSum = logWeights.logsumexp(0).item_double();
        double logSumOfSquares = logWeights.mul(new Scalar(2)).logsumexp(0).item_double();
        double reverseKl = -logWeights.mean().item_double();
        double ess = Math.exp(2 * logSum - logN - logSumOfSquares);
        double reverseKlError = logWeights.std().item_double() / Math.sqrt(n);
        double logZError = Math.sqrt(Math.max(0, 1 / ess - 1) / n);
        return new ImportanceSampling(reverseKl, ess, logSum - logN, n, reverseKlError, logZError);
    }
}
