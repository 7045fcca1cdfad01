package io.dgm4j.models.flows;

import static io.dgm4j.models.flows.RealNvpTest.assertLogDetMatchesNumericalJacobian;
import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.eval.DensityGrid;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.SamplesWithLogProb;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MafTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    static Flow randomFlow(ModelFactory factory, int dimension, String order) {
        Engine.seed(11);
        Flow flow = (Flow) factory.create(new ModelOptions(Map.of("layers", "3", "hidden", "16", "depth", "2",
                "order", order, "activation", "tanh")), new int[] {dimension});
        perturb(flow.parameters(), 0.3);
        return flow;
    }

    static GaussianMade randomMade(int[] degrees, int depth) {
        Parameters params = new Parameters();
        GaussianMade made = new GaussianMade(params, "m", degrees, 24, depth, Activation.TANH, false);
        perturb(params, 0.3);
        return made;
    }

    /**
     * Jacobian of f at one point x by central differences: j[i][k] = d f_i / d x_k. A function that
     * does not read x_k gives bit-identical outputs, so forbidden entries come out exactly 0.
     */
    static double[][] jacobian(UnaryOperator<Tensor> f, float[] x) {
        int d = x.length;
        double[][] j = null;
        try (NoGradGuard g = new NoGradGuard()) {
            for (int k = 0; k < d; k++) {
                float[] plus = x.clone();
                float[] minus = x.clone();
                plus[k] += 0.05f;
                minus[k] -= 0.05f;
                float[] fp = Tensors.toFloats(f.apply(Tensors.of(plus, 1, d)));
                float[] fm = Tensors.toFloats(f.apply(Tensors.of(minus, 1, d)));
                if (j == null) {
                    j = new double[fp.length][d];
                }
                for (int i = 0; i < fp.length; i++) {
                    j[i][k] = (fp[i] - fm[i]) / 0.1;
                }
            }
        }
        return j;
    }

    /** Output i (and i + D, its alpha) may read input k exactly when k comes before i in the order. */
    static void assertAutoregressive(double[][] j, int[] degrees, boolean diagonalAllowed) {
        int d = degrees.length;
        for (int row = 0; row < j.length; row++) {
            int i = row % d;
            for (int k = 0; k < d; k++) {
                boolean allowed = degrees[k] < degrees[i] || diagonalAllowed && k == i;
                String where = "d out" + row + "/d x" + k + " with degrees " + Arrays.toString(degrees);
                if (allowed) {
                    assertNotEquals(0.0, j[row][k], where + " should be connected");
                } else {
                    assertEquals(0.0, j[row][k], 0.0, where + " must be exactly 0");
                }
            }
        }
    }

    @Test
    void madeOutputsReadOnlyEarlierFeaturesInNaturalAndRandomOrder() {
        Engine.seed(3);
        for (int d : new int[] {2, 3, 5}) {
            for (int depth : new int[] {1, 2}) {
                for (int[] degrees : new int[][] {MadeDegrees.natural(d), MadeDegrees.random(d)}) {
                    GaussianMade made = randomMade(degrees, depth);
                    UnaryOperator<Tensor> outputs = x -> {
                        Tensor[] ma = made.forward(x);
                        return torch.cat(new TensorVector(ma[0], ma[1]), 1);
                    };
                    assertAutoregressive(jacobian(outputs, Tensors.toFloats(torch.randn(d))), degrees, false);
                }
            }
        }
    }

    @Test
    void mafLayerIsTriangularInItsOrderBothWays() {
        Engine.seed(4);
        for (int d : new int[] {3, 5}) {
            for (int[] degrees : new int[][] {MadeDegrees.natural(d), MadeDegrees.random(d)}) {
                MaskedAutoregressiveTransform layer = new MaskedAutoregressiveTransform(randomMade(degrees, 1));
                float[] x = Tensors.toFloats(torch.randn(d));
                assertAutoregressive(jacobian(v -> layer.forward(v).output(), x), degrees, true);
                assertAutoregressive(jacobian(v -> layer.inverse(v).output(), x), degrees, true);
            }
        }
    }

    @Test
    void randomOrderIsRebuiltFromTheSeed() {
        int[][] first = new int[2][];
        for (int k = 0; k < 2; k++) {
            Engine.seed(42);
            first[k] = MadeDegrees.random(8);
        }
        assertArrayEquals(first[0], first[1]);
        int[] sorted = first[0].clone();
        Arrays.sort(sorted);
        assertArrayEquals(MadeDegrees.natural(8), sorted, "a random order is a permutation of 1..D");
        Flow a = randomFlow(new Maf(), 4, "random");
        Flow b = randomFlow(new Maf(), 4, "random");
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor x = torch.randn(16, 4);
            assertArrayEquals(Tensors.toFloats(a.logProb(x)), Tensors.toFloats(b.logProb(x)));
        }
    }

    @Test
    void mafLayerLogDetMatchesNumericalJacobian() {
        Engine.seed(5);
        for (int d : new int[] {2, 3, 5}) {
            for (int[] degrees : new int[][] {MadeDegrees.natural(d), MadeDegrees.random(d)}) {
                for (int depth : new int[] {1, 2}) {
                    MaskedAutoregressiveTransform layer = new MaskedAutoregressiveTransform(randomMade(degrees, depth));
                    assertLogDetMatchesNumericalJacobian(layer, d);
                    assertLogDetMatchesNumericalJacobian(layer.inverted(), d);
                }
            }
        }
    }

    @Test
    void mafAndIafLogDetsMatchNumericalJacobianBothWays() {
        for (ModelFactory factory : new ModelFactory[] {new Maf(), new Iaf()}) {
            for (String order : new String[] {"natural", "random"}) {
                for (int d : new int[] {2, 4}) {
                    Transform t = randomFlow(factory, d, order).transform();
                    assertLogDetMatchesNumericalJacobian(t, d);
                    assertLogDetMatchesNumericalJacobian(t.inverted(), d);
                }
            }
        }
    }

    @Test
    void inverseUndoesForwardAndLogDetsCancel() {
        for (ModelFactory factory : new ModelFactory[] {new Maf(), new Iaf()}) {
            for (String order : new String[] {"natural", "random"}) {
                Transform t = randomFlow(factory, 5, order).transform();
                try (NoGradGuard g = new NoGradGuard()) {
                    Tensor x = torch.randn(64, 5);
                    Transform.Result forward = t.forward(x);
                    Transform.Result back = t.inverse(forward.output());
                    assertArrayEquals(Tensors.toFloats(x), Tensors.toFloats(back.output()), 1e-4f);
                    for (float s : Tensors.toFloats(forward.logAbsDet().add(back.logAbsDet()))) {
                        assertEquals(0, s, 1e-4);
                    }
                }
            }
        }
    }

    /** The density of the student's own samples from the sampling pass equals the flow's log p at them. */
    @Test
    void densityFromTheSamplingPassEqualsLogProb() {
        for (ModelFactory factory : new ModelFactory[] {new Maf(), new Iaf()}) {
            Flow flow = randomFlow(factory, 3, "random");
            try (NoGradGuard g = new NoGradGuard()) {
                SamplesWithLogProb.Sample s = flow.sampleWithLogProb(128);
                assertArrayEquals(Tensors.toFloats(flow.logProb(s.values())), Tensors.toFloats(s.logProb()), 2e-4f);
            }
        }
    }

    @Test
    void densitiesIntegrateToOne() {
        for (ModelFactory factory : new ModelFactory[] {new Maf(), new Iaf()}) {
            for (String order : new String[] {"natural", "random"}) {
                Flow flow = randomFlow(factory, 2, order);
                // Random flows have heavy, far-reaching tails: a grid over [-16, 16]^2 holds all but ~5e-4 of the mass.
                double integral = DensityGrid.evaluate(flow, -16, 16, -16, 16, 320, 320).integral();
                assertEquals(1.0, integral, 2e-3, factory.name() + " " + order);
            }
        }
    }

    @Test
    void rejectsDataAndOptionsItCannotUse() {
        for (ModelFactory factory : new ModelFactory[] {new Maf(), new Iaf()}) {
            ModelOptions none = new ModelOptions(Map.of());
            assertTrue(assertThrows(InvalidInputException.class, () -> factory.create(none, new int[] {1, 28, 28}))
                    .getMessage().contains("vector data"));
            assertTrue(assertThrows(InvalidInputException.class, () -> factory.create(none, new int[] {1}))
                    .getMessage().contains("at least 2 features"));
            assertTrue(assertThrows(InvalidInputException.class,
                    () -> factory.create(new ModelOptions(Map.of("depth", "3")), new int[] {2})).getMessage().contains("depth"));
            assertTrue(assertThrows(InvalidInputException.class,
                    () -> factory.create(new ModelOptions(Map.of("order", "reverse")), new int[] {2})).getMessage().contains("order"));
        }
    }
}
