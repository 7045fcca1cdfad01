package io.dgm4j.distributions;

import java.util.Arrays;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** N(0, I) over events of a fixed shape: a vector {d} or an image {C, H, W}. */
public final class StandardNormal implements Distribution {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private final long[] shape;
    private final int dimension;

    public StandardNormal(int dimension) {
        this(new int[] {dimension});
    }

    public StandardNormal(int[] eventShape) {
        int d = 1;
        for (int s : eventShape) {
            if (s < 1) {
                throw new IllegalArgumentException("event shape must be positive: " + Arrays.toString(eventShape));
            }
            d *= s;
        }
        this.dimension = d;
        this.shape = new long[eventShape.length + 1];
        for (int i = 0; i < eventShape.length; i++) {
            shape[i + 1] = eventShape[i];
        }
    }

    /** Sum over every axis but the first, so [N, d] and [N, C, H, W] both give [N]. */
    @Override
    public Tensor logProb(Tensor x) {
        Tensor squares = x.dim() == 2 ? x.square() : x.reshape(x.size(0), -1).square();
        return squares.sum(1).mul(new Scalar(-0.5)).sub(new Scalar(0.5 * dimension * LOG_2PI));
    }

    @Override
    public Tensor sample(long n) {
        long[] s = shape.clone();
        s[0] = n;
        return torch.randn(s);
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
