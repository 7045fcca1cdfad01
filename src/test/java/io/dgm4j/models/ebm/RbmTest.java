package io.dgm4j.models.ebm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.ContrastiveDivergence;
import io.dgm4j.train.Optimization;
import io.dgm4j.train.TrainingConfig;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A tiny RBM's free energy, Gibbs sampler and CD/PCD training against exact enumeration ({@link ExactRbm}). */
class RbmTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    @Test
    void freeEnergyIsMinusTheLogSumOverHiddenStates() {
        Rbm rbm = ExactRbm.random(5, 3, 1.0, 1, Map.of());
        double[] exact = ExactRbm.logUnnormalized(rbm);
        float[] freeEnergy = Tensors.toFloats(rbm.freeEnergy(ExactRbm.allVisibleStates(5)));
        for (int s = 0; s < exact.length; s++) {
            assertEquals(-exact[s], freeEnergy[s], 1e-4, "state " + s);
        }
    }

    /**
     * The CD loss mean F(x) - mean F(v-) has the gradient of the log-likelihood's two phases:
     * dW = -(x^T p(h|x) - v-^T p(h|v-)) / N, db = -(mean x - mean v-), dc = -(mean p(h|x) - mean p(h|v-)).
     */
    @Test
    void contrastiveLossGradientIsPositiveMinusNegativeStatistics() {
        Rbm rbm = ExactRbm.random(6, 4, 0.5, 2, Map.of());
        Tensor x = Rbm.bernoulli(torch.rand(8, 6));
        Tensor negatives = Rbm.bernoulli(torch.rand(8, 6));
        rbm.freeEnergy(x).mean().sub(rbm.freeEnergy(negatives).mean()).backward();

        Tensor hx = rbm.hiddenProbabilities(x).detach();
        Tensor hn = rbm.hiddenProbabilities(negatives).detach();
        Tensor dw = x.t().matmul(hx).sub(negatives.t().matmul(hn)).div(new Scalar(8.0)).neg();
        assertClose(dw, rbm.weight().grad());
        assertClose(x.mean(new long[] {0}).sub(negatives.mean(new long[] {0})).neg(), rbm.visibleBias().grad());
        assertClose(hx.mean(new long[] {0}).sub(hn.mean(new long[] {0})).neg(), rbm.hiddenBias().grad());
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        float[] e = Tensors.toFloats(expected);
        float[] a = Tensors.toFloats(actual);
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5, "entry " + i);
        }
    }

    /** Block Gibbs sampling leaves p(v) invariant: many long chains visit each state as often as p(v) says. */
    @Test
    void gibbsChainsReachTheExactDistribution() {
        Rbm rbm = ExactRbm.random(4, 3, 1.0, 3, Map.of());
        double[] exact = ExactRbm.logProbabilities(rbm);
        int chains = 40000;
        float[] v = Tensors.toFloats(rbm.gibbs(Rbm.bernoulli(torch.rand(chains, 4)), 50));
        double[] counts = new double[exact.length];
        for (int n = 0; n < chains; n++) {
            int s = 0;
            for (int i = 0; i < 4; i++) {
                s |= (v[n * 4 + i] > 0.5f ? 1 : 0) << i;
            }
            counts[s]++;
        }
        double totalVariation = 0;
        for (int s = 0; s < exact.length; s++) {
            totalVariation += Math.abs(counts[s] / chains - Math.exp(exact[s])) / 2;
        }
        // Sampling noise alone: about sqrt(16 / (2 pi 40000)) ~ 0.008.
        assertTrue(totalVariation < 0.02, "total variation " + totalVariation);
    }

    /** Two noisy prototypes over 8 binary pixels: CD-1 and PCD-1 both raise the exact log-likelihood well above uniform. */
    @Test
    void contrastiveDivergenceRaisesTheExactLikelihood() {
        float[][] rows = prototypes(400);
        for (Map<String, String> options : List.of(Map.<String, String>of(),
                Map.of("persistent", "true", "chains", "50"))) {
            Rbm rbm = ExactRbm.random(8, 4, 0.01, 4, options);
            double before = ExactRbm.meanLogLikelihood(rbm, rows);
            ContrastiveDivergence cd = new ContrastiveDivergence(rbm);
            Optimization optimization = new Optimization(cd.parameterGroups(),
                    TrainingConfig.builder(600, 50, 0.05).optimizer("sgd").momentum(0.5).build());
            Tensor data = Tensors.of(flat(rows), rows.length, 8);
            for (int step = 0; step < 600; step++) {
                try (PointerScope scope = new PointerScope()) {
                    cd.step(data.narrow(0, (step % 8) * 50, 50), optimization);
                }
            }
            double after = ExactRbm.meanLogLikelihood(rbm, rows);
            // Uniform: 8 log 2 = -5.55. The data's own entropy bound: about -3.6 nats.
            assertTrue(before < -5.5 && after > -4.3, options + ": log-likelihood " + before + " -> " + after);
        }
    }

    /**
     * A long chain keeps only its state: 300 steps on 500 chains of 784 pixels make ~1 GB of
     * intermediates, which used to stay resident until the caller's scope closed.
     */
    @Test
    void longGibbsChainFreesEachStep() {
        Rbm rbm = new Rbm(new int[] {784}, 100, new Rbm.Training(1, false, 1, 1));
        try (PointerScope outer = new PointerScope()) {
            Tensor start = Rbm.bernoulli(torch.rand(500, 784));
            rbm.gibbs(start, 20);
            long before = Pointer.physicalBytes();
            Tensor end = rbm.gibbs(start, 300);
            long grown = Pointer.physicalBytes() - before;
            assertEquals(500 * 784, end.numel());
            assertTrue(grown < 200L << 20, "resident memory grew by " + (grown >> 20) + " MB over the chain");
        }
    }

    /** The base bias is the logit of the smoothed marginals: (count + 1) / (N + 2). */
    @Test
    void logitsOfMarginalsAreSmoothed() {
        Tensor data = Tensors.of(new float[] {1, 0, 1, 0, 1, 0}, 3, 2);
        float[] bias = Tensors.toFloats(Rbm.logitsOfMarginals(data));
        assertEquals(Math.log(0.8 / 0.2), bias[0], 1e-5);
        assertEquals(Math.log(0.2 / 0.8), bias[1], 1e-5);
    }

    /** CD's first step starts the visible biases at the batch's marginals (then takes its update). */
    @Test
    void firstStepSetsVisibleBiasesFromTheData() {
        Rbm rbm = ExactRbm.random(8, 4, 0.01, 5, Map.of());
        ContrastiveDivergence cd = new ContrastiveDivergence(rbm);
        Optimization optimization = new Optimization(cd.parameterGroups(),
                TrainingConfig.builder(1, 50, 1e-6).optimizer("sgd").build());
        Tensor batch = Tensors.of(flat(prototypes(50)), 50, 8);
        cd.step(batch, optimization);
        float[] expected = Tensors.toFloats(Rbm.logitsOfMarginals(batch));
        float[] actual = Tensors.toFloats(rbm.visibleBias());
        for (int i = 0; i < 8; i++) {
            assertEquals(expected[i], actual[i], 1e-4, "pixel " + i);
        }
    }

    /** Each row copies one of two complementary prototypes with 5% of its pixels flipped. */
    static float[][] prototypes(int n) {
        SplittableRandom random = new SplittableRandom(7);
        float[][] rows = new float[n][8];
        for (int r = 0; r < n; r++) {
            int prototype = random.nextInt(2);
            for (int i = 0; i < 8; i++) {
                int bit = (i < 4) == (prototype == 0) ? 1 : 0;
                rows[r][i] = random.nextDouble() < 0.05 ? 1 - bit : bit;
            }
        }
        return rows;
    }

    static float[] flat(float[][] rows) {
        float[] values = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, values, r * rows[0].length, rows[0].length);
        }
        return values;
    }
}
