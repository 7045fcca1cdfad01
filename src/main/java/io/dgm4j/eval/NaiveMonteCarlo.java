package io.dgm4j.eval;

import io.dgm4j.models.LatentVariableModel;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * The naive Monte Carlo estimate of log p(x): log (1/K) sum_k p(x|z_k) with z_k ~ p(z) drawn from
 * the prior instead of a proposal fitted to x. Its p-estimate is unbiased, but almost every z_k
 * explains x badly, so the log-estimate sits far below log p(x) and varies a lot between repeats:
 * the figures show why importance sampling from q(z|x) is used instead.
 *
 * @param meanNll the mean over repeats of minus the estimate averaged over the examples, in nats
 * @param std     the standard deviation of that per-repeat figure across the repeats
 */
public record NaiveMonteCarlo(double meanNll, double std, int repeats, long k) {

    /** {@code repeats} independent K-sample estimates of the mean NLL of {@code x} (as the model evaluates it). */
    public static NaiveMonteCarlo estimate(LatentVariableModel model, Tensor x, long k, int repeats) {
        if (repeats < 2) {
            throw new IllegalArgumentException("the spread needs at least 2 repeats");
        }
        ImportanceWeightedBound chunks = new ImportanceWeightedBound();
        double[] nll = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            try (PointerScope scope = new PointerScope()) {
                nll[r] = -chunks.logMeanExp(model::logLikelihoodsUnderPrior, x, k).mean().item_double();
            }
        }
        double mean = 0;
        for (double v : nll) {
            mean += v / repeats;
        }
        double squares = 0;
        for (double v : nll) {
            squares += (v - mean) * (v - mean);
        }
        return new NaiveMonteCarlo(mean, Math.sqrt(squares / (repeats - 1)), repeats, k);
    }
}
