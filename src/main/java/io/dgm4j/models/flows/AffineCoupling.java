package io.dgm4j.models.flows;

import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;
import io.dgm4j.nn.TwinMlp;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * RealNVP's affine coupling layer (Dinh et al. 2017). The features split into a conditioning
 * block A and a transformed block B, each a contiguous range; x_A passes through unchanged and
 * z_B = x_B * exp(s(x_A)) + t(x_A). The log-determinant is the sum of s over B only: the
 * conditioning coordinates have unit Jacobian (summing over them is the bug DESIGN.md warns of).
 *
 * <p>Stable scale: s = c * tanh(raw) with a learned per-feature c (initialised to 1), so one
 * layer can never scale by more than exp(|c|) however large the net's raw output gets.
 * Slicing instead of masks: no multiplications by zero and no wasted net inputs.
 */
public final class AffineCoupling implements Transform {
    private final CouplingSplit split;
    private final TwinMlp scaleAndShift;
    private final Tensor scaleFactor;

    /**
     * @param conditionOnFirst true: A is the first {@code dimension/2} features and B the rest;
     *                         false: B is the first {@code dimension/2} and A the rest
     */
    public AffineCoupling(Parameters params, String prefix, int dimension, boolean conditionOnFirst,
                          int hidden, int depth, Activation activation) {
        split = new CouplingSplit(dimension, conditionOnFirst);
        scaleAndShift = new TwinMlp(params, prefix + ".net", split.conditionSize(), hidden, depth,
                split.transformSize(), activation, true);
        scaleFactor = params.add(prefix + ".scale", torch.ones(split.transformSize()));
    }

    @Override
    public Result forward(Tensor x) {
        Tensor conditioning = split.conditioning(x);
        Tensor[] zs = forwardBlock(conditioning, split.transformed(x));
        return new Result(split.join(conditioning, zs[0]), zs[1].sum(1));
    }

    @Override
    public Result inverse(Tensor z) {
        Tensor conditioning = split.conditioning(z);
        Tensor[] xs = inverseBlock(conditioning, split.transformed(z));
        return new Result(split.join(conditioning, xs[0]), xs[1].sum(1).neg());
    }

    /** On blocks already split: {z_B, s} with z_B = x_B * exp(s) + t. */
    Tensor[] forwardBlock(Tensor conditioning, Tensor transformed) {
        Tensor[] st = scaleAndShift(conditioning);
        return new Tensor[] {torch.addcmul(st[1], transformed, st[0].exp()), st[0]};
    }

    /** On blocks already split: {x_B, s} with x_B = (z_B - t) * exp(-s). */
    Tensor[] inverseBlock(Tensor conditioning, Tensor transformed) {
        Tensor[] st = scaleAndShift(conditioning);
        return new Tensor[] {transformed.sub(st[1]).mul(st[0].neg().exp()), st[0]};
    }

    /** {log-scale s, shift t}, each [N, |B|]. */
    private Tensor[] scaleAndShift(Tensor conditioning) {
        Tensor out = scaleAndShift.forward(conditioning);
        Tensor s = out.select(0, 0).tanh().mul(scaleFactor);
        return new Tensor[] {s, out.select(0, 1)};
    }
}
