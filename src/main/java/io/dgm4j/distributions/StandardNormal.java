package io.dgm4j.distributions;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** N(0, I) in d dimensions. */
public final class StandardNormal implements Distribution {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private final int dimension;

    public StandardNormal(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive: " + dimension);
        }
        this.dimension = dimension;
    }

    @Override
    public Tensor logProb(Tensor x) {
        return x.square().sum(1).mul(new org.bytedeco.pytorch.Scalar(-0.5))
                .sub(new org.bytedeco.pytorch.Scalar(0.5 * dimension * LOG_2PI));
    }

    @Override
    public Tensor sample(long n) {
        return torch.randn(n, dimension);
    }

    @Override
    public Tensor rsample(long n) {
        return sample(n);
    }

    @Override
    public int eventDimension() {
        return dimension;
    }
}
