package io.dgm4j.models.flows;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A fixed reordering of features: y[:, i] = x[:, order[i]]. Volume preserving (log-det 0).
 * A learned generalisation is {@link InvertibleConv1x1} on [N, D].
 */
public final class Permutation implements Transform {
    private final Tensor order;
    private final Tensor inverseOrder;

    public Permutation(int[] order) {
        int[] inverse = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            if (order[i] < 0 || order[i] >= order.length || seen[order[i]]) {
                throw new IllegalArgumentException("not a permutation of 0.." + (order.length - 1));
            }
            seen[order[i]] = true;
            inverse[order[i]] = i;
        }
        this.order = indexTensor(order);
        this.inverseOrder = indexTensor(inverse);
    }

    /** Reverses the feature order (its own inverse). */
    public static Permutation reverse(int dimension) {
        int[] order = new int[dimension];
        for (int i = 0; i < dimension; i++) {
            order[i] = dimension - 1 - i;
        }
        return new Permutation(order);
    }

    /**
     * A uniformly random order drawn from libtorch's generator, so it follows the run's seed and a
     * model rebuilt from its config (which reseeds first) gets the same order back.
     */
    public static Permutation random(int dimension) {
        Tensor drawn = torch.randperm(dimension);
        int[] order = new int[dimension];
        try (LongPointer values = drawn.data_ptr_long()) {
            for (int i = 0; i < dimension; i++) {
                order[i] = (int) values.get(i);
            }
        }
        return new Permutation(order);
    }

    private static Tensor indexTensor(int[] values) {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i];
        }
        Tensor t = org.bytedeco.pytorch.AbstractTensor.create(longs, values.length);
        t.retainReference();
        return t;
    }

    @Override
    public Result forward(Tensor x) {
        return new Result(x.index_select(1, order), torch.zeros(x.size(0)));
    }

    @Override
    public Result inverse(Tensor z) {
        return new Result(z.index_select(1, inverseOrder), torch.zeros(z.size(0)));
    }
}
