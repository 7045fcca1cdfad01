package io.dgm4j.models.cnf;

import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OT-Flow's closed forms against the potential they come from: the field is minus its gradient, the divergence
 * minus its Laplacian, and the HJB residual dPhi/dt - |grad Phi|^2 / 2.
 */
class PotentialFieldTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    @Test
    void velocityDivergenceAndHjbResidualMatchFiniteDifferencesOfThePotential() {
        Engine.seed(5);
        Parameters params = new Parameters();
        int d = 3;
        PotentialField field = new PotentialField(params, d, 12, 2, 3);
        perturb(params, 0.5);
        int n = 4;
        double t = 0.3;
        float[] z = Tensors.toFloats(torch.randn(n, d));
        float[] velocity;
        float[] residual;
        float[] divergence;
        float[] autogradDivergence;
        try (AutoGradMode on = new AutoGradMode(true)) {
            Tensor point = Tensors.of(z, n, d);
            point.requires_grad_(true);
            VelocityField.Value value = field.at(point, t, true);
            velocity = Tensors.toFloats(value.velocity().detach());
            residual = Tensors.toFloats(value.hjbResidual().detach());
            divergence = Tensors.toFloats(value.divergence().detach());
            autogradDivergence = AutogradDivergence.of(value.velocity(), point);
        }
        double h = 1e-2;
        for (int i = 0; i < n; i++) {
            double squaredGradient = 0;
            for (int k = 0; k < d; k++) {
                double plus = potentialAt(field, z, i, k, h, t);
                double minus = potentialAt(field, z, i, k, -h, t);
                double derivative = (plus - minus) / (2 * h);
                squaredGradient += derivative * derivative;
                assertEquals(-derivative, velocity[i * d + k], 2e-3, "v = -grad Phi, example " + i + " axis " + k);
            }
            double laplacian = 0;
            double centre = potentialAt(field, z, i, 0, 0, t);
            for (int k = 0; k < d; k++) {
                double step = 3e-2;
                laplacian += (potentialAt(field, z, i, k, step, t) - 2 * centre + potentialAt(field, z, i, k, -step, t))
                        / (step * step);
            }
            assertEquals(-laplacian, divergence[i], 1e-2, "div v = -Laplacian of Phi, example " + i);
            assertEquals(autogradDivergence[i], divergence[i], 1e-4, "closed form = autograd, example " + i);
            double timeDerivative = (potentialAt(field, z, i, 0, 0, t + h) - potentialAt(field, z, i, 0, 0, t - h)) / (2 * h);
            assertEquals(timeDerivative - squaredGradient / 2, residual[i], 5e-3, "HJB residual, example " + i);
        }
    }

    /** Phi at example i of z with z[i][k] moved by dz, at time t,(the potential in float32; the step h is large enough for that). */
    private static double potentialAt(PotentialField field, float[] z, int i, int k, double dz, double t) {
        int d = z.length / 4;
        double[] s = new double[d + 1];
        for (int j = 0; j < d; j++) {
            s[j] = z[i * d + j] + (j == k ? dz : 0);
        }
        s[d] = t;
        float[] point = new float[d + 1];
        for (int j = 0; j <= d; j++) {
            point[j] = (float) s[j];
        }
        try (NoGradGuard g = new NoGradGuard()) {
            return field.potential(Tensors.of(point, 1, d + 1)).item_double();
        }
    }
}
