package io.dgm4j.models.flows;

import org.bytedeco.pytorch.Tensor;

/** A transform with forward and inverse swapped. */
public final class InverseTransform implements Transform {
    private final Transform base;

    public InverseTransform(Transform base) {
        this.base = base;
    }

    @Override
    public Result forward(Tensor x) {
        return base.inverse(x);
    }

    @Override
    public Result inverse(Tensor z) {
        return base.forward(z);
    }

    @Override
    public Transform inverted() {
        return base;
    }
}
