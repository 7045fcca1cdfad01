package io.dgm4j.models.flows;

import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;
import io.dgm4j.nn.TwinMlp;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
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
    private final int conditionOffset;
    private final int conditionSize;
    private final int transformOffset;
    private final int transformSize;
    private final TwinMlp scaleAndShift;
    private final Tensor scaleFactor;

    /**
     * @param conditionOnFirst true: A is the first {@code dimension/2} features and B the rest;
     *                         false: B is the first {@code dimension/2} and A the rest
     */
    public AffineCoupling(Parameters params, String prefix, int dimension, boolean conditionOnFirst,
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
        scaleAndShift = new TwinMlp(params, prefix + ".net", conditionSize, hidden, depth, transformSize,
                activation, true);
        scaleFactor = params.add(prefix + ".scale", torch.ones(transformSize));
    }

    @Override
    public Result forward(Tensor x) {
        Tensor conditioning = x.narrow(1, conditionOffset, conditionSize);
        Tensor[] zs = forwardBlock(conditioning, x.narrow(1, transformOffset, transformSize));
        return new Result(join(conditioning, zs[0]), zs[1].sum(1));
    }

    @Override
    public Result inverse(Tensor z) {
        Tensor conditioning = z.narrow(1, conditionOffset, conditionSize);
        Tensor[] xs = inverseBlock(conditioning, z.narrow(1, transformOffset, transformSize));
        return new Result(join(conditioning, xs[0]), xs[1].sum(1).neg());
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

    private Tensor join(Tensor conditioning, Tensor transformed) {
        TensorVector parts = conditionOffset == 0
                ? new TensorVector(conditioning, transformed)
                : new TensorVector(transformed, conditioning);
        return torch.cat(parts, 1);
    }
}
