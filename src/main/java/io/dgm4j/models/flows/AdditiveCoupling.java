package io.dgm4j.models.flows;

import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Mlp;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * NICE's additive coupling layer (Dinh et al. 2015): the features split into a conditioning block
 * A and a transformed block B (contiguous halves, as in {@link AffineCoupling}); x_A passes
 * unchanged and z_B = x_B + m(x_A). The Jacobian is unit triangular, so log|det| = 0: the layer
 * preserves volume and only a scaling layer ({@link DiagonalScaling}) can change it.
 */
public final class AdditiveCoupling implements Transform {
    private final int conditionOffset;
    private final int conditionSize;
    private final int transformOffset;
    private final int transformSize;
    private final Mlp shift;

    /**
     * @param conditionOnFirst true: A is the first {@code dimension/2} features and B the rest;
     *                         false: B is the first {@code dimension/2} and A the rest
     */
    public AdditiveCoupling(Parameters params, String prefix, int dimension, boolean conditionOnFirst,
                            int hidden, int depth, Activation activation) {
        if (dimension < 2) {
            throw new IllegalArgumentException("a coupling layer needs at least 2 features, got " + dimension);
        }
        int half = dimension / 2;
        if (conditionOnFirst) {
            conditionOffset = 0;
            conditionSize = half;
            transformOffset = half;
            transformSize = dimension - half;
        } else {
            transformOffset = 0;
            transformSize = half;
            conditionOffset = half;
            conditionSize = dimension - half;
        }
        // Zero last layer: the coupling starts as the identity.
        shift = new Mlp(params, prefix + ".net", conditionSize, hidden, depth, transformSize, activation, true);
    }

    @Override
    public Result forward(Tensor x) {
        Tensor conditioning = x.narrow(1, conditionOffset, conditionSize);
        Tensor z = x.narrow(1, transformOffset, transformSize).add(shift.forward(conditioning));
        return new Result(join(conditioning, z), torch.zeros(x.size(0)));
    }

    @Override
    public Result inverse(Tensor z) {
        Tensor conditioning = z.narrow(1, conditionOffset, conditionSize);
        Tensor x = z.narrow(1, transformOffset, transformSize).sub(shift.forward(conditioning));
        return new Result(join(conditioning, x), torch.zeros(z.size(0)));
    }

    private Tensor join(Tensor conditioning, Tensor transformed) {
        TensorVector parts = conditionOffset == 0
                ? new TensorVector(conditioning, transformed)
                : new TensorVector(transformed, conditioning);
        return torch.cat(parts, 1);
    }
}
