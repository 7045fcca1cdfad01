package io.dgm4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BinarisationTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /**
     * Each pixel is 1 with probability equal to its intensity: over 20000 draws the frequency of ones
     * lies within 5 binomial standard deviations of the intensity, and intensities 0 and 1 are never flipped.
     */
    @Test
    void dynamicBinarisationIsBernoulliOfTheIntensity() {
        Engine.seed(11);
        float[] p = {0f, 0.01f, 0.3f, 0.5f, 0.77f, 1f};
        int draws = 20000;
        Tensor intensities = Tensors.of(p, 1, p.length).expand(draws, p.length).contiguous();
        Tensor x = Binarisation.dynamic(intensities);
        assertEquals(torch.ScalarType.Float.value, x.scalar_type().value);
        float[] values = Tensors.toFloats(x);
        for (float v : values) {
            assertTrue(v == 0f || v == 1f, "a binarised pixel is " + v);
        }
        float[] frequency = Tensors.toFloats(x.mean(new long[] {0}, false, new org.bytedeco.pytorch.ScalarTypeOptional()));
        for (int i = 0; i < p.length; i++) {
            double sd = Math.sqrt(p[i] * (1 - p[i]) / draws);
            assertEquals(p[i], frequency[i], 5 * sd + 1e-9, "intensity " + p[i]);
        }
    }

    /** Held-out data is binarised the same way every time, and fresh training batches differ. */
    @Test
    void fixedBinarisationRepeatsAndDynamicDoesNot() {
        Tensor intensities = torch.full(new long[] {50, 40}, new org.bytedeco.pytorch.Scalar(0.5));
        assertArrayEquals(Tensors.toFloats(Binarisation.fixed(intensities)), Tensors.toFloats(Binarisation.fixed(intensities)));
        assertTrue(!java.util.Arrays.equals(Tensors.toFloats(Binarisation.dynamic(intensities)),
                Tensors.toFloats(Binarisation.dynamic(intensities))));
    }
}
