package io.dgm4j.models.flows;

import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * A stack of affine couplings whose conditioning half alternates: layer 0 transforms the second
 * half given the first, layer 1 the first given the second, and so on. The same bijection as a
 * {@link CompositeTransform} of those {@link AffineCoupling}s, but the two halves stay separate
 * tensors through the whole stack: no slicing and concatenating per layer, and the log-dets of
 * each half are summed once at the end. Fewer operator calls is what small flows are bound by.
 */
public final class AlternatingCouplings implements Transform {
    private final AffineCoupling[] layers;
    private final int half;
    private final int dimension;

    public AlternatingCouplings(Parameters params, String prefix, int dimension, int count, int hidden, int depth,
                                Activation activation) {
        this.dimension = dimension;
        this.half = dimension / 2;
        this.layers = new AffineCoupling[count];
        for (int k = 0; k < count; k++) {
            layers[k] = new AffineCoupling(params, prefix + k, dimension, k % 2 == 0, hidden, depth, activation);
        }
    }

    @Override
    public Result forward(Tensor x) {
        Tensor first = x.narrow(1, 0, half);
        Tensor second = x.narrow(1, half, dimension - half);
        Tensor scaleFirst = null;
        Tensor scaleSecond = null;
        for (int k = 0; k < layers.length; k++) {
            if (k % 2 == 0) {
                Tensor[] zs = layers[k].forwardBlock(first, second);
                second = zs[0];
                scaleSecond = scaleSecond == null ? zs[1] : scaleSecond.add(zs[1]);
            } else {
                Tensor[] zs = layers[k].forwardBlock(second, first);
                first = zs[0];
                scaleFirst = scaleFirst == null ? zs[1] : scaleFirst.add(zs[1]);
            }
        }
        return new Result(join(first, second), totalLogDet(scaleFirst, scaleSecond));
    }

    @Override
    public Result inverse(Tensor z) {
        Tensor first = z.narrow(1, 0, half);
        Tensor second = z.narrow(1, half, dimension - half);
        Tensor scaleFirst = null;
        Tensor scaleSecond = null;
        for (int k = layers.length - 1; k >= 0; k--) {
            if (k % 2 == 0) {
                Tensor[] xs = layers[k].inverseBlock(first, second);
                second = xs[0];
                scaleSecond = scaleSecond == null ? xs[1] : scaleSecond.add(xs[1]);
            } else {
                Tensor[] xs = layers[k].inverseBlock(second, first);
                first = xs[0];
                scaleFirst = scaleFirst == null ? xs[1] : scaleFirst.add(xs[1]);
            }
        }
        return new Result(join(first, second), totalLogDet(scaleFirst, scaleSecond).neg());
    }

    /** The same layers as a plain composition, to check the stack against (tests). */
    CompositeTransform asComposite() {
        return new CompositeTransform(java.util.List.of(layers));
    }

    /** Sum of all layers' s: per half the s of its layers were added elementwise, now summed over features. */
    private static Tensor totalLogDet(Tensor scaleFirst, Tensor scaleSecond) {
        if (scaleFirst == null) {
            return scaleSecond.sum(1);
        }
        return scaleFirst.sum(1).add(scaleSecond.sum(1));
    }

    private static Tensor join(Tensor first, Tensor second) {
        return torch.cat(new TensorVector(first, second), 1);
    }
}
