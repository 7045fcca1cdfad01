package io.dgm4j.models.flows;

import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Mlp;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * NICE's additive coupling layer (Dinh et al. 2015): the features split into a conditioning block
 * A and a transformed block B (contiguous halves, as in {@link AffineCoupling}); x_A passes
 * unchanged and z_B = x_B + m(x_A). The Jacobian is unit triangular, so log|det| = 0: the layer
 * preserves volume and only a scaling layer ({@link DiagonalScaling}) can change it.
 */
public final class AdditiveCoupling implements Transform {
    private final CouplingSplit split;
    private final Mlp shift;

    /**
     * @param conditionOnFirst true: A is the first {@code dimension/2} features and B the rest;
     *                         false: B is the first {@code dimension/2} and A the rest
     */
    public AdditiveCoupling(Parameters params, String prefix, int dimension, boolean conditionOnFirst,
                            int hidden, int depth, Activation activation) {
        split = new CouplingSplit(dimension, conditionOnFirst);
        // Zero last layer: the coupling starts as the identity.
        shift = new Mlp(params, prefix + ".net", split.conditionSize(), hidden, depth, split.transformSize(),
                activation, true);
    }

    @Override
    public Result forward(Tensor x) {
        Tensor conditioning = split.conditioning(x);
        Tensor z = split.transformed(x).add(shift.forward(conditioning));
        return new Result(split.join(conditioning, z), torch.zeros(x.size(0)));
    }

    @Override
    public Result inverse(Tensor z) {
        Tensor conditioning = split.conditioning(z);
        Tensor x = split.transformed(z).sub(shift.forward(conditioning));
        return new Result(split.join(conditioning, x), torch.zeros(z.size(0)));
    }
}
