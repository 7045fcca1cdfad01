package io.dgm4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.vae.Vae;
import io.dgm4j.models.vae.VaeFamily;
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

class VariationalBoundTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** Units count as active when their posterior mean varies by more than 0.01 across examples. */
    @Test
    void activeUnitsCountDimensionsWhosePosteriorMeanVaries() {
        Engine.seed(1);
        Tensor noise = torch.randn(2000, 4);
        // Standard deviations 1, 0.3, 0.05 and 0: variances 1, 0.09, 0.0025 and 0.
        Tensor means = noise.mul(Tensors.of(new float[] {1f, 0.3f, 0.05f, 0f}, 1, 4));
        assertEquals(2, VariationalBound.activeUnits(means));
        assertEquals(0, VariationalBound.activeUnits(torch.zeros(10, 3)));
    }

    /**
     * The logged terms add up: train_loss = train_recon + beta * train_kl for the ELBO, and the
     * validation ELBO is minus reconstruction minus KL. A few steps on a fixed batch lower the loss.
     */
    @Test
    void elboStepsLogConsistentTermsAndLowerTheLoss() {
        Engine.seed(2);
        Vae model = (Vae) VaeFamily.vae().create(new ModelOptions(Map.of("beta", "0.5", "hidden", "16")), new int[] {2});
        VariationalBound objective = new VariationalBound(model);
        TrainingConfig config = TrainingConfig.builder(50, 64, 1e-2).build();
        Optimization optimization = new Optimization(objective.parameterGroups(), config);
        Tensor batch = torch.randn(256, 2).mul(new Scalar(0.3)).add(new Scalar(2.0));
        double first = 0;
        double last = 0;
        for (int step = 0; step < 50; step++) {
            optimization.setStep(step);
            Map<String, Double> m = objective.step(batch, optimization);
            assertEquals(m.get("train_recon") + 0.5 * m.get("train_kl"), m.get("train_loss"), 1e-4);
            if (step == 0) {
                first = m.get("train_loss");
            }
            last = m.get("train_loss");
        }
        assertTrue(last < first - 0.5, "loss " + first + " -> " + last);
        Map<String, Double> v;
        try (NoGradGuard guard = new NoGradGuard()) {
            v = objective.validate(batch);
        }
        assertEquals(-v.get("val_recon") - v.get("val_kl"), v.get("val_elbo"), 1e-6);
        assertTrue(objective.trainMetrics().containsAll(List.of("train_loss", "train_recon", "train_kl")));
    }
}
