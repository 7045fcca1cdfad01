package io.dgm4j.models.flows;

import io.dgm4j.InvalidInputException;
import io.dgm4j.distributions.Distribution;
import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.SamplesWithLogProb;
import io.dgm4j.nn.Parameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * A flow whose transform is only computable from latent to data (planar, radial layers): it samples,
 * and knows its density at its own samples, log q(x) = log p_Z(z) - sum log |det|, but not at a
 * given point. So it is not an {@code ExactLogDensity}: it cannot be trained by maximum
 * likelihood, only by reverse KL against a target energy.
 */
public final class SamplingDirectionFlow implements GenerativeModel, SamplesWithLogProb {
    private final Distribution base;
    private final Transform transform;
    private final Parameters parameters;
    private final int[] eventShape;

    public SamplingDirectionFlow(Distribution base, Transform transform, Parameters parameters, int[] eventShape) {
        this.base = base;
        this.transform = transform;
        this.parameters = parameters;
        this.eventShape = eventShape.clone();
    }

    /** {@code layers} layers made by {@code layer} (given the layer index) over N(0, I), for vector data. */
    static SamplingDirectionFlow stack(int[] dataShape, int layers, IntFunction<Transform> layer, Parameters parameters) {
        List<Transform> steps = new ArrayList<>();
        for (int k = 0; k < layers; k++) {
            steps.add(layer.apply(k));
        }
        return new SamplingDirectionFlow(new StandardNormal(dataShape[0]), new CompositeTransform(steps), parameters,
                dataShape);
    }

    /** The vector dimension of {@code dataShape}, or a one-line error naming the family. */
    static int vectorDimension(String family, int[] dataShape) {
        if (dataShape.length != 1) {
            throw new InvalidInputException(family + " takes vector data (e.g. 2-D points), but the data has shape "
                    + Arrays.toString(dataShape) + ": use a 2-D target or tabular data");
        }
        return dataShape[0];
    }

    public Transform transform() {
        return transform;
    }

    @Override
    public Sample sampleWithLogProb(long n) {
        return Flow.pushThrough(base, transform, base.rsample(n));
    }

    @Override
    public Tensor sample(long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return transform.inverse(base.sample(n)).output();
        }
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    @Override
    public int[] eventShape() {
        return eventShape.clone();
    }
}
