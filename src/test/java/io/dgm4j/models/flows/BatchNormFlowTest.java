package io.dgm4j.models.flows;

import static io.dgm4j.models.flows.FlowChecks.assertLogDetsMatchNumericalJacobian;
import static io.dgm4j.models.flows.FlowChecks.assertRoundTrip;
import static io.dgm4j.models.flows.FlowChecks.size;
import static io.dgm4j.models.flows.FlowChecks.withBatch;
import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.testing.NumericalJacobian;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchNormFlowTest {
    private static final long[][] EVENTS = {{2}, {3}, {2, 3, 3}, {4, 2, 2}};

    @BeforeAll
    static void start() {
        Engine.start(1);
        Engine.seed(3);
    }

    private static BatchNormFlow perturbedLayer(int channels) {
        Parameters params = new Parameters();
        BatchNormFlow layer = new BatchNormFlow(params, "bn", channels);
        perturb(params, 0.4);
        return layer;
    }

    /** A batch with mean 2 and standard deviation 3, far from the running averages' start (0, 1). */
    private static Tensor offsetBatch(long... shape) {
        return torch.randn(shape).mul(new Scalar(3.0)).add(new Scalar(2.0));
    }

    /**
     * Training regime (gradients enabled): the output is the affine map with the batch's own mean
     * and biased variance, and the reported log-det is log|det| of the Jacobian of one example's
     * output with respect to that example's input, the batch statistics held fixed (numerically,
     * through forwardWith on the same statistics).
     */
    @Test
    void trainingRegimeUsesBatchStatisticsAndTheirLogDet() {
        for (long[] event : EVENTS) {
            Parameters params = new Parameters();
            BatchNormFlow layer = new BatchNormFlow(params, "bn", (int) event[0]);
            perturb(params, 0.4);
            int n = 6;
            int d = size(event);
            Tensor batch = offsetBatch(withBatch(n, event));
            Transform.Result training = layer.forward(batch);
            Tensor[] stats = PerChannel.meanAndVariance(batch);
            try (NoGradGuard g = new NoGradGuard()) {
                Transform.Result fixed = layer.forwardWith(batch, stats[0], stats[1]);
                assertArrayEquals(Tensors.toFloats(fixed.output()), Tensors.toFloats(training.output()), 1e-5f);
                assertArrayEquals(Tensors.toFloats(params.get("bn.beta")),
                        Tensors.toFloats(PerChannel.meanAndVariance(training.output())[0]), 1e-4f,
                        "the batch itself leaves with mean beta per channel");
            }
            double[] numeric = NumericalJacobian.logAbsDet(
                    v -> layer.forwardWith(v.view(withBatch(n, event)), stats[0], stats[1]).output().reshape(n, d),
                    Tensors.toFloats(batch), d, 1e-2);
            float[] analytic = Tensors.toFloats(training.logAbsDet());
            for (int i = 0; i < n; i++) {
                assertEquals(numeric[i], analytic[i], 2e-3, "example " + i);
            }
        }
    }

    @Test
    void trainingPassesMoveRunningAveragesAndEvaluationPassesDoNot() {
        BatchNormFlow layer = perturbedLayer(3);
        Tensor batch = offsetBatch(64, 3);
        layer.forward(batch);
        Tensor[] stats = PerChannel.meanAndVariance(batch);
        // From (0, 1) one step of momentum 0.1.
        assertArrayEquals(Tensors.toFloats(stats[0].mul(new Scalar(0.1))), Tensors.toFloats(layer.runningMean()), 1e-6f);
        assertArrayEquals(Tensors.toFloats(stats[1].mul(new Scalar(0.1)).add(new Scalar(0.9))),
                Tensors.toFloats(layer.runningVariance()), 1e-5f);
        float[] before = Tensors.toFloats(layer.runningMean());
        try (NoGradGuard g = new NoGradGuard()) {
            layer.forward(offsetBatch(64, 3));
        }
        layer.inverse(offsetBatch(64, 3));
        assertArrayEquals(before, Tensors.toFloats(layer.runningMean()));
    }

    /** Evaluation regime (NoGradGuard) and the inverse: the fixed affine map of the running averages. */
    @Test
    void evaluationRegimeLogDetMatchesNumericalJacobianAndInverts() {
        for (long[] event : EVENTS) {
            BatchNormFlow layer = perturbedLayer((int) event[0]);
            for (int i = 0; i < 5; i++) {
                layer.forward(offsetBatch(withBatch(16, event)));
            }
            assertLogDetsMatchNumericalJacobian(layer, 2e-3, event);
            assertRoundTrip(layer, 1e-4, event);
        }
    }
}
