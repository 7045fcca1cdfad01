package io.dgm4j.eval;

import io.dgm4j.models.ebm.Rbm;
import java.util.function.IntConsumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Annealed importance sampling (Neal 2001) of an RBM's log-partition function log Z, as Salakhutdinov
 * and Murray (2008) run it. The chains start in a base RBM A with no weights, no hidden biases and
 * visible biases b_A (from the data's pixel marginals, so that A already looks like the data), whose
 * log Z_A = H log 2 + sum_i softplus(b_A,i) is exact, and move through the distributions
 * p*_beta(v) = exp((1 - beta) v.b_A + beta v.b) prod_j (1 + exp(beta (c + v W)_j)) for beta = 1/K .. 1,
 * one Gibbs transition at each. Each chain's weight w multiplies p*_beta(v) / p*_beta'(v) along the way;
 * mean(w) estimates Z_B / Z_A without bias, so log Z is underestimated in expectation (Jensen) and
 * the NLL F(v) + log Z that it gives is optimistic by as much. The spread says how far to trust it.
 *
 * @param logZ         log Z_A + log mean(w)
 * @param logZLow      log Z_A + log(mean(w) - 3 standard errors), -infinity when that is below 0
 * @param logZHigh     log Z_A + log(mean(w) + 3 standard errors)
 * @param chains       number of independent AIS runs
 * @param temperatures K, the number of intermediate distributions
 * @param effectiveChains (sum w)^2 / sum w^2, between 1 and the chains: how many chains the estimate rests on.
 *                     Far fewer than the chains means a few heavy weights dominate, and the band, computed
 *                     from the same weights, is not to be trusted either
 */
public record AnnealedImportanceSampling(double logZ, double logZLow, double logZHigh, int chains, int temperatures,
                                         double effectiveChains) {
    /**
     * @param baseBias     b_A [V], e.g. {@link Rbm#logitsOfMarginals} of the training data
     * @param progress     told the number of temperatures done, now and then (long runs take minutes)
     */
    public static AnnealedImportanceSampling estimate(Rbm rbm, Tensor baseBias, int chains, int temperatures,
            IntConsumer progress) {
        if (chains < 2 || temperatures < 1) {
            throw new IllegalArgumentException("AIS needs at least 2 chains and 1 temperature");
        }
        try (NoGradGuard guard = new NoGradGuard(); PointerScope outer = new PointerScope()) {
            Tensor w = rbm.weight();
            Tensor b = rbm.visibleBias();
            Tensor c = rbm.hiddenBias();
            Tensor v = torch.sigmoid(baseBias).expand(chains, -1).contiguous();
            v.copy_(Rbm.bernoulli(v));
            Tensor logWeights = torch.zeros(new long[] {chains}, new TensorOptions(torch.ScalarType.Double));
            int reportEvery = Math.max(1, temperatures / 100);
            for (int k = 1; k <= temperatures; k++) {
                double previous = (k - 1) / (double) temperatures;
                double beta = k / (double) temperatures;
                try (PointerScope scope = new PointerScope()) {
                    Tensor activation = torch.addmm(c, v, w);
                    // log p*_beta(v) - log p*_beta'(v) at the current states.
                    Tensor visibleGain = v.matmul(b.sub(baseBias)).mul(new Scalar(beta - previous));
                    Tensor hiddenGain = torch.softplus(activation.mul(new Scalar(beta)))
                            .sub(torch.softplus(activation.mul(new Scalar(previous)))).sum(1);
                    logWeights.add_(visibleGain.add(hiddenGain).to(torch.ScalarType.Double));
                    if (k < temperatures) {
                        // One Gibbs transition that leaves p_beta invariant.
                        Tensor h = Rbm.bernoulli(activation.mul(new Scalar(beta)).sigmoid());
                        Tensor visibleLogits = torch.addmm(b, h, w.t()).mul(new Scalar(beta))
                                .add(baseBias.mul(new Scalar(1 - beta)));
                        v.copy_(Rbm.bernoulli(visibleLogits.sigmoid()));
                    }
                }
                if (k % reportEvery == 0 || k == temperatures) {
                    progress.accept(k);
                }
            }
            double logZBase = rbm.hiddenUnits() * Math.log(2) + torch.softplus(baseBias).sum().item_double();
            return fromLogWeights(logZBase, logWeights, temperatures);
        }
    }

    /** The estimate and its 3-standard-error band from the chains' final log weights [M] (double). */
    static AnnealedImportanceSampling fromLogWeights(double logZBase, Tensor logWeights, int temperatures) {
        int m = (int) logWeights.size(0);
        double shift = logWeights.max().item_double();
        Tensor scaled = logWeights.sub(new Scalar(shift)).exp();
        double mean = scaled.mean().item_double();
        double standardError = scaled.std().item_double() / Math.sqrt(m);
        double low = mean - 3 * standardError;
        double sum = scaled.sum().item_double();
        return new AnnealedImportanceSampling(logZBase + shift + Math.log(mean),
                low > 0 ? logZBase + shift + Math.log(low) : Double.NEGATIVE_INFINITY,
                logZBase + shift + Math.log(mean + 3 * standardError), m, temperatures,
                sum * sum / scaled.square().sum().item_double());
    }
}
