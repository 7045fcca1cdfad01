package io.dgm4j.models.flows;

import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.testing.NumericalJacobian;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RealNvpTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    static Flow randomFlow(int dimension, int layers) {
        Engine.seed(7);
        Flow flow = (Flow) new RealNvp().create(new ModelOptions(Map.of(
                "layers", "" + layers, "hidden", "16", "depth", "2", "activation", "tanh")), new int[] {dimension});
        perturb(flow.parameters(), 0.3);
        return flow;
    }

    static float[] randomPoints(int n, int d) {
        return Tensors.toFloats(torch.randn(n, d));
    }

    static void assertLogDetMatchesNumericalJacobian(Transform t, int d) {
        float[] x = randomPoints(8, d);
        double[] numeric = NumericalJacobian.logAbsDet(v -> t.forward(v).output(), x, d, 1e-2);
        float[] analytic;
        try (NoGradGuard g = new NoGradGuard()) {
            analytic = Tensors.toFloats(t.forward(Tensors.of(x, 8, d)).logAbsDet());
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(numeric[i], analytic[i], 2e-3, "example " + i);
        }
    }

    @Test
    void couplingLogDetMatchesNumericalJacobian() {
        for (int d : new int[] {2, 3, 5}) {
            for (boolean first : new boolean[] {true, false}) {
                Parameters params = new Parameters();
                AffineCoupling c = new AffineCoupling(params, "c", d, first, 16, 2, io.dgm4j.nn.Activation.TANH);
                perturb(params, 0.5);
                assertLogDetMatchesNumericalJacobian(c, d);
                assertLogDetMatchesNumericalJacobian(c.inverted(), d);
            }
        }
    }

    @Test
    void wholeFlowLogDetMatchesNumericalJacobian() {
        Flow flow = randomFlow(2, 6);
        assertLogDetMatchesNumericalJacobian(flow.transform(), 2);
        assertLogDetMatchesNumericalJacobian(randomFlow(4, 3).transform(), 4);
    }

    @Test
    void permutationAndStandardisationLogDets() {
        assertLogDetMatchesNumericalJacobian(new Permutation(new int[] {2, 0, 1}), 3);
        assertLogDetMatchesNumericalJacobian(Permutation.reverse(4), 4);
        ElementwiseAffine affine = new ElementwiseAffine(new float[] {1f, -2f}, new float[] {0.5f, 3f});
        assertLogDetMatchesNumericalJacobian(affine, 2);
        assertLogDetMatchesNumericalJacobian(new CompositeTransform(List.of(affine, Permutation.reverse(2))), 2);
    }

    @Test
    void inverseUndoesForwardAndLogDetsCancel() {
        Flow flow = randomFlow(3, 5);
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor x = torch.randn(64, 3);
            Transform.Result forward = flow.transform().forward(x);
            Transform.Result back = flow.transform().inverse(forward.output());
            float[] original = Tensors.toFloats(x);
            float[] restored = Tensors.toFloats(back.output());
            for (int i = 0; i < original.length; i++) {
                assertEquals(original[i], restored[i], 1e-4);
            }
            float[] sum = Tensors.toFloats(forward.logAbsDet().add(back.logAbsDet()));
            for (float s : sum) {
                assertEquals(0, s, 1e-4);
            }
        }
    }

    /** The stack keeps halves apart for speed; it must be exactly the composition of its couplings. */
    @Test
    void alternatingStackEqualsTheCompositionOfItsCouplings() {
        for (int d : new int[] {2, 5}) {
            Parameters params = new Parameters();
            AlternatingCouplings stack = new AlternatingCouplings(params, "c", d, 5, 16, 2,
                    io.dgm4j.nn.Activation.TANH);
            perturb(params, 0.5);
            try (NoGradGuard g = new NoGradGuard()) {
                Tensor x = torch.randn(32, d);
                Transform.Result a = stack.forward(x);
                Transform.Result b = stack.asComposite().forward(x);
                assertArrayEquals(Tensors.toFloats(b.output()), Tensors.toFloats(a.output()), 1e-5f);
                assertArrayEquals(Tensors.toFloats(b.logAbsDet()), Tensors.toFloats(a.logAbsDet()), 1e-5f);
                Transform.Result ai = stack.inverse(x);
                Transform.Result bi = stack.asComposite().inverse(x);
                assertArrayEquals(Tensors.toFloats(bi.output()), Tensors.toFloats(ai.output()), 1e-5f);
                assertArrayEquals(Tensors.toFloats(bi.logAbsDet()), Tensors.toFloats(ai.logAbsDet()), 1e-5f);
            }
        }
    }

    /** Training follows autograd's gradient of the NLL: it must match central differences (smooth tanh nets). */
    @Test
    void nllGradientMatchesFiniteDifferences() {
        Flow flow = randomFlow(2, 4);
        Tensor x = torch.randn(64, 2);
        flow.logProb(x).mean().neg().backward();
        for (Map.Entry<String, Tensor> e : flow.parameters().asMap().entrySet()) {
            Tensor flat = e.getValue().view(-1);
            float[] analytic = Tensors.toFloats(e.getValue().grad());
            for (int i = 0; i < analytic.length; i += 7) {
                double numeric;
                try (NoGradGuard g = new NoGradGuard()) {
                    float original = Tensors.toFloats(flat)[i];
                    flat.narrow(0, i, 1).fill_(new Scalar(original + 1e-2));
                    double plus = flow.logProb(x).mean().neg().item_double();
                    flat.narrow(0, i, 1).fill_(new Scalar(original - 1e-2));
                    double minus = flow.logProb(x).mean().neg().item_double();
                    flat.narrow(0, i, 1).fill_(new Scalar(original));
                    numeric = (plus - minus) / 2e-2;
                }
                assertEquals(numeric, analytic[i], 1e-3 + 0.01 * Math.abs(numeric), e.getKey() + "[" + i + "]");
            }
        }
    }

    @Test
    void rejectsDataItCannotModel() {
        RealNvp factory = new RealNvp();
        ModelOptions none = new ModelOptions(Map.of());
        assertThrows(InvalidInputException.class, () -> factory.create(none, new int[] {1}));
        assertThrows(InvalidInputException.class, () -> factory.create(none, new int[] {28, 28}));
        assertThrows(InvalidInputException.class,
                () -> factory.create(new ModelOptions(Map.of("layers", "0")), new int[] {2}));
    }
}
