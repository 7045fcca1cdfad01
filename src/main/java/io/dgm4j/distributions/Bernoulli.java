package io.dgm4j.distributions;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** Factorised Bernoulli distributions over binary vectors, given by their logits. */
public final class Bernoulli {
    private static final long NO_REDUCTION = 0;

    private Bernoulli() {
    }

    /**
     * sum_j log Bernoulli(x_j; sigmoid(logits_j)) per row of [N, D], [N]: minus the cross-entropy,
     * computed stably from the logits (no log of a sigmoid that rounded to 0 or 1).
     */
    public static Tensor logProb(Tensor logits, Tensor values) {
        return torch.binary_cross_entropy_with_logits(logits, values, new TensorOptional(), new TensorOptional(),
                NO_REDUCTION).sum(1).neg();
    }
}
