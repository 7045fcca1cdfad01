package io.dgm4j.models.flows;

import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Parameters;

/**
 * Masked autoregressive flow for vector data: stacked MAF layers (see {@link MaskedAutoregressiveStack})
 * over a standard normal base. Density in one pass per layer, sampling in D passes per layer.
 * Options: layers (5), hidden (128), depth (1 or 2 hidden layers per MADE, default 1),
 * order (natural or random), activation (relu).
 */
public final class Maf implements ModelFactory {
    public static final String NAME = "maf";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MAF: stacked MADE layers; fast density (one pass), sampling takes D passes (vector data)";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        Parameters params = new Parameters();
        Transform stack = MaskedAutoregressiveStack.build(NAME, options, dataShape, params);
        return new Flow(new StandardNormal(dataShape[0]), stack, params, dataShape);
    }
}
