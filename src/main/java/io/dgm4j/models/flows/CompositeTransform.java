package io.dgm4j.models.flows;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/** Transforms applied in order on forward and in reverse order on inverse; log-dets add up. */
public final class CompositeTransform implements Transform {
    private final List<Transform> steps;

    public CompositeTransform(List<Transform> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a composite transform needs at least one step");
        }
        this.steps = List.copyOf(steps);
    }

    public List<Transform> steps() {
        return steps;
    }

    @Override
    public Result forward(Tensor x) {
        Tensor value = x;
        Tensor logDet = null;
        for (Transform step : steps) {
            Result r = step.forward(value);
            value = r.output();
            logDet = logDet == null ? r.logAbsDet() : logDet.add(r.logAbsDet());
        }
        return new Result(value, logDet);
    }

    @Override
    public Result inverse(Tensor z) {
        Tensor value = z;
        Tensor logDet = null;
        for (int i = steps.size() - 1; i >= 0; i--) {
            Result r = steps.get(i).inverse(value);
            value = r.output();
            logDet = logDet == null ? r.logAbsDet() : logDet.add(r.logAbsDet());
        }
        return new Result(value, logDet);
    }
}
