package io.dgm4j.models.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.Dataset;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Activation;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VaeTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private static Vae tiny(String decoder, int[] shape) {
        Engine.seed(5);
        return VaeFamily.build(shape, 2, 6, 1, 1, Activation.TANH, decoder, 0.7, true, new VaeTraining(1, 1, 0));
    }

    /**
     * With the noise eps held fixed (common random numbers), the ELBO is a smooth function of the
     * encoder's weights through z = mean + std * eps: its autograd gradient must match central
     * differences, which fails if the sample is detached from the encoder or the KL is wrong.
     */
    @Test
    void elboGradientThroughTheReparameterisationMatchesFiniteDifferences() {
        Vae model = tiny("gaussian", new int[] {3});
        Engine.seed(9);
        Tensor x = torch.randn(4, 3);
        Tensor eps = torch.randn(4, 2);
        Tensor elbo = model.terms(x, eps).elbo().sum();
        elbo.backward();
        double h = 2e-2;
        double largest = 0;
        for (String name : List.of("encoder.w0", "encoder.b0", "encoder.w1", "encoder.b1")) {
            Tensor p = model.parameters().get(name);
            float[] analytic = Tensors.toFloats(p.grad());
            Tensor flat = p.view(-1);
            for (int i = 0; i < analytic.length; i++) {
                double numeric = VaeTest.elboCentralDifference(model, x, eps, flat, i, h);
                largest = Math.max(largest, Math.abs(analytic[i]));
                assertEquals(numeric, analytic[i], 5e-3 + 0.02 * Math.abs(numeric), name + "[" + i + "]");
            }
        }
        assertTrue(largest > 0.05, "the encoder gradient should not vanish: " + largest);
    }

    /** d ELBO(x, eps) / d flat[i] by central differences of step h (flat: a view of one parameter). */
    static double elboCentralDifference(Vae model, Tensor x, Tensor eps, Tensor flat, int i, double h) {
        try (NoGradGuard guard = new NoGradGuard()) {
            flat.narrow(0, i, 1).add_(new Scalar(h));
            double plus = model.terms(x, eps).elbo().sum().item_double();
            flat.narrow(0, i, 1).sub_(new Scalar(2 * h));
            double minus = model.terms(x, eps).elbo().sum().item_double();
            flat.narrow(0, i, 1).add_(new Scalar(h));
            return (plus - minus) / (2 * h);
        }
    }

    /** log p(x|z) of the Bernoulli decoder equals sum x log p + (1 - x) log(1 - p) with p its own mean. */
    @Test
    void bernoulliLogLikelihoodMatchesItsFormula() {
        Vae model = tiny("bernoulli", new int[] {1, 2, 2});
        Engine.seed(2);
        Tensor x = torch.bernoulli(torch.rand(5, 1, 2, 2));
        Tensor eps = torch.randn(5, 2);
        try (NoGradGuard guard = new NoGradGuard()) {
            Posterior q = model.posterior(x);
            float[] p = Tensors.toFloats(model.decode(q.reparameterise(eps)));
            float[] pixels = Tensors.toFloats(x);
            Vae.Terms terms = model.terms(x, eps);
            float[] logLikelihood = Tensors.toFloats(terms.logLikelihood());
            for (int n = 0; n < 5; n++) {
                double expected = 0;
                for (int d = 0; d < 4; d++) {
                    int i = 4 * n + d;
                    expected += pixels[i] == 1 ? Math.log(p[i]) : Math.log(1 - p[i]);
                }
                assertEquals(expected, logLikelihood[n], 1e-4, "example " + n);
            }
            float[] kl = Tensors.toFloats(terms.kl());
            float[] klAgain = Tensors.toFloats(q.klToStandardNormal());
            float[] elbo = Tensors.toFloats(terms.elbo());
            for (int n = 0; n < 5; n++) {
                assertEquals(logLikelihood[n] - kl[n], elbo[n], 1e-4);
                assertEquals(klAgain[n], kl[n], 1e-6);
            }
        }
    }

    /** Training batches are binarised afresh (mean = intensity); evaluation data the same way every time. */
    @Test
    void bernoulliDecoderBinarisesTrainingAndEvaluationData() {
        Vae model = tiny("bernoulli", new int[] {1, 2, 2});
        float[] grey = new float[4000];
        java.util.Arrays.fill(grey, 0.3f);
        Tensor x = Tensors.of(grey, 1000, 1, 2, 2);
        float[] first = Tensors.toFloats(model.trainingData(x));
        float[] second = Tensors.toFloats(model.trainingData(x));
        assertTrue(isBinary(first));
        assertEquals(0.3, mean(first), 0.03);
        assertTrue(!java.util.Arrays.equals(first, second), "each batch gets a fresh binarisation");
        float[] evaluation = Tensors.toFloats(model.evaluationData(x));
        assertTrue(isBinary(evaluation));
        assertEquals(0.3, mean(evaluation), 0.03);
        assertArrayEquals(evaluation, Tensors.toFloats(model.evaluationData(x)), "held-out data is binarised once, fixed");
        assertArrayEquals(new long[] {1000, 1, 2, 2}, Tensors.shape(model.evaluationData(x)));
    }

    private static boolean isBinary(float[] values) {
        for (float v : values) {
            if (v != 0 && v != 1) {
                return false;
            }
        }
        return true;
    }

    private static double mean(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s / values.length;
    }

    @Test
    void importanceWeightsAreLogJointMinusLogPosterior() {
        Vae model = tiny("gaussian", new int[] {3});
        Engine.seed(4);
        Tensor x = torch.randn(3, 3);
        Tensor eps = torch.randn(2, 3, 2);
        try (NoGradGuard guard = new NoGradGuard()) {
            Vae.Weights w = model.weights(x, eps);
            Posterior q = model.posterior(x);
            io.dgm4j.distributions.DiagonalNormal posterior = new io.dgm4j.distributions.DiagonalNormal(q.mean(),
                    q.logVar().mul(new Scalar(0.5)));
            io.dgm4j.distributions.StandardNormal prior = new io.dgm4j.distributions.StandardNormal(2);
            float[] total = Tensors.toFloats(w.logWeights(1));
            for (int k = 0; k < 2; k++) {
                Tensor z = q.reparameterise(eps.select(0, k));
                Vae.Terms terms = model.terms(x, eps.select(0, k));
                float[] expected = Tensors.toFloats(terms.logLikelihood().add(prior.logProb(z)).sub(posterior.logProb(z)));
                for (int n = 0; n < 3; n++) {
                    assertEquals(expected[n], total[3 * k + n], 1e-4, "draw " + k + ", example " + n);
                }
            }
        }
    }

    @Test
    void samplesAndLatentCodesHaveTheRightShapes() {
        Vae model = tiny("bernoulli", new int[] {1, 2, 2});
        Tensor samples = model.sample(7);
        assertArrayEquals(new long[] {7, 1, 2, 2}, Tensors.shape(samples));
        for (float p : Tensors.toFloats(samples)) {
            assertTrue(p > 0 && p < 1, "Bernoulli samples are shown as pixel probabilities");
        }
        assertArrayEquals(new long[] {7, 2}, Tensors.shape(model.encode(samples)));
        assertArrayEquals(new long[] {5, 1, 2, 2}, Tensors.shape(model.decode(model.sampleLatent(5))));
    }

    @Test
    void klWarmUpRisesLinearlyToBeta() {
        VaeTraining t = new VaeTraining(1, 2.0, 100);
        assertEquals(0, t.klWeight(0));
        assertEquals(1.0, t.klWeight(50), 1e-12);
        assertEquals(2.0, t.klWeight(100));
        assertEquals(2.0, t.klWeight(5000));
        assertEquals(0.5, new VaeTraining(1, 0.5, 0).klWeight(0));
    }

    @Test
    void factoryDefaultsAndBadOptions() {
        Vae image = (Vae) VaeFamily.vae().create(new ModelOptions(Map.of()), new int[] {1, 28, 28});
        assertEquals(20, image.latentDimension());
        assertEquals(784L * 400 + 400 + 400L * 40 + 40 + 20L * 400 + 400 + 400L * 784 + 784, image.parameters().count());
        assertEquals(1, image.training().samples());
        Vae points = (Vae) VaeFamily.iwae().create(new ModelOptions(Map.of("k", "7", "beta", "0.5",
                "kl-warmup-steps", "10")), new int[] {2});
        assertEquals(2, points.latentDimension());
        assertEquals(new VaeTraining(7, 0.5, 10), points.training());
        assertBad(Map.of("latent", "0"), "latent='0'");
        assertBad(Map.of("latent", "-2"), "latent='-2'");
        assertBad(Map.of("decoder", "poisson"), "decoder='poisson'", "bernoulli, gaussian");
        assertBad(Map.of("variance", "sometimes"), "variance='sometimes'");
        assertBad(Map.of("kl-warmup-steps", "-1"), "kl-warmup-steps='-1'");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> image.checkData(
                Dataset.tabular("points", new float[] {0.5f, 1.5f}, 2), "points"));
        assertTrue(e.getMessage().contains("--opt decoder=gaussian") && e.getMessage().contains("'points'"), e.getMessage());
    }

    private static void assertBad(Map<String, String> options, String... fragments) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> VaeFamily.vae().create(new ModelOptions(options), new int[] {2}));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), e.getMessage());
        }
    }
}
