package io.dgm4j.models.flows;

import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Parameters;

/**
 * Inverse autoregressive flow for vector data: the MAF stack used the other way round, so sampling
 * (and the density of its own samples) takes one pass per layer and the density of given data D.
 * Same options as {@link Maf}. Made to be a student of density distillation (dgm4j distill).
 */
public final class Iaf implements ModelFactory {
    public static final String NAME = "iaf";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "IAF: the MAF stack inverted; one-pass sampling, density in D passes, so maximum-likelihood "
                + "training is legal but slow (train it with dgm4j distill from a maf teacher)";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        Parameters params = new Parameters();
        Transform stack = MaskedAutoregressiveStack.build(NAME, options, dataShape, params).inverted();
        return new Flow(new StandardNormal(dataShape[0]), stack, params, dataShape);
    }
}
