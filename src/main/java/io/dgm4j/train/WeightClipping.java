package io.dgm4j.train;

import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;

/** WGAN's crude Lipschitz constraint: after every critic update each critic parameter is clamped to [-c, c]. */
public final class WeightClipping {
    private WeightClipping() {
    }

    public static void clamp(List<Tensor> parameters, double c) {
        try (NoGradGuard guard = new NoGradGuard()) {
            ScalarOptional low = new ScalarOptional(new Scalar(-c));
            ScalarOptional high = new ScalarOptional(new Scalar(c));
            for (Tensor p : parameters) {
                p.clamp_(low, high);
            }
        }
    }
}
