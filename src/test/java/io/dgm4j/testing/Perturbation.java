package io.dgm4j.testing;

import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Moves parameters off their initial values for a test: fresh couplings and flows are often the identity, which proves nothing. */
public final class Perturbation {
    private Perturbation() {
    }

    /** Adds Gaussian noise of standard deviation {@code std} to every trainable tensor, from libtorch's seeded generator. */
    public static void perturb(Parameters params, double std) {
        try (NoGradGuard g = new NoGradGuard()) {
            for (Tensor p : params.list()) {
                p.add_(torch.randn_like(p).mul(new Scalar(std)));
            }
        }
    }
}
