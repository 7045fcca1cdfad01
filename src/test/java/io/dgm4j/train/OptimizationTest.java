package io.dgm4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.List;
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
        Tensor a = Tensors.of(new float[] {1f, 2f}, 2).requires_grad_(true);
        Tensor b = Tensors.of(new float[] {3f, -4f}, 2).requires_grad_(true);
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
}
