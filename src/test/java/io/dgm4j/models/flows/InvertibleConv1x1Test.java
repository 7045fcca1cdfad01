package io.dgm4j.models.flows;

import static io.dgm4j.models.flows.FlowChecks.assertLogDetsMatchNumericalJacobian;
import static io.dgm4j.models.flows.FlowChecks.assertRoundTrip;
import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.testing.NumericalJacobian;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InvertibleConv1x1Test {
    @BeforeAll
    static void start() {
        Engine.start(1);
        Engine.seed(5);
    }

    /** A layer moved away from its rotation start, so that log|det W| is not 0. */
    private static InvertibleConv1x1 trainedLooking(int channels, boolean lu) {
        Parameters params = new Parameters();
        InvertibleConv1x1 layer = new InvertibleConv1x1(params, "w", channels, lu);
        perturb(params, 0.3);
        return layer;
    }

    private static double[][] toMatrix(Tensor w) {
        int c = (int) w.size(0);
        float[] values = Tensors.toFloats(w);
        double[][] m = new double[c][c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                m[i][j] = values[i * c + j];
            }
        }
        return m;
    }

    @Test
    void logDetMatchesNumericalJacobianForVectorsAndImages() {
        for (boolean lu : new boolean[] {false, true}) {
            for (long[] event : new long[][] {{2}, {3}, {2, 3, 3}, {4, 2, 2}}) {
                InvertibleConv1x1 layer = trainedLooking((int) event[0], lu);
                assertLogDetsMatchNumericalJacobian(layer, 3e-3, event);
                assertRoundTrip(layer, 1e-4, event);
            }
        }
    }

    @Test
    void startsAsARotation() {
        for (boolean lu : new boolean[] {false, true}) {
            InvertibleConv1x1 layer = new InvertibleConv1x1(new Parameters(), "w", 4, lu);
            try (NoGradGuard g = new NoGradGuard()) {
                Tensor w = layer.weight();
                assertArrayEquals(Tensors.toFloats(torch.eye(4)), Tensors.toFloats(w.matmul(w.t())), 1e-5f);
                assertEquals(0, layer.logAbsDetWeight().item_double(), 1e-5);
            }
        }
    }

    /** LU's O(C) log-det is log|det| of the W it builds, and a plain layer holding that W agrees. */
    @Test
    void luAndPlainAgreeOnTheSameWeight() {
        InvertibleConv1x1 lu = trainedLooking(4, true);
        Parameters plainParams = new Parameters();
        InvertibleConv1x1 plain = new InvertibleConv1x1(plainParams, "w", 4, false);
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor w = lu.weight();
            plainParams.get("w.weight").copy_(w);
            double exact = NumericalJacobian.logAbsDeterminant(toMatrix(w));
            assertTrue(Math.abs(exact) > 0.05, "the perturbed W should not be volume preserving: " + exact);
            assertEquals(exact, lu.logAbsDetWeight().item_double(), 1e-4);
            assertEquals(exact, plain.logAbsDetWeight().item_double(), 1e-4);
            Tensor x = torch.randn(3, 4, 2, 2);
            assertArrayEquals(Tensors.toFloats(plain.forward(x).logAbsDet()), Tensors.toFloats(lu.forward(x).logAbsDet()),
                    1e-4f);
            assertArrayEquals(Tensors.toFloats(plain.forward(x).output()), Tensors.toFloats(lu.forward(x).output()),
                    1e-5f);
            Tensor product = w.matmul(torch.linalg_inv(w));
            assertArrayEquals(Tensors.toFloats(torch.eye(4)), Tensors.toFloats(product), 1e-4f, "W from LU is invertible");
        }
    }

    @Test
    void gradientsReachTheLuFactors() {
        Parameters params = new Parameters();
        InvertibleConv1x1 layer = new InvertibleConv1x1(params, "w", 3, true);
        Transform.Result r = layer.forward(torch.randn(8, 3, 2, 2));
        r.output().square().sum().add(r.logAbsDet().sum()).backward();
        for (String name : new String[] {"w.lower", "w.upper", "w.logAbsDiagonal"}) {
            assertTrue(params.get(name).grad().abs().sum().item_double() > 0, name + " gets no gradient");
        }
        assertEquals(3, params.list().size(), "permutation and signs are buffers, not trained");
    }
}
