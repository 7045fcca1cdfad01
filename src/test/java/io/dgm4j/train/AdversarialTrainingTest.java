package io.dgm4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.data.Dataset;
import io.dgm4j.data.ToyDatasets;
import io.dgm4j.eval.SampleQuality;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.ModelRegistry;
import io.dgm4j.models.gan.Gan;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdversarialTrainingTest {
    /** Toy data of no mixture: the objective's own figures only. */
    private static final SampleQuality NO_METRICS = SampleQuality.forData("moons", ToyDatasets.DEFAULT_NOISE, null);

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    static Gan gan(String family, int[] shape, Map<String, String> options) {
        Engine.seed(7);
        return (Gan) ModelRegistry.get(family).create(new ModelOptions(options), shape);
    }

    static TrainingConfig config(String optimizer, double lr) {
        return TrainingConfig.builder(1000, 64, lr).optimizer(optimizer).seed(1).evalEvery(100).build();
    }

    static Tensor toyBatch(int n, long seed) {
        Dataset d = ToyDatasets.generate("8gaussians", n, seed, ToyDatasets.DEFAULT_NOISE);
        return Tensors.of(d.values(), n, 2);
    }

    /**
     * (a) A discriminator trained on p = N(0, 1) against q = N(1, 1) approaches the optimum
     * D*(x) = p / (p + q) = sigmoid(1/2 - x), and its value E_p log D + E_q log(1 - D) approaches
     * 2 JSD(p || q) - 2 log 2, with the JSD computed independently by quadrature.
     */
    @Test
    void discriminatorApproachesTheOptimumAndItsValueTheJensenShannonDivergence() {
        Gan critic = gan("gan", new int[] {1}, Map.of("hidden", "16", "depth", "1"));
        AdversarialLoss loss = new NonSaturatingLoss();
        Optimization optimization = new Optimization(List.of(critic.criticParameters()), config("adam", 1e-2));
        for (int step = 0; step < 1500; step++) {
            try (PointerScope scope = new PointerScope()) {
                Tensor p = torch.randn(512, 1);
                Tensor q = torch.randn(512, 1).add(new Scalar(1.0));
                optimization.minimize(0, loss.criticLoss(critic.score(p, null, true), critic.score(q, null, true)));
            }
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            float[] grid = new float[51];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = -2f + 0.1f * i;
            }
            float[] d = Tensors.toFloats(torch.sigmoid(critic.score(Tensors.of(grid, grid.length, 1), null, false)));
            double worst = 0;
            for (int i = 0; i < grid.length; i++) {
                double optimum = 1 / (1 + Math.exp(grid[i] - 0.5));
                worst = Math.max(worst, Math.abs(d[i] - optimum));
            }
            assertTrue(worst < 0.04, "largest |D - D*| on [-2, 3]: " + worst);
            Tensor p = torch.randn(200_000, 1);
            Tensor q = torch.randn(200_000, 1).add(new Scalar(1.0));
            double value = -loss.criticLoss(critic.score(p, null, false), critic.score(q, null, false)).item_double();
            double bound = 2 * jensenShannonOfUnitNormals(0, 1) - 2 * Math.log(2);
            assertTrue(value <= bound + 0.005, "value " + value + " exceeds its maximum " + bound);
            assertEquals(bound, value, 0.01);
        }
    }

    /** JSD(N(a, 1) || N(b, 1)) by the trapezoidal rule in double precision. */
    private static double jensenShannonOfUnitNormals(double a, double b) {
        double h = 1e-3;
        double sum = 0;
        for (double x = -15; x <= 16; x += h) {
            double p = Math.exp(-0.5 * (x - a) * (x - a)) / Math.sqrt(2 * Math.PI);
            double q = Math.exp(-0.5 * (x - b) * (x - b)) / Math.sqrt(2 * Math.PI);
            double m = 0.5 * (p + q);
            sum += h * 0.5 * (p * Math.log(p / m) + q * Math.log(q / m));
        }
        return sum;
    }

    /**
     * (b) On a linear critic f(x) = w.x + b the input gradient is w everywhere, so the penalty is
     * lambda (||w|| - 1)^2 exactly; its gradient with respect to w (through double backpropagation)
     * matches central finite differences.
     */
    @Test
    void gradientPenaltyOfALinearCriticIsExactAndItsGradientMatchesFiniteDifferences() {
        double lambda = 10;
        double[] w0 = {1.5, -0.5, 2.0};
        Tensor w = AbstractTensor.create(w0, 3);
        w.requires_grad_(true);
        Tensor b = AbstractTensor.create(new double[] {0.3}, 1);
        Tensor real = torch.randn(6, 3).to(torch.ScalarType.Double);
        Tensor fake = torch.randn(6, 3).to(torch.ScalarType.Double);
        double norm = Math.sqrt(1.5 * 1.5 + 0.25 + 4);
        Tensor penalty = GradientPenalty.between(x -> x.matmul(w).add(b), real, fake, lambda);
        assertEquals(lambda * (norm - 1) * (norm - 1), penalty.item_double(), 1e-9);
        penalty.backward();
        double[] analytic = toDoubles(w.grad());
        double h = 1e-6;
        for (int i = 0; i < 3; i++) {
            double[] plus = w0.clone();
            double[] minus = w0.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (penaltyAt(plus, real, lambda) - penaltyAt(minus, real, lambda)) / (2 * h);
            assertEquals(numeric, analytic[i], 1e-6, "d penalty / d w" + i);
            assertEquals(2 * lambda * (norm - 1) * w0[i] / norm, analytic[i], 1e-9);
        }
    }

    private static double penaltyAt(double[] weights, Tensor points, double lambda) {
        Tensor w = AbstractTensor.create(weights, weights.length);
        return GradientPenalty.at(x -> x.matmul(w), points, lambda).item_double();
    }

    private static double[] toDoubles(Tensor t) {
        Tensor d = t.contiguous();
        double[] out = new double[(int) d.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.get(i).item_double();
        }
        return out;
    }

    /** (c) After WGAN critic steps every critic parameter lies in [-c, c], and the clipping is active (some sit at c). */
    @Test
    void weightClippingKeepsEveryCriticParameterWithinTheClip() {
        Gan wgan = gan("wgan", new int[] {2}, Map.of("hidden", "16", "depth", "2"));
        AdversarialTraining objective = new AdversarialTraining(wgan, NO_METRICS);
        Optimization optimization = new Optimization(objective.parameterGroups(), config("rmsprop", 5e-3));
        for (int step = 0; step < 7; step++) {
            optimization.setStep(step);
            objective.step(toyBatch(64, step), optimization);
        }
        double largest = 0;
        for (Tensor p : wgan.criticParameters()) {
            largest = Math.max(largest, p.abs().max().item_double());
        }
        assertTrue(largest <= 0.01 + 1e-9, "a critic parameter reaches " + largest);
        assertEquals(0.01, largest, 1e-9);
    }

    /** (d) With critic-steps 3 the critic changes on every step and the generator only on every 3rd. */
    @Test
    void generatorIsUpdatedAfterEveryThirdCriticStep() {
        Gan g = gan("gan", new int[] {2}, Map.of("hidden", "16", "depth", "1", "critic-steps", "3"));
        AdversarialTraining objective = new AdversarialTraining(g, NO_METRICS);
        Optimization optimization = new Optimization(objective.parameterGroups(), config("adam", 1e-3));
        for (int step = 0; step < 9; step++) {
            float[] generatorBefore = flatten(g.generatorParameters());
            float[] criticBefore = flatten(g.criticParameters());
            optimization.setStep(step);
            Map<String, Double> metrics = objective.step(toyBatch(64, step), optimization);
            boolean generatorChanged = !Arrays.equals(generatorBefore, flatten(g.generatorParameters()));
            assertEquals((step + 1) % 3 == 0, generatorChanged, "generator changed at step " + step);
            assertNotEquals(Arrays.toString(criticBefore), Arrays.toString(flatten(g.criticParameters())));
            assertEquals(generatorChanged, metrics.containsKey("train_g_loss"), "generator loss at step " + step);
            assertEquals(generatorChanged, metrics.containsKey("train_g_grad_norm"), "gradient norm at step " + step);
        }
    }

    private static float[] flatten(List<Tensor> tensors) {
        List<Float> all = new ArrayList<>();
        for (Tensor t : tensors) {
            for (float v : Tensors.toFloats(t.detach())) {
                all.add(v);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    /**
     * (e) Where the discriminator rejects the samples (logit -8, D = 3e-4) the minimax generator loss
     * log(1 - D) has gradient -sigmoid(l) / N per logit, thousands of times smaller than the
     * non-saturating -log D's -sigmoid(-l) / N.
     */
    @Test
    void minimaxGeneratorGradientVanishesWhereTheNonSaturatingOneDoesNot() {
        int n = 8;
        double logit = -8;
        double minimax = generatorGradient(new MinimaxLoss(), n, logit);
        double nonSaturating = generatorGradient(new NonSaturatingLoss(), n, logit);
        double sigmoid = 1 / (1 + Math.exp(-logit));
        assertEquals(-sigmoid / n, minimax, 1e-9);
        assertEquals(-(1 - sigmoid) / n, nonSaturating, 1e-6);
        assertTrue(Math.abs(minimax) < 1e-3 * Math.abs(nonSaturating), minimax + " vs " + nonSaturating);
    }

    private static double generatorGradient(AdversarialLoss loss, int n, double logit) {
        Tensor scores = torch.full(new long[] {n}, new Scalar(logit));
        scores.requires_grad_(true);
        loss.generatorLoss(scores).backward();
        return scores.grad().get(0).item_double();
    }

    /** The Wasserstein losses are the two sides of the critic gap E f(real) - E f(fake). */
    @Test
    void wassersteinLossesAreTheCriticGap() {
        Tensor real = Tensors.of(new float[] {1, 2, 3}, 3);
        Tensor fake = Tensors.of(new float[] {-1, 0.5f}, 2);
        WassersteinLoss loss = new WassersteinLoss();
        assertEquals(-0.25 - 2, loss.criticLoss(real, fake).item_double(), 1e-6);
        assertEquals(0.25, loss.generatorLoss(fake).item_double(), 1e-6);
    }
}
