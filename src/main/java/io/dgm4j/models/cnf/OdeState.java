package io.dgm4j.models.cnf;

import io.dgm4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * The list arithmetic the solvers share. A solver keeps its state in a {@link TensorVector}, which holds its
 * own references: without gradients each step runs in a pointer scope, and a solve then holds one step's
 * memory, not every stage's (a density grid of 40,000 points otherwise held ~16 GB until its caller's scope
 * closed).
 */
final class OdeState {
    private OdeState() {
    }

    static TensorVector vector(List<Tensor> tensors) {
        return new TensorVector(tensors.toArray(new Tensor[0]));
    }

    static List<Tensor> list(TensorVector vector) {
        List<Tensor> tensors = new ArrayList<>((int) vector.size());
        for (long i = 0; i < vector.size(); i++) {
            tensors.add(Tensors.element(vector, i));
        }
        return tensors;
    }

    /**
     * The weights h * w_j as scalars, null where w_j is 0. Made once per step: a Scalar costs as much as a
     * small tensor operation.
     */
    static Scalar[] scaled(double h, double... weights) {
        Scalar[] scalars = new Scalar[weights.length];
        for (int j = 0; j < weights.length; j++) {
            scalars[j] = weights[j] == 0 ? null : new Scalar(h * weights[j]);
        }
        return scalars;
    }

    /** y + sum_j weights[j] k_j for each state tensor (null weights skipped), one fused add per term. */
    static List<Tensor> combine(List<Tensor> y, List<List<Tensor>> k, Scalar[] weights) {
        List<Tensor> out = new ArrayList<>(y.size());
        for (int i = 0; i < y.size(); i++) {
            Tensor sum = y.get(i);
            for (int j = 0; j < weights.length; j++) {
                if (weights[j] != null) {
                    sum = sum.add(k.get(j).get(i), weights[j]);
                }
            }
            out.add(sum);
        }
        return out;
    }
}
