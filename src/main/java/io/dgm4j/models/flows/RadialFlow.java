package io.dgm4j.models.flows;

import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Parameters;

/**
 * Radial flow: {@code layers} (16) {@link RadialLayer}s over a standard normal, vector data of any
 * dimension. Samples with their density but has no density at a given point: train it with
 * reverse KL against a target energy.
 */
public final class RadialFlow implements ModelFactory {
    @Override
    public String name() {
        return "radial";
    }

    @Override
    public String description() {
        return "radial flow (Rezende & Mohamed 2015), sampling direction only: train with --target (reverse KL)";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        int dimension = SamplingDirectionFlow.vectorDimension(name(), dataShape);
        int layers = options.positiveInt("layers", 16);
        Parameters params = new Parameters();
        return SamplingDirectionFlow.stack(dataShape, layers,
                k -> new RadialLayer(params, "radial" + k, dimension), params);
    }
}
