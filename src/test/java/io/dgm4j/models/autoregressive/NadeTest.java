package io.dgm4j.models.autoregressive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NADE's vectorised density against the paper's recursion written out in double precision. */
class NadeTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private static double[] doubles(Tensor t) {
        float[] f = Tensors.toFloats(t);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    @ParameterizedTest(name = "blocks of {0} values")
    @ValueSource(longs = {Nade.BLOCK_VALUES, 1, 3 * 128 * 4})
    void logProbIsTheRecursionOfTheNadePaper(long blockValues) {
        int d = 7;
        int h = 4;
        Engine.seed(5);
        // 128 inputs of 4 hidden units: the whole of x in one block, pixel by pixel, and blocks of 3 (the last of 1).
        Nade nade = new Nade(new int[] {d}, h, blockValues);
        double[] w = doubles(nade.parameters().get("input.weight"));
        double[] c = doubles(nade.parameters().get("input.bias"));
        double[] v = doubles(nade.parameters().get("output.weight"));
        double[] b = doubles(nade.parameters().get("output.bias"));
        Tensor x = BinaryAutoregressiveModelTest.allBinary(d);
        float[] bits = Tensors.toFloats(x);
        float[] logP;
        try (NoGradGuard guard = new NoGradGuard()) {
            logP = Tensors.toFloats(nade.logProb(x));
        }
        for (int s = 0; s < (1 << d); s++) {
            double[] a = c.clone();
            double expected = 0;
            for (int i = 0; i < d; i++) {
                double logit = b[i];
                for (int k = 0; k < h; k++) {
                    logit += v[i * h + k] * sigmoid(a[k]);
                }
                double p = sigmoid(logit);
                double xi = bits[s * d + i];
                expected += Math.log(xi == 1 ? p : 1 - p);
                for (int k = 0; k < h; k++) {
                    a[k] += xi * w[i * h + k];
                }
            }
            assertEquals(expected, logP[s], 1e-5, "state " + s);
        }
    }
}
