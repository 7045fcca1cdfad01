package io.dgm4j.distributions;

import org.bytedeco.pytorch.Tensor;

/** A probability distribution over vectors of a fixed event dimension. Densities in nats. */
public interface Distribution {
    /** log p(x) per example: x is [N, eventDimension], the result [N]. */
    Tensor logProb(Tensor x);

    /** n draws without a gradient path to parameters, [n, eventDimension]. */
    Tensor sample(long n);

    /** n reparameterised draws: gradients flow to the distribution's parameters. */
    Tensor rsample(long n);

    int eventDimension();
}
