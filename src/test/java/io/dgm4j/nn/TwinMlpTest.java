package io.dgm4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TwinMlpTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /**
     * Activations overwrite fresh layer outputs in place; autograd must still get the gradient right.
     * Checked against central differences of the loss for every parameter entry of a tiny net.
     */
    @Test
    void gradientsMatchFiniteDifferencesForEveryActivation() {
        for (Activation activation : Activation.values()) {
            Engine.seed(4);
            Parameters params = new Parameters();
            TwinMlp net = new TwinMlp(params, "net", 3, 5, 2, 2, activation, false);
            Tensor x = torch.randn(7, 3).to(torch.ScalarType.Float);
            net.forward(x).square().sum().backward();
            for (Tensor p : params.list()) {
                float[] analytic = Tensors.toFloats(p.grad());
                for (int i = 0; i < analytic.length; i += 3) {
                    double numeric = finiteDifference(net, x, p, i, 1e-2);
                    assertEquals(numeric, analytic[i], 2e-2 * Math.max(1, Math.abs(numeric)),
                            activation + " entry " + i);
                }
            }
        }
    }

    private static double finiteDifference(TwinMlp net, Tensor x, Tensor p, int index, double h) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor flat = p.view(-1);
            float original = Tensors.toFloats(flat)[index];
            flat.narrow(0, index, 1).fill_(new org.bytedeco.pytorch.Scalar(original + h));
            double plus = net.forward(x).square().sum().item_double();
            flat.narrow(0, index, 1).fill_(new org.bytedeco.pytorch.Scalar(original - h));
            double minus = net.forward(x).square().sum().item_double();
            flat.narrow(0, index, 1).fill_(new org.bytedeco.pytorch.Scalar(original));
            return (plus - minus) / (2 * h);
        }
    }
}
