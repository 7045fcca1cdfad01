package io.dgm4j.models.flows;

import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A fixed z = (x - shift) / scale per feature, e.g. the standardisation of user data. Part of the
 * flow so that densities are reported for the data as given, not for its standardised copy:
 * log|det| = -sum log scale.
 */
public final class ElementwiseAffine implements Transform {
    private final Tensor shift;
    private final Tensor scale;
    private final double logDet;

    public ElementwiseAffine(float[] shift, float[] scale) {
        double sum = 0;
        for (float s : scale) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("scales must be positive");
            }
            sum += Math.log(s);
        }
        this.shift = Tensors.of(shift, shift.length);
        this.scale = Tensors.of(scale, scale.length);
        this.shift.retainReference();
        this.scale.retainReference();
        this.logDet = -sum;
    }

    @Override
    public Result forward(Tensor x) {
        return new Result(x.sub(shift).div(scale), torch.full(new long[] {x.size(0)}, new org.bytedeco.pytorch.Scalar(logDet)));
    }

    @Override
    public Result inverse(Tensor z) {
        return new Result(z.mul(scale).add(shift), torch.full(new long[] {z.size(0)}, new org.bytedeco.pytorch.Scalar(-logDet)));
    }
}
