package io.dgm4j.models.autoregressive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.models.ModelOptions;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every autoregressive family on tiny shapes, against exact enumeration of all 2^D binary inputs:
 * the probabilities sum to 1, no logit reads its own pixel or a later one, and the sampler's
 * conditional probabilities average to the exact marginals.
 */
class BinaryAutoregressiveModelTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("nade", Map.of("hidden", "5"), new int[] {6}),
                Arguments.of("made", Map.of("hidden", "8", "depth", "2"), new int[] {6}),
                Arguments.of("made", Map.of("hidden", "8", "order", "random"), new int[] {6}),
                Arguments.of("pixelcnn", Map.of("channels", "4", "blocks", "2"), new int[] {1, 3, 3}));
    }

    /** A model with its parameters scaled up, so that its conditionals are far from uniform and wrong math shows. */
    private static BinaryAutoregressiveModel model(String family, Map<String, String> options, int[] shape, double scale) {
        Engine.seed(3);
        BinaryAutoregressiveModel m = (BinaryAutoregressiveModel) switch (family) {
            case "nade" -> new NadeFamily().create(new ModelOptions(options), shape);
            case "made" -> new MadeFamily().create(new ModelOptions(options), shape);
            default -> new PixelCnnFamily().create(new ModelOptions(options), shape);
        };
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Tensor p : m.parameters().list()) {
                p.mul_(new Scalar(scale));
            }
        }
        return m;
    }

    /** All 2^D binary vectors as rows [2^D, D], row s holding the bits of s. */
    static Tensor allBinary(int d) {
        int states = 1 << d;
        float[] v = new float[states * d];
        for (int s = 0; s < states; s++) {
            for (int i = 0; i < d; i++) {
                v[s * d + i] = (s >> i) & 1;
            }
        }
        return Tensors.of(v, states, d);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void probabilitiesOfAllBinaryInputsSumToOne(String family, Map<String, String> options, int[] shape) {
        BinaryAutoregressiveModel m = model(family, options, shape, 3);
        try (NoGradGuard guard = new NoGradGuard()) {
            float[] logP = Tensors.toFloats(m.logProb(allBinary(m.dimension).reshape(Tensors.batchShape(1 << m.dimension, shape))));
            double total = 0;
            double smallest = 1;
            for (float lp : logP) {
                total += Math.exp(lp);
                smallest = Math.min(smallest, Math.exp(lp));
            }
            assertEquals(1.0, total, 1e-4);
            assertTrue(smallest < 0.5 / logP.length, "the scaled model is far from uniform (smallest p " + smallest + ")");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void eachLogitReadsOnlyThePixelsBeforeIt(String family, Map<String, String> options, int[] shape) {
        BinaryAutoregressiveModel m = model(family, options, shape, 3);
        int d = m.dimension;
        int[] order = m.order();
        int[] position = new int[d];
        for (int t = 0; t < d; t++) {
            position[order[t]] = t;
        }
        Tensor all = allBinary(d);
        try (NoGradGuard guard = new NoGradGuard()) {
            float[] logits = Tensors.toFloats(m.logits(all));
            boolean readsEarlier = false;
            for (int s = 0; s < (1 << d); s++) {
                for (int j = 0; j < d; j++) {
                    int flipped = s ^ (1 << j);
                    for (int i = 0; i < d; i++) {
                        double change = Math.abs(logits[s * d + i] - logits[flipped * d + i]);
                        if (position[j] >= position[i]) {
                            assertEquals(0.0, change, 1e-5, "logit " + i + " changed when pixel " + j + " flipped");
                        } else if (change > 1e-3) {
                            readsEarlier = true;
                        }
                    }
                }
            }
            assertTrue(readsEarlier, "some logit depends on an earlier pixel");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void samplersConditionalProbabilitiesAverageToTheExactMarginals(String family, Map<String, String> options,
                                                                    int[] shape) {
        BinaryAutoregressiveModel m = model(family, options, shape, 2);
        int d = m.dimension;
        try (NoGradGuard guard = new NoGradGuard()) {
            float[] p = Tensors.toFloats(m.logProb(allBinary(d).reshape(Tensors.batchShape(1 << d, shape))).exp());
            double[] marginal = new double[d];
            for (int s = 0; s < (1 << d); s++) {
                for (int i = 0; i < d; i++) {
                    marginal[i] += ((s >> i) & 1) * p[s];
                }
            }
            int n = 40_000;
            Engine.seed(11);
            float[] drawn = Tensors.toFloats(m.sample(n).reshape(n, d).mean(new long[] {0}));
            // E over x_<i of p(x_i = 1 | x_<i) is p(x_i = 1); each draw's probability has sd <= 0.5, so 5 sd is 0.0125.
            for (int i = 0; i < d; i++) {
                assertEquals(marginal[i], drawn[i], 0.0125, "pixel " + i);
            }
        }
    }

    /**
     * PixelCNN's sampler reads each logit from the band of rows it sees; on an image taller than that band
     * (9 rows, 2 blocks: 5 rows above) every band's logit must equal the whole network's.
     */
    @Test
    void pixelCnnsBandedLogitsEqualTheWholeImagesLogits() {
        BinaryAutoregressiveModel m = model("pixelcnn", Map.of("channels", "4", "blocks", "2"), new int[] {1, 9, 3}, 3);
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor x = torch.rand(5, 27).lt(new Scalar(0.5)).to(torch.ScalarType.Float);
            float[] whole = Tensors.toFloats(m.logits(x));
            for (int i = 0; i < 27; i++) {
                float[] banded = Tensors.toFloats(m.logitOf(x, i));
                for (int n = 0; n < 5; n++) {
                    assertEquals(whole[n * 27 + i], banded[n], 1e-4, "pixel " + i + ", example " + n);
                }
            }
        }
    }
}
