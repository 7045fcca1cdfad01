package io.dgm4j.models.cnf;

import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** The exact divergence sum_i dv_i/dz_i by autograd, one backward pass per dimension: the check on the closed forms. */
final class AutogradDivergence {
    private AutogradDivergence() {
    }

    /** At each row of z [N, D], for v computed from z with its graph. */
    static float[] of(Tensor velocity, Tensor z) {
        Tensor divergence = torch.zeros(z.size(0));
        for (long i = 0; i < z.size(1); i++) {
            Tensor row = torch.grad(new TensorVector(velocity.select(1, i).sum()), new TensorVector(z), new TensorVector(),
                    new BoolOptional(true), false, false).get(0);
            divergence = divergence.add(row.select(1, i));
        }
        return io.dgm4j.tensor.Tensors.toFloats(divergence.detach());
    }
}
