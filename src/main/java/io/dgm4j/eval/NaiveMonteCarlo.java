package io.dgm4j.eval;

import io.dgm4j.models.LatentVariableModel;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The naive Monte Carlo estimate of log p(x): log (1/K) sum_k p(x|z_k) with z_k ~ p(z) drawn from
 * the prior instead of a proposal fitted to x. Its p-estimate is unbiased, but almost every z_k
 * explains x badly, so the log-estimate sits far below log p(x) and varies a lot between repeats:
 * the figures show why importance sampling from q(z|x) is used instead.
 *
 * @param meanNll    the mean over repeats of minus the estimate averaged over the examples, in nats
 * @param std        the standard deviation of that per-repeat figure across the repeats
 * @param exampleStd the standard deviation across repeats of one example's estimate, averaged over the
 *                   examples: the noise of a single estimate, which averaging over the data set hides
 */
public record NaiveMonteCarlo(double meanNll, double std, double exampleStd, int repeats, long k) {

    /** {@code repeats} independent K-sample estimates of the NLL of {@code x} (as the model evaluates it). */
    public static NaiveMonteCarlo estimate(LatentVariableModel model, Tensor x, long k, int repeats) {
        if (repeats < 2) {
            throw new IllegalArgumentException("the spread needs at least 2 repeats");
        }
        ImportanceWeightedBound chunks = new ImportanceWeightedBound();
        try (PointerScope scope = new PointerScope()) {
            TensorVector estimates = new TensorVector();
            for (int r = 0; r < repeats; r++) {
                estimates.push_back(chunks.logMeanExp(model::logLikelihoodsUnderPrior, x, k).neg());
            }
            Tensor nll = torch.stack(estimates).to(torch.ScalarType.Double); // [repeats, N]
            Tensor perRepeat = nll.mean(new long[] {1});
            return new NaiveMonteCarlo(perRepeat.mean().item_double(),
                    perRepeat.std(new long[] {0}, true, false).item_double(),
                    nll.std(new long[] {0}, true, false).mean().item_double(), repeats, k);
        }
    }
}
