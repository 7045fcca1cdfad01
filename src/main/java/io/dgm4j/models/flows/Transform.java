package io.dgm4j.models.flows;

import org.bytedeco.pytorch.Tensor;

/**
 * A bijection with a tractable log-determinant. Convention (as in nflows): {@code forward} maps
 * data x to latent z (the density direction), {@code inverse} maps z back to x (the sampling
 * direction). Each returns the log |det| of the Jacobian of the map it computes, per example,
 * so inverse's log-det is minus forward's at the corresponding point.
 */
public interface Transform {
    Result forward(Tensor x);

    Result inverse(Tensor z);

    /** The same bijection with its directions swapped: a view, not a copy. */
    default Transform inverted() {
        return new InverseTransform(this);
    }

    /** Output of a transform: [N, ...] values and their [N] log |det J|. */
    record Result(Tensor output, Tensor logAbsDet) {
    }
}
