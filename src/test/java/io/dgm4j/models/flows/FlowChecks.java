package io.dgm4j.models.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dgm4j.tensor.Tensors;
import io.dgm4j.testing.NumericalJacobian;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Checks shared by the flow layer tests, for vector [N, D] and image [N, C, H, W] shapes. */
final class FlowChecks {
    private FlowChecks() {
    }

    static long[] withBatch(int n, long... eventShape) {
        long[] shape = new long[eventShape.length + 1];
        shape[0] = n;
        System.arraycopy(eventShape, 0, shape, 1, eventShape.length);
        return shape;
    }

    static int size(long... eventShape) {
        int d = 1;
        for (long s : eventShape) {
            d *= (int) s;
        }
        return d;
    }

    /**
     * The log-det the transform reports in both directions equals log|det| of the central-difference
     * Jacobian of the map (images flattened to vectors of H*W*C).
     */
    static void assertLogDetsMatchNumericalJacobian(Transform t, double tolerance, long... eventShape) {
        assertLogDetMatchesNumericalJacobian(t, tolerance, eventShape);
        assertLogDetMatchesNumericalJacobian(t.inverted(), tolerance, eventShape);
    }

    static void assertLogDetMatchesNumericalJacobian(Transform t, double tolerance, long... eventShape) {
        int n = 6;
        int d = size(eventShape);
        float[] x = Tensors.toFloats(torch.randn(n, d));
        double[] numeric = NumericalJacobian.logAbsDet(
                v -> t.forward(v.view(withBatch(n, eventShape))).output().reshape(n, d), x, d, 1e-2);
        float[] analytic;
        try (NoGradGuard g = new NoGradGuard()) {
            analytic = Tensors.toFloats(t.forward(Tensors.of(x, withBatch(n, eventShape))).logAbsDet());
        }
        assertEquals(n, analytic.length, "one log-det per example");
        for (int i = 0; i < n; i++) {
            assertEquals(numeric[i], analytic[i], tolerance, "example " + i);
        }
    }

    /** inverse(forward(x)) = x, and the two log-dets cancel. */
    static void assertRoundTrip(Transform t, double tolerance, long... eventShape) {
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor x = torch.randn(withBatch(16, eventShape));
            Transform.Result forward = t.forward(x);
            Transform.Result back = t.inverse(forward.output());
            float[] original = Tensors.toFloats(x);
            float[] restored = Tensors.toFloats(back.output());
            for (int i = 0; i < original.length; i++) {
                assertEquals(original[i], restored[i], tolerance, "element " + i);
            }
            for (float s : Tensors.toFloats(forward.logAbsDet().add(back.logAbsDet()))) {
                assertEquals(0, s, tolerance);
            }
        }
    }
}
