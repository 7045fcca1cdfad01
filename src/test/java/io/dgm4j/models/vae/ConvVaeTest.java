package io.dgm4j.models.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The convolutional encoder and decoder (--opt net=conv): shapes, gradients and option checks. */
class ConvVaeTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** A non-square, 3-channel image catches mixed-up height, width and channel counts. */
    @Test
    void convNetsMapImagesToPosteriorParametersAndBack() {
        int[] image = {3, 8, 12};
        Engine.seed(1);
        Parameters params = new Parameters();
        ConvEncoderNet encoder = new ConvEncoderNet(params, image, 5, Activation.RELU);
        ConvDecoderNet decoder = new ConvDecoderNet(params, image, 5, Activation.RELU);
        try (NoGradGuard guard = new NoGradGuard()) {
            assertArrayEquals(new long[] {4, 10}, Tensors.shape(encoder.forward(torch.rand(4, 3 * 8 * 12))));
            assertArrayEquals(new long[] {4, 3 * 8 * 12}, Tensors.shape(decoder.forward(torch.randn(4, 5))));
        }
        // conv 3->32 and 32->64 (4x4), linear 64*2*3 -> 10; linear 5 -> 64*2*3, deconv 64->32 and 32->3 (4x4).
        long expected = (32L * 3 * 16 + 32) + (64L * 32 * 16 + 64) + (64L * 6 * 10 + 10)
                + (5L * 64 * 6 + 64 * 6) + (64L * 32 * 16 + 32) + (32L * 3 * 16 + 3);
        assertEquals(expected, params.count());

        Vae vae = VaeFamily.buildConv(image, 5, Activation.RELU, "bernoulli", 1, true, new VaeTraining(1, 1, 0));
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor x = torch.rand(4, 3, 8, 12);
            assertArrayEquals(new long[] {4, 5}, Tensors.shape(vae.encode(x)));
            assertArrayEquals(new long[] {4, 3, 8, 12}, Tensors.shape(vae.decode(vae.encode(x))));
            assertArrayEquals(new long[] {6, 3, 8, 12}, Tensors.shape(vae.sample(6)));
            assertArrayEquals(new long[] {4}, Tensors.shape(vae.terms(x).elbo()));
        }
    }

    /**
     * With the noise fixed, the ELBO's autograd gradient with respect to every conv, deconv and
     * linear parameter matches central differences (a smooth activation, so no ReLU kinks).
     */
    @Test
    void convElboGradientMatchesFiniteDifferences() {
        Engine.seed(4);
        Vae model = VaeFamily.buildConv(new int[] {1, 4, 4}, 2, Activation.TANH, "bernoulli", 1, true,
                new VaeTraining(1, 1, 0));
        Engine.seed(9);
        Tensor x = torch.bernoulli(torch.rand(3, 1, 4, 4));
        Tensor eps = torch.randn(3, 2);
        model.terms(x, eps).elbo().sum().backward();
        double h = 1e-2;
        int checked = 0;
        for (String name : model.parameters().asMap().keySet()) {
            Tensor p = model.parameters().get(name);
            float[] analytic = Tensors.toFloats(p.grad());
            Tensor flat = p.view(-1);
            // A spread of entries of each tensor keeps the test fast.
            for (int i = 0; i < analytic.length; i += Math.max(1, analytic.length / 7)) {
                double numeric = VaeTest.elboCentralDifference(model, x, eps, flat, i, h);
                assertEquals(numeric, analytic[i], 5e-3 + 0.02 * Math.abs(numeric), name + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 50, "checked " + checked);
        assertTrue(model.parameters().asMap().keySet().contains("decoder.deconv1.weight"), model.parameters().asMap().keySet().toString());
    }

    @Test
    void convOptionChecksItsInput() {
        Vae conv = (Vae) VaeFamily.vae().create(new ModelOptions(Map.of("net", "conv")), new int[] {1, 28, 28});
        assertEquals(20, conv.latentDimension());
        assertTrue(conv.parameters().asMap().keySet().contains("encoder.conv0.weight"));
        assertBad(Map.of("net", "conv"), new int[] {2}, "net=conv", "[2]", "--opt net=mlp");
        assertBad(Map.of("net", "conv"), new int[] {1, 6, 8}, "multiples of 4", "[1, 6, 8]");
        assertBad(Map.of("net", "conv", "hidden", "64"), new int[] {1, 28, 28}, "--hidden", "net=conv");
        assertBad(Map.of("net", "resnet"), new int[] {1, 28, 28}, "net='resnet'", "conv");
    }

    private static void assertBad(Map<String, String> options, int[] shape, String... fragments) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> VaeFamily.vae().create(new ModelOptions(options), shape));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), e.getMessage());
        }
    }
}
