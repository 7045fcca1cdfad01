package io.dgm4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One group's update back-propagates to that group alone, as a GAN's alternating players need. */
class OptimizationTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    @Test
    void minimizingOneGroupLeavesTheOtherGroupsGradientAndValuesAlone() {
        Tensor a = Tensors.of(new float[] {1f, 2f}, 2);
        a.requires_grad_(true);
        Tensor b = Tensors.of(new float[] {3f, -4f}, 2);
        b.requires_grad_(true);
        Optimization optimization = new Optimization(List.of(List.of(a), List.of(b)),
                AdversarialTrainingTest.config("adam", 0.1));

        optimization.minimize(0, a.mul(b).sum());

        // d/da = b reached a's gradient; b, which the loss also depends on, got none and did not move.
        assertEquals(3.0, a.grad().get(0).item_double(), 0.0);
        assertEquals(-4.0, a.grad().get(1).item_double(), 0.0);
        assertNotEquals(1.0, a.get(0).item_double());
        assertEquals(0.0, b.grad().abs().sum().item_double(), 0.0);
        assertEquals(3.0, b.get(0).item_double(), 0.0);
        assertEquals(-4.0, b.get(1).item_double(), 0.0);
    }

    /** The gradient norm an objective can log is the Euclidean norm of the group's last gradient. */
    @Test
    void gradientNormIsThatOfTheLastUpdatesGradient() {
        Tensor a = Tensors.of(new float[] {1f, 2f}, 2);
        a.requires_grad_(true);
        Tensor b = Tensors.of(new float[] {3f}, 1);
        b.requires_grad_(true);
        Optimization optimization = new Optimization(List.of(List.of(a, b)), AdversarialTrainingTest.config("adam", 0.1));

        // d/da (a . (3, -4)) = (3, -4), d/db (12 b) = 12: norm sqrt(9 + 16 + 144) = 13.
        optimization.minimize(0, a.mul(Tensors.of(new float[] {3f, -4f}, 2)).sum().add(b.mul(new Scalar(12.0)).sum()));

        assertEquals(13.0, optimization.gradientNorm(0), 1e-6);
    }

    /** SGD with momentum mu takes PyTorch's heavy-ball steps: v = mu v + g, p = p - lr v. */
    @Test
    void sgdTakesHeavyBallSteps() {
        Tensor p = Tensors.of(new float[] {1f}, 1);
        p.requires_grad_(true);
        TrainingConfig sgd = TrainingConfig.builder(10, 8, 0.1).optimizer("sgd").evalEvery(5).momentum(0.5).build();
        Optimization optimization = new Optimization(List.of(List.of(p)), sgd);

        optimization.minimize(0, p.mul(new Scalar(2.0)).sum());   // g = 2: v = 2, p = 1 - 0.2
        assertEquals(0.8, p.item_double(), 1e-6);
        optimization.minimize(0, p.mul(p).sum());                 // g = 1.6: v = 1 + 1.6, p = 0.8 - 0.26
        assertEquals(0.54, p.item_double(), 1e-6);
    }
}
