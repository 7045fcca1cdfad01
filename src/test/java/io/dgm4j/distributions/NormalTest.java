package io.dgm4j.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NormalTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** The textbook density, computed in double precision in plain Java. */
    private static double logNormal(double x, double mean, double std) {
        double z = (x - mean) / std;
        return -0.5 * z * z - Math.log(std) - 0.5 * Math.log(2 * Math.PI);
    }

    @Test
    void standardNormalLogProbMatchesTheFormula() {
        float[] x = {0f, 0f, 1f, -2f, 3.5f, 0.25f};
        float[] logp = Tensors.toFloats(new StandardNormal(2).logProb(Tensors.of(x, 3, 2)));
        for (int i = 0; i < 3; i++) {
            assertEquals(logNormal(x[2 * i], 0, 1) + logNormal(x[2 * i + 1], 0, 1), logp[i], 1e-5);
        }
    }

    @Test
    void standardNormalOverImagesSumsEveryPixel() {
        StandardNormal image = new StandardNormal(new int[] {1, 2, 3});
        float[] x = {0f, 1f, -2f, 0.5f, 3f, -1f, 2f, 0f, 0f, 1f, 1f, -0.5f};
        float[] logp = Tensors.toFloats(image.logProb(Tensors.of(x, 2, 1, 2, 3)));
        for (int i = 0; i < 2; i++) {
            double expected = 0;
            for (int j = 0; j < 6; j++) {
                expected += logNormal(x[6 * i + j], 0, 1);
            }
            assertEquals(expected, logp[i], 1e-5);
        }
        assertEquals(6, image.eventDimension());
        assertEquals(java.util.List.of(5L, 1L, 2L, 3L), java.util.Arrays.stream(Tensors.shape(image.sample(5))).boxed().toList());
    }

    @Test
    void diagonalNormalLogProbMatchesTheFormula() {
        float[] mean = {1f, -0.5f, 2f};
        float[] std = {0.5f, 2f, 1.5f};
        float[] logStd = new float[3];
        for (int j = 0; j < 3; j++) {
            logStd[j] = (float) Math.log(std[j]);
        }
        DiagonalNormal normal = new DiagonalNormal(Tensors.of(mean, 3), Tensors.of(logStd, 3));
        float[] x = {0f, 0f, 0f, 1.5f, -3f, 2.5f};
        float[] logp = Tensors.toFloats(normal.logProb(Tensors.of(x, 2, 3)));
        for (int i = 0; i < 2; i++) {
            double expected = 0;
            for (int j = 0; j < 3; j++) {
                expected += logNormal(x[3 * i + j], mean[j], std[j]);
            }
            assertEquals(expected, logp[i], 1e-5);
        }
    }

    /** Monte Carlo: the sample mean and std of rsample match the parameters. */
    @Test
    void diagonalNormalSamplesHaveTheRightMoments() {
        Engine.seed(3);
        DiagonalNormal normal = new DiagonalNormal(Tensors.of(new float[] {1f, -2f}, 2),
                Tensors.of(new float[] {(float) Math.log(0.5), (float) Math.log(3)}, 2));
        Tensor s = normal.sample(200_000);
        float[] mean = Tensors.toFloats(s.mean(0));
        float[] std = Tensors.toFloats(s.std(new long[] {0}, true, false));
        assertEquals(1.0, mean[0], 0.01);
        assertEquals(-2.0, mean[1], 0.03);
        assertEquals(0.5, std[0], 0.01);
        assertEquals(3.0, std[1], 0.03);
    }

    /** The reparameterisation trick: d/dmean of E[x] is 1, so gradients reach the parameters. */
    @Test
    void rsampleCarriesGradientsToTheParameters() {
        Tensor mean = torch.zeros(2);
        mean.requires_grad_(true);
        Tensor logStd = torch.zeros(2);
        logStd.requires_grad_(true);
        new DiagonalNormal(mean, logStd).rsample(1000).mean().backward();
        float[] g = Tensors.toFloats(mean.grad());
        assertEquals(0.5, g[0], 1e-6);
        assertEquals(0.5, g[1], 1e-6);
        assertTrue(logStd.grad().defined());
    }
}
