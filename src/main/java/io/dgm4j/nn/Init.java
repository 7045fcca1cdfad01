package io.dgm4j.nn;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Initial values of layer parameters, drawn from libtorch's (seeded) generator. */
public final class Init {
    private Init() {
    }

    /**
     * PyTorch's default for nn.Linear and nn.Conv2d weights and biases, uniform in
     * +-1/sqrt(fan_in), so that a Python reference starts from the same distribution; or zeros when
     * {@code zero} (a last layer that makes its block start as the identity).
     */
    public static Tensor pytorchDefault(boolean zero, int fanIn, long... shape) {
        if (zero) {
            return torch.zeros(shape);
        }
        double bound = 1.0 / Math.sqrt(fanIn);
        return torch.rand(shape).mul(new Scalar(2 * bound)).sub(new Scalar(bound));
    }
}
