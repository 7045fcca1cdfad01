package io.dgm4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.eval.DensityGrid;
import io.dgm4j.eval.ImportanceSampling;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.ModelRegistry;
import io.dgm4j.models.SamplesWithLogProb;
import io.dgm4j.models.flows.ElementwiseAffine;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.nn.Parameters;
import io.dgm4j.targets.Target;
import io.dgm4j.targets.ToyEnergy;
import io.dgm4j.tensor.Engine;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReverseKlTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** q = N(shift, diag(scale^2)) as a flow: a fixed affine map of a standard normal. */
    static Flow gaussianFlow(float[] shift, float[] scale) {
        return new Flow(new StandardNormal(shift.length), new ElementwiseAffine(shift, scale), new Parameters(),
                new int[] {shift.length});
    }

    /** A user-supplied target through the Java API: U(x) = |x - mean|^2 / (2 std^2), so Z = (2 pi std^2)^(d/2). */
    record GaussianEnergy(float[] mean, double std) implements Target {
        @Override
        public int dimension() {
            return mean.length;
        }

        @Override
        public Tensor energy(Tensor x) {
            Tensor m = io.dgm4j.tensor.Tensors.of(mean, mean.length);
            return x.sub(m).square().sum(1).div(new Scalar(2 * std * std));
        }

        double logZ() {
            return 0.5 * mean.length * Math.log(2 * Math.PI * std * std);
        }
    }

    @Test
    void essIsOneAndTheEstimatesAreExactWhenTheModelIsTheTarget() {
        Engine.seed(1);
        GaussianEnergy target = new GaussianEnergy(new float[] {0.5f, -1f}, 0.7);
        ImportanceSampling e = ImportanceSampling.estimate(
                gaussianFlow(new float[] {0.5f, -1f}, new float[] {0.7f, 0.7f}), target, 2000);
        assertEquals(1.0, e.ess(), 1e-6);
        assertEquals(target.logZ(), e.logZ(), 1e-4);
        assertEquals(0.0, e.reverseKl() + target.logZ(), 1e-4, "KL(p || p) = 0");
    }

    /**
     * q = N(0, s^2 I) against p = N(0, I) in d = 2: E_q[w^2] / E_q[w]^2 = (s^2 / sqrt(2 s^2 - 1))^d, so the
     * normalised ESS tends to ((2 s^2 - 1)^(1/2) / s^2)^d = 3.5 / 5.0625 = 0.691 for s = 1.5.
     */
    @Test
    void essDropsAsTheAnalyticFormulaSaysForAMismatchedGaussian() {
        Engine.seed(2);
        double s = 1.5;
        ImportanceSampling e = ImportanceSampling.estimate(
                gaussianFlow(new float[] {0, 0}, new float[] {(float) s, (float) s}),
                new GaussianEnergy(new float[] {0, 0}, 1), 200_000);
        double expected = (2 * s * s - 1) / (s * s * s * s);
        assertEquals(expected, e.ess(), 0.02);
        assertEquals(Math.log(2 * Math.PI), e.logZ(), 0.02);
    }

    /**
     * The reported standard errors of reverse_kl and log_z are the spread of the estimates: over 500
     * independent estimates of 2000 samples each (q = N(0, 1.5^2 I) against N(0, I), ess 0.69), the
     * standard deviation of each estimate matches its mean reported error within 12% (sampling error of
     * the spread itself: about 3%; sqrt((1 - ess) / n) for log Z would be 17% low).
     */
    @Test
    void standardErrorsAreTheSpreadOfRepeatedEstimates() {
        Engine.seed(4);
        var model = gaussianFlow(new float[] {0, 0}, new float[] {1.5f, 1.5f});
        GaussianEnergy target = new GaussianEnergy(new float[] {0, 0}, 1);
        int repeats = 500;
        double[] kl = new double[repeats];
        double[] logZ = new double[repeats];
        double klError = 0;
        double logZError = 0;
        for (int r = 0; r < repeats; r++) {
            ImportanceSampling e = ImportanceSampling.estimate(model, target, 2000);
            kl[r] = e.reverseKl();
            logZ[r] = e.logZ();
            klError += e.reverseKlError() / repeats;
            logZError += e.logZError() / repeats;
        }
        assertEquals(standardDeviation(kl), klError, 0.12 * klError, "reverse KL");
        assertEquals(standardDeviation(logZ), logZError, 0.12 * logZError, "log Z");
    }

    private static double standardDeviation(double[] values) {
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        double squares = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(squares / (values.length - 1));
    }

    /** KL(N(mu, diag sigma^2) || N(m, std^2 I)) = sum_i [log(std / sigma_i) + (sigma_i^2 + (mu_i - m_i)^2) / (2 std^2) - 1/2]. */
    @Test
    void reverseKlEstimateMatchesTheAnalyticKlBetweenTwoGaussians() {
        Engine.seed(3);
        float[] mu = {0.5f, -0.3f};
        float[] sigma = {1.2f, 0.8f};
        GaussianEnergy target = new GaussianEnergy(new float[] {0f, 0.2f}, 1.1);
        double kl = 0;
        for (int i = 0; i < 2; i++) {
            double diff = mu[i] - target.mean()[i];
            kl += Math.log(target.std() / sigma[i]) + (sigma[i] * sigma[i] + diff * diff) / (2 * target.std() * target.std())
                    - 0.5;
        }
        Flow q = gaussianFlow(mu, sigma);
        ImportanceSampling e = ImportanceSampling.estimate(q, target, 200_000);
        // Monte Carlo: log w has a standard deviation below 1 here, so 200k samples give ~0.002.
        assertEquals(kl, e.reverseKl() + target.logZ(), 0.01);
        // The objective reports the same estimate, and its training loss is the same expectation.
        ReverseKl objective = new ReverseKl(q, target, 50_000);
        assertEquals(kl - target.logZ(), objective.validate(null).get("val_reverse_kl"), 0.02);
        SamplesWithLogProb.Sample sample = q.sampleWithLogProb(50_000);
        double loss = sample.logProb().add(target.energy(sample.values())).mean().item_double();
        assertEquals(kl - target.logZ(), loss, 0.02);
    }

    static Trainer.Result train(Path dir, GenerativeModel model, String modelName, String target, long steps,
                                double lr, long seed) {
        return train(dir, model, modelName, target, steps, lr, seed, "constant");
    }

    static Trainer.Result train(Path dir, GenerativeModel model, String modelName, String target, long steps,
                                double lr, long seed, String schedule) {
        TrainingConfig c = TrainingConfig.builder(steps, 256, lr).schedule(schedule).seed(seed).build();
        RunConfig config = new RunConfig(modelName, Map.of(), null, null, new int[] {2}, null, c,
                ObjectiveSpec.reverseKl(target));
        RunFolder run = RunFolder.create(dir);
        run.writeConfig(config);
        return new Trainer(run, c, Objectives.create(model, config, null), model.parameters(), ProgressBar.silent())
                .fit(null, null, false);
    }

    /**
     * RealNVP (8 couplings, 32 wide) fitted to U1: 600 steps of 256 samples, lr 5e-3 with cosine decay.
     * Measured over seeds 0-5: ESS 0.88, 0.92, 0.95, 0.56, 0.96, 0.86 and KL = val_reverse_kl + log Z
     * 0.07, 0.05, 0.03, 0.16, 0.71, 0.11 (log Z from a fine grid); the untrained flow has ESS ~0.17 and
     * KL 4.5. Reverse KL is mode-seeking: seed 4 fitted one of U1's two modes only, which still gives a
     * high ESS (the weights cannot see the missed mode) and a KL of log 2 = 0.69. So the bounds, ESS > 0.4
     * and KL < 0.8, say "fitted at least one mode well" with margin over every seed measured, and the
     * test's seed (0) must also cover both modes: its log Z estimate must be within 0.2 of the grid's
     * (one mode would be short by log 2).
     */
    @Test
    void trainingOnU1ReachesAHighEffectiveSampleSize() {
        double logZ = DensityGrid.evaluate(x -> ToyEnergy.U1.energy(x).neg(), -6, 6, -6, 6, 600, 600).logIntegral();
        Map<String, String> architecture = Map.of("layers", "8", "hidden", "32");
        Engine.seed(0);
        GenerativeModel model = ModelRegistry.get("realnvp").create(new ModelOptions(architecture), new int[] {2});
        Trainer.Result r = train(tmp.resolve("u1"), model, "realnvp", "U1", 600, 5e-3, 0, "cosine");
        Engine.seed(0);
        Flow untrained = (Flow) ModelRegistry.get("realnvp").create(new ModelOptions(architecture), new int[] {2});
        ImportanceSampling before = ImportanceSampling.estimate(untrained, ToyEnergy.U1, 4096);
        double ess = r.lastMetrics().get("val_ess");
        double kl = r.lastMetrics().get("val_reverse_kl") + logZ;
        System.out.printf("U1: ESS %.3f -> %.3f, KL %.3f -> %.3f, log Z %.3f (grid %.3f), %.1f steps/s%n", before.ess(),
                ess, before.reverseKl() + logZ, kl, r.lastMetrics().get("val_log_z"), logZ, r.stepsPerSecond());
        assertTrue(before.ess() < 0.3 && before.reverseKl() + logZ > 1, "the untrained flow is already good?");
        assertTrue(ess > 0.4, "ESS " + ess);
        assertTrue(kl < 0.8, "KL " + kl);
        assertTrue(kl > -0.02, "a KL cannot be negative: " + kl);
        assertEquals(logZ, r.lastMetrics().get("val_log_z"), 0.2);
    }
}
