package io.dgm4j.models.cnf;

import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Hutchinson's estimate e^T (dv/dz) e of a velocity field's divergence tr(dv/dz) per example, for a probe e
 * of independent +-1 entries: unbiased, and one vector-Jacobian product by autograd whatever the dimension
 * (FFJORD's way to scale to high dimension).
 */
final class HutchinsonTrace {
    private HutchinsonTrace() {
    }

    /** e^T (dv/dz) e per row, for a probe e [N, D]. */
    static Tensor estimate(Tensor velocity, Tensor z, Tensor probe, boolean keepGraph) {
        Tensor row = vectorJacobianProduct(velocity.mul(probe).sum(), z, keepGraph);
        return row == null ? torch.zeros(z.size(0)) : row.mul(probe).sum(1);
    }

    /** A probe of independent +-1 entries (Rademacher), the lower-variance choice, from {@code generator} (empty: libtorch's default). */
    static Tensor probe(Tensor like, GeneratorOptional generator) {
        return torch.randn(like.sizes().vec().get(), generator).sign();
    }

    /** d scalar / d z, or null where the scalar does not depend on z (a constant field). */
    private static Tensor vectorJacobianProduct(Tensor scalar, Tensor z, boolean keepGraph) {
        if (!scalar.requires_grad()) {
            return null;
        }
        TensorVector grads = torch.grad(new TensorVector(scalar), new TensorVector(z), new TensorVector(),
                new BoolOptional(true), keepGraph, true);
        Tensor g = Tensors.element(grads, 0);
        return g.defined() ? g : null;
    }
}
