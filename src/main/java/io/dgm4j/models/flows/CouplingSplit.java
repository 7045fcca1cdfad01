package io.dgm4j.models.flows;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * How a coupling layer splits axis 1 (features of [N, D], channels of [N, C, H, W]) into the
 * conditioning block A and the transformed block B, each a contiguous range: with
 * {@code conditionOnFirst}, A is the first size/2 and B the rest; otherwise B is the first size/2
 * and A the rest. Slicing instead of masks: no multiplications by zero and no wasted net inputs.
 */
public final class CouplingSplit {
    private final int conditionOffset;
    private final int conditionSize;
    private final int transformOffset;
    private final int transformSize;

    public CouplingSplit(int size, boolean conditionOnFirst) {
        if (size < 2) {
            throw new IllegalArgumentException("a coupling layer needs at least 2 features or channels, got " + size);
        }
        int half = size / 2;
        if (conditionOnFirst) {
            conditionOffset = 0;
            conditionSize = half;
            transformOffset = half;
            transformSize = size - half;
        } else {
            transformOffset = 0;
            transformSize = half;
            conditionOffset = half;
            conditionSize = size - half;
        }
    }

    public int conditionSize() {
        return conditionSize;
    }

    public int transformSize() {
        return transformSize;
    }

    /** Block A of x: a view, no copy. */
    public Tensor conditioning(Tensor x) {
        return x.narrow(1, conditionOffset, conditionSize);
    }

    /** Block B of x: a view, no copy. */
    public Tensor transformed(Tensor x) {
        return x.narrow(1, transformOffset, transformSize);
    }

    /** A and B back in their places along axis 1. */
    public Tensor join(Tensor conditioning, Tensor transformed) {
        TensorVector parts = conditionOffset == 0
                ? new TensorVector(conditioning, transformed)
                : new TensorVector(transformed, conditioning);
        return torch.cat(parts, 1);
    }
}
