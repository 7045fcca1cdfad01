package io.dgm4j.models.flows;

import static io.dgm4j.models.flows.FlowChecks.assertLogDetsMatchNumericalJacobian;
import static io.dgm4j.models.flows.FlowChecks.assertRoundTrip;
import static io.dgm4j.models.flows.FlowChecks.withBatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.Checkpoint;
import java.nio.file.Path;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActNormTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Engine.start(1);
        Engine.seed(11);
    }

    /** Data far from standard: per-channel offsets and scales that the init has to undo. */
    private static Tensor skewed(long... shape) {
        Tensor x = torch.randn(shape);
        long channels = shape[1];
        Tensor offsets = torch.arange(new Scalar(channels)).to(torch.ScalarType.Float).mul(new Scalar(3.0));
        Tensor scales = torch.arange(new Scalar(channels)).to(torch.ScalarType.Float).add(new Scalar(0.5));
        return x.mul(PerChannel.broadcast(scales, x)).add(PerChannel.broadcast(offsets, x));
    }

    @Test
    void firstForwardStandardisesTheBatchPerChannel() {
        for (long[] shape : new long[][] {{64, 3}, {16, 2, 3, 3}, {16, 4, 2, 2}}) {
            ActNorm layer = new ActNorm(new Parameters(), "a", (int) shape[1]);
            assertFalse(layer.isInitialised());
            Tensor z;
            try (NoGradGuard g = new NoGradGuard()) {
                z = layer.forward(skewed(shape)).output();
            }
            assertTrue(layer.isInitialised());
            Tensor[] stats = PerChannel.meanAndVariance(z);
            for (float m : Tensors.toFloats(stats[0])) {
                assertEquals(0, m, 1e-5);
            }
            for (float v : Tensors.toFloats(stats[1])) {
                assertEquals(1, v, 1e-4);
            }
        }
    }

    /** Numerical Jacobians, after an init on skewed data so that bias and scales are far from 0 and 1. */
    @Test
    void logDetMatchesNumericalJacobianAndInverseUndoesForward() {
        for (long[] event : new long[][] {{2}, {3}, {2, 3, 3}, {4, 2, 2}}) {
            ActNorm layer = new ActNorm(new Parameters(), "a", (int) event[0]);
            try (NoGradGuard g = new NoGradGuard()) {
                layer.forward(skewed(withBatch(32, event)));
            }
            assertLogDetsMatchNumericalJacobian(layer, 2e-3, event);
            assertRoundTrip(layer, 1e-4, event);
        }
    }

    @Test
    void initialisationSurvivesACheckpointAndDoesNotRunAgain() {
        Parameters trained = new Parameters();
        ActNorm layer = new ActNorm(trained, "a", 3);
        try (NoGradGuard g = new NoGradGuard()) {
            layer.forward(skewed(64, 3));
        }
        Path file = tmp.resolve("actnorm.pt");
        Checkpoint.save(file, trained, null, 1);

        Parameters loadedParams = new Parameters();
        ActNorm loaded = new ActNorm(loadedParams, "a", 3);
        Checkpoint.load(file, loadedParams, null);
        assertTrue(loaded.isInitialised());
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor other = torch.randn(64, 3).mul(new Scalar(10.0));
            loaded.forward(other);
            assertArrayEquals(Tensors.toFloats(layer.forward(other).output()),
                    Tensors.toFloats(loaded.forward(other).output()), 1e-5f);
        }
        assertArrayEquals(Tensors.toFloats(trained.get("a.bias")), Tensors.toFloats(loadedParams.get("a.bias")));
        assertArrayEquals(Tensors.toFloats(trained.get("a.logScale")),
                Tensors.toFloats(loadedParams.get("a.logScale")), "a new batch must not re-initialise");
    }

    @Test
    void inverseBeforeAnyForwardIsTheIdentityAndInitialisesNothing() {
        ActNorm layer = new ActNorm(new Parameters(), "a", 2);
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor z = torch.randn(5, 2);
            assertArrayEquals(Tensors.toFloats(z), Tensors.toFloats(layer.inverse(z).output()));
        }
        assertFalse(layer.isInitialised());
    }
}
