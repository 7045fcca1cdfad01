package io.dgm4j.models.ebm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A deep belief network's likelihood estimators and sampler against exact enumeration of every state of
 * tiny networks: the top RBM's log Z, p(v) summed over all hidden layers, and the exact variational bound.
 */
class DeepBeliefNetworkTest {
    private static final int VISIBLE = 4;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    static DeepBeliefNetwork random(int[] units, long seed) {
        Engine.seed(seed);
        DeepBeliefNetwork dbn = new DeepBeliefNetwork(new int[] {VISIBLE}, units, new Rbm.Training(1, false, 0, 300), 10);
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Tensor p : dbn.parameters().list()) {
                p.copy_(torch.randn(p.sizes().vec().get()).mul(new Scalar(0.7)));
            }
        }
        return dbn;
    }

    private static double[] values(Tensor t) {
        float[] f = Tensors.toFloats(t);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** log prod_i Bernoulli(x_i; sigmoid(bias_i + sum_k in_k w[k][i])) with w [in, out] row-major, or its transpose. */
    private static double logBernoulli(double[] x, double[] bias, double[] in, double[] w, boolean transposed) {
        double total = 0;
        int out = x.length;
        for (int i = 0; i < out; i++) {
            double logit = bias[i];
            for (int k = 0; k < in.length; k++) {
                logit += in[k] * (transposed ? w[i * in.length + k] : w[k * out + i]);
            }
            total += x[i] == 1 ? -Math.log1p(Math.exp(-logit)) : -Math.log1p(Math.exp(logit));
        }
        return total;
    }

    /** log p(v | h) of layer l's visible conditional, and log q(h | v) of its hidden one. */
    private static double logDown(Rbm layer, double[] v, double[] h) {
        return logBernoulli(v, values(layer.visibleBias()), h, values(layer.weight()), true);
    }

    private static double logUp(Rbm layer, double[] h, double[] v) {
        return logBernoulli(h, values(layer.hiddenBias()), v, values(layer.weight()), false);
    }

    /** Exact log p(v) of a 2- or 3-RBM network, summing every hidden layer below the top. */
    private static double exactLogProb(DeepBeliefNetwork dbn, double[] v) {
        double[] topLogP = ExactRbm.logProbabilities(dbn.top());
        int h1Units = dbn.layer(0).hiddenUnits();
        java.util.List<Double> terms = new java.util.ArrayList<>();
        for (int s1 = 0; s1 < 1 << h1Units; s1++) {
            double[] h1 = ExactRbm.state(s1, h1Units);
            double down = logDown(dbn.layer(0), v, h1);
            if (dbn.depth() == 2) {
                terms.add(down + topLogP[s1]);
            } else {
                int h2Units = dbn.layer(1).hiddenUnits();
                for (int s2 = 0; s2 < 1 << h2Units; s2++) {
                    double[] h2 = ExactRbm.state(s2, h2Units);
                    terms.add(down + logDown(dbn.layer(1), h1, h2) + topLogP[s2]);
                }
            }
        }
        return ExactRbm.logSumExp(terms.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The exact variational bound sum_h q(h|v) [log p(v, h) - log q(h|v)] of a 2-RBM network. */
    private static double exactElbo(DeepBeliefNetwork dbn, double[] v) {
        double[] topLogP = ExactRbm.logProbabilities(dbn.top());
        int units = dbn.layer(0).hiddenUnits();
        double elbo = 0;
        for (int s = 0; s < 1 << units; s++) {
            double[] h = ExactRbm.state(s, units);
            double logQ = logUp(dbn.layer(0), h, v);
            elbo += Math.exp(logQ) * (logDown(dbn.layer(0), v, h) + topLogP[s] - logQ);
        }
        return elbo;
    }

    @Test
    void importanceWeightedEstimateConvergesToTheExactLikelihoodAndTheElboSitsBelow() {
        for (int[] units : new int[][] {{3, 3}, {3, 3, 2}}) {
            DeepBeliefNetwork dbn = random(units, 3);
            double logZ = ExactRbm.logZ(dbn.top());
            Tensor states = ExactRbm.allVisibleStates(VISIBLE);
            int k = 20000;
            Tensor weights = dbn.logImportanceWeights(states, k, logZ);
            double[] estimate = values(torch.logsumexp(weights, new long[] {0}, false).sub(new Scalar(Math.log(k))));
            double[] meanWeight = values(weights.mean(new long[] {0}, false, new org.bytedeco.pytorch.ScalarTypeOptional()));
            double[] std = values(weights.std(new long[] {0}, true, false));
            // The delta method: the standard error of the log of the mean weight is the relative standard error
            // of the mean weight, std(w) / (mean(w) sqrt(K)).
            Tensor scaled = weights.sub(weights.amax(new long[] {0}, true)).exp();
            double[] relativeError = values(scaled.std(new long[] {0}, true, false)
                    .div(scaled.mean(new long[] {0}, false, new org.bytedeco.pytorch.ScalarTypeOptional()))
                    .div(new Scalar(Math.sqrt(k))));
            for (int s = 0; s < 1 << VISIBLE; s++) {
                double[] v = ExactRbm.state(s, VISIBLE);
                double exact = exactLogProb(dbn, v);
                assertTrue(relativeError[s] < 0.02, "a test that can tell: relative error " + relativeError[s]);
                assertEquals(exact, estimate[s], 4 * relativeError[s] + 1e-3,
                        "IW-20000 vs exact log p(v), state " + s + " of " + units.length + " RBMs");
                assertTrue(meanWeight[s] <= exact + 4 * std[s] / Math.sqrt(k), "the ELBO estimate is below log p(v)");
                if (units.length == 2) {
                    double elbo = exactElbo(dbn, v);
                    assertTrue(elbo <= exact + 1e-9, "exact ELBO " + elbo + " > log p " + exact);
                    assertEquals(elbo, meanWeight[s], 4 * std[s] / Math.sqrt(k) + 1e-4, "MC ELBO vs exact, state " + s);
                }
            }
        }
    }

    /** Gibbs in the top RBM, then down: the draws' pixel probabilities average to the exact E[v] under p(v). */
    @Test
    void samplesFollowTheExactMarginal() {
        for (int[] units : new int[][] {{3, 3}, {3, 3, 2}}) {
            DeepBeliefNetwork dbn = random(units, 4);
            double[] mean = new double[VISIBLE];
            for (int s = 0; s < 1 << VISIBLE; s++) {
                double[] v = ExactRbm.state(s, VISIBLE);
                double p = Math.exp(exactLogProb(dbn, v));
                for (int i = 0; i < VISIBLE; i++) {
                    mean[i] += p * v[i];
                }
            }
            double[] drawn = values(dbn.sample(20000).mean(new long[] {0}, false, new org.bytedeco.pytorch.ScalarTypeOptional()));
            for (int i = 0; i < VISIBLE; i++) {
                assertEquals(mean[i], drawn[i], 0.02, "E[v_" + i + "], " + units.length + " RBMs");
            }
        }
    }

    @Test
    void familyNeedsTwoLayersAndReadsItsOptions() {
        DbnFamily family = new DbnFamily();
        DeepBeliefNetwork dbn = (DeepBeliefNetwork) family.create(new ModelOptions(Map.of("units", "5,4,3",
                "layer-steps", "7")), new int[] {1, 3, 3});
        assertEquals(3, dbn.depth());
        assertEquals(9, dbn.layer(0).visibleUnits());
        assertEquals(4, dbn.layer(2).visibleUnits());
        assertEquals(0, dbn.trainingLayer(6));
        assertEquals(1, dbn.trainingLayer(7));
        assertEquals(2, dbn.trainingLayer(1000), "the top layer trains to the end");
        InvalidInputException one = assertThrows(InvalidInputException.class,
                () -> family.create(new ModelOptions(Map.of("units", "500")), new int[] {784}));
        assertTrue(one.getMessage().contains("at least two RBMs"), one.getMessage());
    }
}
