package io.dgm4j.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StandardLogisticTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
        Engine.seed(2);
    }

    /** The textbook density e^-x / (1 + e^-x)^2 in double precision. */
    private static double logLogistic(double x) {
        return -x - 2 * Math.log1p(Math.exp(-x));
    }

    @Test
    void logProbMatchesTheFormulaSummedOverFeatures() {
        float[] x = {0f, 0f, 1f, -2f, 12f, -0.25f};
        float[] logp = Tensors.toFloats(new StandardLogistic(2).logProb(Tensors.of(x, 3, 2)));
        for (int i = 0; i < 3; i++) {
            assertEquals(logLogistic(x[2 * i]) + logLogistic(x[2 * i + 1]), logp[i], 1e-5);
        }
    }

    @Test
    void densityIntegratesToOne() {
        int n = 60001;
        float[] grid = new float[n];
        for (int i = 0; i < n; i++) {
            grid[i] = -30f + 60f * i / (n - 1);
        }
        float[] logp = Tensors.toFloats(new StandardLogistic(1).logProb(Tensors.of(grid, n, 1)));
        double sum = 0;
        for (float lp : logp) {
            sum += Math.exp(lp);
        }
        assertEquals(1.0, sum * 60.0 / (n - 1), 1e-4);
    }

    /** Monte Carlo: mean 0 and variance pi^2/3 (standard error of the variance about 0.017 here). */
    @Test
    void samplesHaveTheLogisticMoments() {
        float[] s = Tensors.toFloats(new StandardLogistic(2).sample(100_000));
        double mean = 0;
        for (float v : s) {
            mean += v;
        }
        mean /= s.length;
        double variance = 0;
        for (float v : s) {
            variance += (v - mean) * (v - mean);
        }
        variance /= s.length;
        assertEquals(0, mean, 0.03);
        assertEquals(Math.PI * Math.PI / 3, variance, 0.08);
    }
}
