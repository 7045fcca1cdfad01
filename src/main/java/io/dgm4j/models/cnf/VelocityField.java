package io.dgm4j.models.cnf;

import org.bytedeco.pytorch.Tensor;

/** The right-hand side v(z, t) of a continuous flow's ODE dz/dt = v(z, t), a neural network of z and t. */
public interface VelocityField {
    /**
     * v at points z [N, D] (which require grad) and time t, with its graph kept, so that its divergence
     * can be taken by autograd. A potential flow also returns the residual of its Hamilton-Jacobi-Bellman
     * equation [N]; a free-form field returns null there.
     */
    Value at(Tensor z, double t);

    /** v [N, D], and the HJB residual [N] or null. */
    record Value(Tensor velocity, Tensor hjbResidual) {
    }
}
