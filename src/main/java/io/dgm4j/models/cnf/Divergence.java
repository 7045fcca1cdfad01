package io.dgm4j.models.cnf;

import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The divergence tr(dv/dz) of a velocity field per example, by autograd: exactly (one vector-Jacobian
 * product per dimension, D in all) or by Hutchinson's estimator e^T (dv/dz) e with a fixed probe e of
 * independent +-1 entries (one product; unbiased, as FFJORD trains in high dimension).
 */
final class Divergence {
    private Divergence() {
    }

    /** sum_i d v_i / d z_i at each row of z [N, D]; {@code keepGraph} makes it differentiable itself. */
    static Tensor exact(Tensor velocity, Tensor z, boolean keepGraph) {
        Tensor divergence = torch.zeros(z.size(0));
        for (long i = 0; i < z.size(1); i++) {
            Tensor row = vectorJacobianProduct(velocity.select(1, i).sum(), z, keepGraph);
            if (row != null) {
                divergence = divergence.add(row.select(1, i));
            }
        }
        return divergence;
    }

    /** e^T (dv/dz) e per row, for a probe e [N, D]. */
    static Tensor hutchinson(Tensor velocity, Tensor z, Tensor probe, boolean keepGraph) {
        Tensor row = vectorJacobianProduct(velocity.mul(probe).sum(), z, keepGraph);
        return row == null ? torch.zeros(z.size(0)) : row.mul(probe).sum(1);
    }

    /** A probe of independent +-1 entries (Rademacher), the lower-variance choice for Hutchinson. */
    static Tensor rademacher(Tensor like) {
        return torch.randn_like(like).sign();
    }

    /** d scalar / d z, or null where the scalar does not depend on z (a constant field). */
    private static Tensor vectorJacobianProduct(Tensor scalar, Tensor z, boolean keepGraph) {
        if (!scalar.requires_grad()) {
            return null;
        }
        TensorVector grads = torch.grad(new TensorVector(scalar), new TensorVector(z), new TensorVector(),
                new BoolOptional(true), keepGraph, true);
        Tensor g = grads.get(0);
        return g.defined() ? g : null;
    }
}
