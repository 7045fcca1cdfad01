package io.dgm4j.models.cnf;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * The right-hand side of an ODE system dy/dt = f(t, y) whose state is a list of tensors (for a continuous
 * flow: the point, its log-det and its costs). Each call returns one rate per state tensor, of the same shape.
 */
public interface OdeSystem {
    List<Tensor> rates(double t, List<Tensor> state);
}
