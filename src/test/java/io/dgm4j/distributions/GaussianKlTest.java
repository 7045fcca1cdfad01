package io.dgm4j.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GaussianKlTest {
    private static final int SAMPLES = 200_000;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** The closed form agrees with E_q[log q(z) - log p(z)] estimated from samples, within 4 standard errors. */
    @Test
    void closedFormMatchesMonteCarlo() {
        float[] means = {0f, 0f, 0f, 1.5f, -0.7f, 0.2f, -2f, 0.3f, 0.9f, 0.1f, 0.1f, 0.1f};
        float[] logVars = {0f, 0f, 0f, -1f, 0.5f, 0.3f, 1.2f, -2.5f, 0f, -0.2f, 0.4f, -0.6f};
        try (NoGradGuard guard = new NoGradGuard()) {
            float[] closed = Tensors.toFloats(GaussianKl.toStandardNormal(Tensors.of(means, 4, 3), Tensors.of(logVars, 4, 3)));
            assertEquals(0, closed[0], 1e-7, "KL of the standard normal to itself");
            StandardNormal prior = new StandardNormal(3);
            Engine.seed(3);
            for (int row = 0; row < 4; row++) {
                Tensor mean = Tensors.of(java.util.Arrays.copyOfRange(means, 3 * row, 3 * row + 3), 3);
                Tensor logStd = Tensors.of(java.util.Arrays.copyOfRange(logVars, 3 * row, 3 * row + 3), 3)
                        .mul(new Scalar(0.5));
                DiagonalNormal q = new DiagonalNormal(mean, logStd);
                Tensor z = q.sample(SAMPLES);
                float[] logRatio = Tensors.toFloats(q.logProb(z).sub(prior.logProb(z)));
                double sum = 0;
                double sumSquares = 0;
                for (float v : logRatio) {
                    sum += v;
                    sumSquares += (double) v * v;
                }
                double estimate = sum / SAMPLES;
                double standardError = Math.sqrt((sumSquares / SAMPLES - estimate * estimate) / SAMPLES);
                if (row > 0) {
                    assertTrue(closed[row] > 0.05, "a non-standard Gaussian has a KL clearly above 0");
                    assertEquals(estimate, closed[row], 4 * standardError + 1e-6, "row " + row);
                }
            }
        }
    }
}
