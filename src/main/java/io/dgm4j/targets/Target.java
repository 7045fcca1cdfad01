package io.dgm4j.targets;

import org.bytedeco.pytorch.Tensor;

/**
 * An unnormalised target density p~(x) = exp(-U(x)) with unknown normaliser Z, the thing reverse-KL
 * training fits a flow to. Implement it to fit a flow to your own energy through the Java API.
 */
public interface Target {
    /** The number of features of one point. */
    int dimension();

    /** U(x) per example in nats: x is [N, dimension()], the result [N]; must be differentiable in x. */
    Tensor energy(Tensor x);
}
