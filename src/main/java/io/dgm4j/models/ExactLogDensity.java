package io.dgm4j.models;

import org.bytedeco.pytorch.Tensor;

/** A model whose log-density is exact (not a bound): log p(x) per example, in nats. */
public interface ExactLogDensity {
    Tensor logProb(Tensor x);
}
