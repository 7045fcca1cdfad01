package io.dgm4j.models.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.eval.ImportanceWeightedBound;
import io.dgm4j.nn.Activation;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a VAE whose log p(x) is exact: a 1-D latent and a Gaussian decoder affine in z, x = w z + b +
 * sigma * noise, so p(x) = N(b, w w^T + sigma^2 I) (probabilistic PCA), and the exact posterior
 * p(z|x) is Gaussian with a mean affine in x and a constant variance: an affine encoder can
 * represent it exactly, or be set off from it by a chosen amount.
 */
class VaeBoundsTest {
    private static final int POINTS = 40;
    static final float[] W = {1.2f, -0.8f};
    static final float[] B = {0.3f, 0.1f};
    static final double SIGMA = 0.5;
    private static Vae model;
    private static Tensor x;
    private static double[] logP;

    @BeforeAll
    static void setUp() {
        Engine.start(1);
        Engine.seed(11);
        model = VaeFamily.build(new int[] {2}, 1, 8, 0, 0, Activation.TANH, "gaussian", SIGMA, false,
                new VaeTraining(1, 1, 0));
        try (NoGradGuard guard = new NoGradGuard()) {
            model.parameters().get("decoder.w0").copy_(Tensors.of(W, 1, 2));
            model.parameters().get("decoder.b0").copy_(Tensors.of(B, 2));
            Tensor z = torch.randn(POINTS, 1);
            x = z.mul(Tensors.of(W, 1, 2)).add(Tensors.of(B, 1, 2)).add(torch.randn(POINTS, 2).mul(new Scalar(SIGMA)));
            x.retainReference();
        }
        logP = exactLogDensity(Tensors.toFloats(x));
    }

    /**
     * Each test draws from the same seed, so that its noise does not depend on which tests ran before it
     * (largeKConvergesToTheExactLogDensity passes at seeds 1..10 alike).
     */
    @BeforeEach
    void seed() {
        Engine.seed(12);
    }

    /**
     * Sets q(z|x) = N(meanScale * m(x) + meanShift, (stdFactor * s)^2), where N(m(x), s^2) is the
     * exact posterior: m(x) = s^2 w.(x - b) / sigma^2, s^2 = 1 / (1 + w.w / sigma^2).
     */
    private static void setEncoder(double meanScale, double meanShift, double stdFactor) {
        double s2 = SIGMA * SIGMA;
        double posteriorVar = 1 / (1 + (W[0] * W[0] + W[1] * W[1]) / s2);
        double gain = meanScale * posteriorVar / s2;
        float[] weight = {(float) (gain * W[0]), 0f, (float) (gain * W[1]), 0f};
        float[] bias = {(float) (meanShift - gain * (W[0] * B[0] + W[1] * B[1])),
                (float) Math.log(stdFactor * stdFactor * posteriorVar)};
        try (NoGradGuard guard = new NoGradGuard()) {
            model.parameters().get("encoder.w0").copy_(Tensors.of(weight, 2, 2));
            model.parameters().get("encoder.b0").copy_(Tensors.of(bias, 2));
        }
    }

    /** A covering but clearly wrong proposal: shrunk, shifted mean and twice the posterior's std. */
    private static final double POOR_SCALE = 0.6;
    private static final double POOR_SHIFT = 0.2;
    private static final double POOR_STD = 2.0;

    private static void setPoorEncoder() {
        setEncoder(POOR_SCALE, POOR_SHIFT, POOR_STD);
    }

    /**
     * Per point, the relative variance of the importance weights w = p(x, z) / q(z|x) under the encoder of
     * {@link #setEncoder}: V = Var_q(w) / p(x)^2 = int p(z|x)^2 / q(z|x) dz - 1, by quadrature over the
     * 1-D latent, in double precision.
     */
    private static double[] relativeWeightVariance(double meanScale, double meanShift, double stdFactor) {
        double s2 = SIGMA * SIGMA;
        double posteriorVar = 1 / (1 + (W[0] * W[0] + W[1] * W[1]) / s2);
        float[] points = Tensors.toFloats(x);
        double[] v = new double[POINTS];
        double dz = 1e-3;
        for (int i = 0; i < POINTS; i++) {
            double m = posteriorVar * (W[0] * (points[2 * i] - B[0]) + W[1] * (points[2 * i + 1] - B[1])) / s2;
            double qMean = meanScale * m + meanShift;
            double qVar = stdFactor * stdFactor * posteriorVar;
            double integral = 0;
            for (double z = -12; z <= 12; z += dz) {
                double p = Math.exp(-(z - m) * (z - m) / (2 * posteriorVar)) / Math.sqrt(2 * Math.PI * posteriorVar);
                double q = Math.exp(-(z - qMean) * (z - qMean) / (2 * qVar)) / Math.sqrt(2 * Math.PI * qVar);
                integral += p * p / q * dz;
            }
            v[i] = integral - 1;
        }
        return v;
    }

    /** log N(x; b, w w^T + sigma^2 I) in double precision, per point. */
    static double[] exactLogDensity(float[] points) {
        double s2 = SIGMA * SIGMA;
        double a = W[0] * W[0] + s2;
        double c = W[1] * W[1] + s2;
        double offDiagonal = W[0] * W[1];
        double det = a * c - offDiagonal * offDiagonal;
        double[] out = new double[points.length / 2];
        for (int i = 0; i < out.length; i++) {
            double u = points[2 * i] - B[0];
            double v = points[2 * i + 1] - B[1];
            double quadratic = (c * u * u - 2 * offDiagonal * u * v + a * v * v) / det;
            out[i] = -0.5 * quadratic - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
        }
        return out;
    }

    /** Per point, the mean over {@code replicates} independent estimates, and the standard error of the overall mean. */
    private record Estimate(double[] perPoint, double mean, double standardError) {
    }

    private static Estimate average(float[] values, int replicates) {
        double[] perPoint = new double[POINTS];
        double sum = 0;
        double sumSquares = 0;
        for (int r = 0; r < replicates; r++) {
            for (int i = 0; i < POINTS; i++) {
                double v = values[r * POINTS + i];
                perPoint[i] += v / replicates;
                sum += v;
                sumSquares += v * v;
            }
        }
        int n = replicates * POINTS;
        double mean = sum / n;
        return new Estimate(perPoint, mean, Math.sqrt((sumSquares / n - mean * mean) / n));
    }

    private static Estimate elbo(int replicates) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return average(Tensors.toFloats(model.elbo(x.repeat(replicates, 1))), replicates);
        }
    }

    private static Estimate iwae(long k, int replicates, long rowBudget) {
        Tensor bound = new ImportanceWeightedBound(rowBudget).perExample(model, x.repeat(replicates, 1), k);
        return average(Tensors.toFloats(bound), replicates);
    }

    private static double meanLogP() {
        double sum = 0;
        for (double v : logP) {
            sum += v;
        }
        return sum / POINTS;
    }

    /** With q(z|x) = p(z|x) every importance weight is p(x): each log weight equals log p(x), the ELBO on average. */
    @Test
    void exactPosteriorMakesEveryBoundExact() {
        setEncoder(1, 0, 1);
        float[] weights;
        try (NoGradGuard guard = new NoGradGuard()) {
            weights = Tensors.toFloats(model.logImportanceWeights(x, 3));
        }
        // The one-sample ELBO estimate log p(x|z) - KL still varies with z; its expectation is exact.
        Estimate elbo = elbo(400);
        assertEquals(meanLogP(), elbo.mean(), 4 * elbo.standardError() + 1e-4);
        for (int i = 0; i < POINTS; i++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(logP[i], weights[k * POINTS + i], 1e-4, "log weight " + k + ", point " + i);
            }
        }
    }

    @Test
    void boundsAreOrderedBelowTheExactLogDensity() {
        setPoorEncoder();
        Estimate elbo = elbo(400);
        Estimate iwae5 = iwae(5, 400, 4096);
        Estimate iwae50 = iwae(50, 100, 4096);
        double exact = meanLogP();
        // Each gap must be real (more than 3 standard errors of the two estimates), not just non-negative.
        assertTrue(iwae5.mean() - elbo.mean() > 3 * Math.hypot(iwae5.standardError(), elbo.standardError()),
                () -> "ELBO " + elbo + " should sit clearly below IWAE_5 " + iwae5);
        assertTrue(iwae50.mean() - iwae5.mean() > 3 * Math.hypot(iwae50.standardError(), iwae5.standardError()),
                () -> "IWAE_5 " + iwae5 + " should sit clearly below IWAE_50 " + iwae50);
        assertTrue(iwae50.mean() < exact + 3 * iwae50.standardError(),
                () -> "IWAE_50 " + iwae50.mean() + " must not exceed log p(x) " + exact);
        // The closed-form-KL ELBO and the exact log p(x) are apart by the mean KL(q(z|x) || p(z|x)) > 0.
        assertTrue(exact - elbo.mean() > 0.1, "the encoder is a poor posterior, so the ELBO gap is large");
    }

    /**
     * IWAE_K is log p(x) up to its known error: by the delta method, log of the mean of K weights has bias
     * -V / 2K and standard error sqrt(V / K), V the weights' relative variance (computed exactly). With
     * K = 5000, computed in chunks over samples and examples, each point and the mean over the points lie
     * within 4 standard errors of log p(x) - V / 2K.
     */
    @Test
    void largeKConvergesToTheExactLogDensity() {
        setPoorEncoder();
        long k = 5000;
        double[] v = relativeWeightVariance(POOR_SCALE, POOR_SHIFT, POOR_STD);
        // The quadrature's V is the one of the weights the model draws (about 10% sampling error here).
        float[] logWeights;
        try (NoGradGuard guard = new NoGradGuard()) {
            logWeights = Tensors.toFloats(model.logImportanceWeights(x, k));
        }
        for (int i = 0; i < POINTS; i++) {
            double sum = 0;
            double sumSquares = 0;
            for (int j = 0; j < k; j++) {
                double w = Math.exp(logWeights[j * POINTS + i] - logP[i]);
                sum += w;
                sumSquares += w * w;
            }
            double mean = sum / k;
            assertEquals(v[i], sumSquares / k / (mean * mean) - 1, 0.3 * v[i] + 0.01, "V of point " + i);
        }
        // A row budget of 1000 splits K = 5000 into 5 chunks per example, and the examples into 40 chunks.
        Estimate iwae5000 = iwae(k, 1, 1000);
        double meanError = 0;
        double meanVariance = 0;
        for (int i = 0; i < POINTS; i++) {
            double expected = logP[i] - v[i] / (2 * k);
            assertEquals(expected, iwae5000.perPoint()[i], 4 * Math.sqrt(v[i] / k), "point " + i + ", V = " + v[i]);
            meanError += (iwae5000.perPoint()[i] - expected) / POINTS;
            meanVariance += v[i] / k / POINTS / POINTS;
        }
        assertEquals(0, meanError, 4 * Math.sqrt(meanVariance), "the mean over the points");
    }

    /**
     * eval's elbo_nats and iwae_nll_nats come from the same K draws: the mean log weight and the
     * log-mean-exp. Checked against the same weights recorded and reduced here in double (with a row
     * budget of 16, K = 50 comes in chunks of 16, 16, 16 and 2); the ELBO never exceeds the bound, for
     * every example and for the means eval prints; and it estimates the closed-form-KL ELBO without bias.
     */
    @Test
    void elboFromTheBoundsDrawsIsUnbiasedAndNeverAboveTheBound() {
        setPoorEncoder();
        int k = 50;
        Map<Float, List<Float>> drawn = new HashMap<>();
        ImportanceWeightedBound.Bounds bounds = new ImportanceWeightedBound(16).bounds((examples, draws) -> {
            Tensor w = model.logImportanceWeights(examples, draws);
            List<Float> ofExample = drawn.computeIfAbsent(Tensors.toFloats(examples)[0], key -> new ArrayList<>());
            for (float v : Tensors.toFloats(w)) {
                ofExample.add(v);
            }
            return w;
        }, x, k);
        float[] elbo = Tensors.toFloats(bounds.elbo());
        float[] iwae = Tensors.toFloats(bounds.iwae());
        float[] points = Tensors.toFloats(x);
        double varianceOfMean = 0;
        for (int i = 0; i < POINTS; i++) {
            List<Float> w = drawn.get(points[2 * i]);
            assertEquals(k, w.size(), "point " + i + " got K draws");
            double max = Collections.max(w);
            double sum = 0;
            double sumSquares = 0;
            double sumExp = 0;
            for (float v : w) {
                sum += v;
                sumSquares += (double) v * v;
                sumExp += Math.exp(v - max);
            }
            double mean = sum / k;
            assertEquals(mean, elbo[i], 1e-4, "mean log weight, point " + i);
            assertEquals(max + Math.log(sumExp / k), iwae[i], 1e-4, "log-mean-exp, point " + i);
            assertTrue(elbo[i] <= iwae[i], "point " + i + ": ELBO " + elbo[i] + " above its bound " + iwae[i]);
            varianceOfMean += (sumSquares / k - mean * mean) / (k - 1) / ((double) POINTS * POINTS);
        }
        assertTrue(bounds.elbo().mean().item_double() <= bounds.iwae().mean().item_double(), "the printed means");
        Estimate closedForm = elbo(400);
        double sameDraws = bounds.elbo().mean().item_double();
        assertEquals(closedForm.mean(), sameDraws, 4 * Math.hypot(closedForm.standardError(), Math.sqrt(varianceOfMean)),
                "the K-draw ELBO estimates the closed-form-KL ELBO");
    }

    /**
     * With the exact posterior every log weight is log p(x), so the mean and the log-mean-exp agree up to
     * rounding: the case where only the computation's care keeps the ELBO from rising above the bound.
     */
    @Test
    void elboStaysBelowTheBoundWhenAllWeightsAreEqual() {
        setEncoder(1, 0, 1);
        ImportanceWeightedBound.Bounds bounds = new ImportanceWeightedBound(16).bounds(model, x, 50);
        float[] elbo = Tensors.toFloats(bounds.elbo());
        float[] iwae = Tensors.toFloats(bounds.iwae());
        for (int i = 0; i < POINTS; i++) {
            assertEquals(logP[i], elbo[i], 1e-4, "point " + i);
            assertTrue(elbo[i] <= iwae[i], "point " + i + ": ELBO " + elbo[i] + " above its bound " + iwae[i]);
        }
        assertTrue(bounds.elbo().mean().item_double() <= bounds.iwae().mean().item_double(), "the printed means");
    }
}
