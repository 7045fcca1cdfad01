package io.dgm4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.models.flows.ElementwiseAffine;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.testing.TinyImageFlow;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TemperatureSamplingTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v), s = 0;
        for (float x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /** 500 draws x 16 dimensions: the std estimate is within ~1% of the truth; 4% is a safe bound. */
    @Test
    void latentStdScalesWithTemperature() {
        Flow flow = TinyImageFlow.create(new int[] {1, 4, 4}, 5);
        for (double t : new double[] {0.3, 1.0, 2.5}) {
            Engine.seed(9);
            float[] z = Tensors.toFloats(TemperatureSampling.latents(flow, 500, t));
            assertEquals(500 * 16, z.length);
            assertEquals(t, std(z), 0.04 * t, "latent std at T = " + t);
            assertEquals(0, mean(z), 0.05 * t, "latent mean at T = " + t);
        }
        // Same seed, same eps: the draws at T = 2 are exactly twice those at T = 1.
        Engine.seed(9);
        float[] one = Tensors.toFloats(TemperatureSampling.latents(flow, 50, 1));
        Engine.seed(9);
        float[] two = Tensors.toFloats(TemperatureSampling.latents(flow, 50, 2));
        for (int i = 0; i < one.length; i++) {
            one[i] *= 2;
        }
        assertArrayEquals(one, two);
    }

    /** x = 3 z + 1 per pixel: samples at T have mean 1 and std 3 T, so decoding is applied to the scaled draws. */
    @Test
    void samplesAreTheDecodedScaledDraws() {
        float[] shift = new float[16];
        float[] scale = new float[16];
        Arrays.fill(shift, 1);
        Arrays.fill(scale, 3);
        // ElementwiseAffine is the data -> latent map z = (x - 1) / 3; decoding inverts it.
        Flow flow = new Flow(new StandardNormal(16), new ElementwiseAffine(shift, scale), new Parameters(), new int[] {16});
        for (double t : new double[] {0.5, 2.0}) {
            Engine.seed(10);
            float[] x = Tensors.toFloats(TemperatureSampling.samples(flow, 500, t));
            assertEquals(3 * t, std(x), 0.04 * 3 * t, "sample std at T = " + t);
            assertEquals(1, mean(x), 0.05 * 3 * t, "sample mean at T = " + t);
        }
    }

    @Test
    void temperatureMustBePositive() {
        Flow flow = TinyImageFlow.create(new int[] {1, 4, 4}, 5);
        for (double t : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> TemperatureSampling.latents(flow, 3, t), "T = " + t);
        }
    }
}
