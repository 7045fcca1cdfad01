package io.dgm4j.models;

import org.bytedeco.pytorch.Tensor;

/**
 * A model that draws reparameterised samples together with its exact log-density at them, in one
 * pass. Every flow can (its sampling direction carries the log-det), including flows such as
 * planar and radial whose density at an arbitrary point is unknown: reverse-KL training and
 * importance sampling need only this.
 */
public interface SamplesWithLogProb {
    /** n samples [n, ...event shape] with gradients to the parameters, and log q at each, [n]. */
    Sample sampleWithLogProb(long n);

    /** Samples and the model's log-density at each of them, in nats. */
    record Sample(Tensor values, Tensor logProb) {
    }
}
