package io.dgm4j.models.helmholtz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.eval.ImportanceWeightedBound;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.Optimization;
import io.dgm4j.train.TrainingConfig;
import io.dgm4j.train.WakeSleep;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tiny Helmholtz machine (2 visible, 2 + 1 hidden units) against exact enumeration of its 2 x 8
 * states, computed here in double precision from the parameter values, independently of the model.
 */
class HelmholtzMachineTest {
    /** The 4 visible patterns. */
    private static final float[][] XS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** A 2-visible machine with hidden layers of 2 and 1 units, parameters scaled up so q and p are far from uniform. */
    private static HelmholtzMachine tinyMachine(long seed, double scale) {
        Engine.seed(seed);
        HelmholtzMachine m = (HelmholtzMachine) new HelmholtzFamily().create(
                new ModelOptions(Map.of("units", "2,1")), new int[] {2});
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Tensor p : m.parameters().list()) {
                p.mul_(new Scalar(scale));
            }
        }
        return m;
    }

    private static double[] values(HelmholtzMachine m, String name) {
        float[] f = Tensors.toFloats(m.parameters().get(name));
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** log prod_j Bernoulli(out_j; sigmoid(in W + b)) with W [in, out] row-major. */
    private static double logBernoulli(double[] w, double[] b, double[] in, double[] out) {
        double total = 0;
        for (int j = 0; j < out.length; j++) {
            double a = b[j];
            for (int i = 0; i < in.length; i++) {
                a += in[i] * w[i * out.length + j];
            }
            double p = 1 / (1 + Math.exp(-a));
            total += Math.log(out[j] == 1 ? p : 1 - p);
        }
        return total;
    }

    private static double[] bits(int value, int count) {
        double[] b = new double[count];
        for (int i = 0; i < count; i++) {
            b[i] = (value >> i) & 1;
        }
        return b;
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** log p(x, h1, h2) by hand. */
    private static double logJoint(HelmholtzMachine m, double[] x, double[] h1, double[] h2) {
        double[] none = {};
        return logBernoulli(none, values(m, "generative.h2.logits"), none, h2)
                + logBernoulli(values(m, "generative.h1.weight"), values(m, "generative.h1.bias"), h2, h1)
                + logBernoulli(values(m, "generative.x.weight"), values(m, "generative.x.bias"), h1, x);
    }

    /** log q(h1, h2 | x) by hand. */
    private static double logRecognition(HelmholtzMachine m, double[] x, double[] h1, double[] h2) {
        return logBernoulli(values(m, "recognition.h1.weight"), values(m, "recognition.h1.bias"), x, h1)
                + logBernoulli(values(m, "recognition.h2.weight"), values(m, "recognition.h2.bias"), h1, h2);
    }

    /** log p(x) = log sum_h p(x, h) over the 8 hidden states. */
    private static double exactLogLikelihood(HelmholtzMachine m, double[] x) {
        double p = 0;
        for (int h = 0; h < 8; h++) {
            p += Math.exp(logJoint(m, x, bits(h, 2), bits(h >> 2, 1)));
        }
        return Math.log(p);
    }

    /** E_q[log p(x, h) - log q(h|x)] by enumeration. */
    private static double exactElbo(HelmholtzMachine m, double[] x) {
        double elbo = 0;
        for (int h = 0; h < 8; h++) {
            double logQ = logRecognition(m, x, bits(h, 2), bits(h >> 2, 1));
            elbo += Math.exp(logQ) * (logJoint(m, x, bits(h, 2), bits(h >> 2, 1)) - logQ);
        }
        return elbo;
    }

    private static Tensor row(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensors.of(f, 1, v.length);
    }

    private static Tensor allPatterns() {
        float[] flat = new float[8];
        for (int i = 0; i < 4; i++) {
            flat[2 * i] = XS[i][0];
            flat[2 * i + 1] = XS[i][1];
        }
        return Tensors.of(flat, 4, 2);
    }

    @Test
    void jointAndRecognitionLogProbabilitiesMatchHandComputation() {
        HelmholtzMachine m = tinyMachine(1, 3);
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            for (float[] xf : XS) {
                double[] x = doubles(xf);
                for (int h = 0; h < 8; h++) {
                    double[] h1 = bits(h, 2);
                    double[] h2 = bits(h >> 2, 1);
                    List<Tensor> hidden = List.of(row(h1), row(h2));
                    assertEquals(logJoint(m, x, h1, h2), m.logJoint(row(x), hidden).item_double(), 1e-4);
                    assertEquals(logRecognition(m, x, h1, h2), m.logRecognition(row(x), hidden).item_double(), 1e-4);
                }
            }
            double total = 0;
            for (float[] x : XS) {
                total += Math.exp(exactLogLikelihood(m, doubles(x)));
            }
            assertEquals(1, total, 1e-9, "p(x) sums to 1 over the 4 patterns");
        }
    }

    @Test
    void importanceSampledEstimateConvergesToExactLogLikelihoodAndTheElboStaysBelow() {
        HelmholtzMachine m = tinyMachine(2, 3);
        Engine.seed(3);
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            Tensor x = allPatterns();
            ImportanceWeightedBound bound = new ImportanceWeightedBound();
            float[] iwae = Tensors.toFloats(bound.perExample(m, x, 50_000));
            // One K = 2 estimate may lie above log p(x); its mean over 20000 draws lies between the ELBO and log p(x).
            Tensor copies = x.repeat(20_000, 1);
            float[] iwae2 = Tensors.toFloats(bound.perExample(m, copies, 2).reshape(20_000, 4).mean(new long[] {0}));
            float[] elbo = Tensors.toFloats(m.logImportanceWeights(x, 50_000).mean(new long[] {0}));
            for (int i = 0; i < 4; i++) {
                double[] xi = doubles(XS[i]);
                double exact = exactLogLikelihood(m, xi);
                double exactElbo = exactElbo(m, xi);
                assertEquals(exact, iwae[i], 0.01, "K = 50000 bound for x = " + i);
                assertEquals(exactElbo, elbo[i], 0.05, "Monte Carlo ELBO for x = " + i);
                assertTrue(exactElbo < exact - 0.05, "the ELBO " + exactElbo + " is below log p(x) " + exact);
                assertTrue(iwae2[i] < exact + 0.02 && iwae2[i] > exactElbo - 0.02,
                        "the K = 2 bound " + iwae2[i] + " lies between the ELBO " + exactElbo + " and log p(x) " + exact);
            }
        }
    }

    @Test
    void naiveEstimatorIsUnbiasedInProbability() {
        HelmholtzMachine m = tinyMachine(4, 3);
        Engine.seed(5);
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            long k = 200_000;
            Tensor p = m.logLikelihoodsUnderPrior(allPatterns(), k).to(torch.ScalarType.Double).exp();
            float[] mean = Tensors.toFloats(p.mean(new long[] {0}).to(torch.ScalarType.Float));
            float[] std = Tensors.toFloats(p.std(new long[] {0}, true, false).to(torch.ScalarType.Float));
            for (int i = 0; i < 4; i++) {
                double exact = Math.exp(exactLogLikelihood(m, doubles(XS[i])));
                double standardError = std[i] / Math.sqrt(k);
                assertEquals(exact, mean[i], 4 * standardError + 1e-6, "mean of p(x|z_k), z_k ~ p, for x = " + i);
            }
        }
    }

    @Test
    void wakeSleepIncreasesTheExactLogLikelihood() {
        Engine.seed(6);
        HelmholtzMachine m = (HelmholtzMachine) new HelmholtzFamily().create(
                new ModelOptions(Map.of("units", "2,1")), new int[] {2});
        // 60% (1, 1), 30% (0, 0), 10% (1, 0): the best achievable mean log-likelihood is minus its entropy, -0.898.
        int n = 100;
        float[] data = new float[2 * n];
        double[] weight = new double[4];
        for (int i = 0; i < n; i++) {
            int pattern = i < 60 ? 3 : i < 90 ? 0 : 2;
            data[2 * i] = XS[pattern][0];
            data[2 * i + 1] = XS[pattern][1];
            weight[pattern] += 1.0 / n;
        }
        Tensor batch = Tensors.of(data, n, 2);
        double before = meanLogLikelihood(m, weight);
        WakeSleep objective = new WakeSleep(m);
        Optimization optimization = new Optimization(objective.parameterGroups(),
                TrainingConfig.builder(400, n, 0.03).seed(6).build());
        for (int step = 0; step < 400; step++) {
            try (PointerScope scope = new PointerScope()) {
                objective.step(batch, optimization);
            }
        }
        double after = meanLogLikelihood(m, weight);
        assertTrue(after > before + 0.2, "exact mean log-likelihood " + before + " -> " + after);
        assertTrue(after < -0.898 + 1e-6, "never above minus the data's entropy: " + after);
    }

    private static double meanLogLikelihood(HelmholtzMachine m, double[] weight) {
        double total = 0;
        for (int i = 0; i < 4; i++) {
            total += weight[i] * exactLogLikelihood(m, doubles(XS[i]));
        }
        return total;
    }
}
