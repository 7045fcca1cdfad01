package io.dgm4j.models.cnf;

import org.bytedeco.pytorch.Tensor;

/** The right-hand side v(z, t) of a continuous flow's ODE dz/dt = v(z, t), a neural network of z and t. */
public interface VelocityField {
    /**
     * v at points z [N, D] and time t, and when {@code withDivergence} its exact divergence in closed form.
     * Without it, the caller takes an estimate by autograd through v, whose graph is kept.
     */
    Value at(Tensor z, double t, boolean withDivergence);

    /**
     * v [N, D]; its exact divergence tr(dv/dz) [N], or null where not asked for; and for a potential flow the
     * residual of its Hamilton-Jacobi-Bellman equation [N], else null.
     */
    record Value(Tensor velocity, Tensor divergence, Tensor hjbResidual) {
    }
}
