package io.dgm4j.models.flows;

import io.dgm4j.InvalidInputException;
import io.dgm4j.distributions.Distribution;
import io.dgm4j.distributions.StandardLogistic;
import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;
import java.util.Arrays;
import java.util.List;

/**
 * NICE (Dinh et al. 2015) for vector data: {@code layers} additive couplings whose conditioning
 * half alternates, then a diagonal scaling layer, over a standard normal base (or, with
 * prior=logistic, the paper's standard logistic).
 * Options: layers (4), hidden (128), depth (2 hidden layers per coupling net), activation (relu),
 * prior (normal), and the extra layers of {@link CouplingStack}: permutation (alternate), actnorm,
 * batchnorm.
 */
public final class Nice implements ModelFactory {
    @Override
    public String name() {
        return "nice";
    }

    @Override
    public String description() {
        return "NICE: additive coupling layers and a diagonal scaling (vector data)";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        if (dataShape.length != 1) {
            throw new InvalidInputException("nice takes vector data (e.g. 2-D points), but the data has shape "
                    + Arrays.toString(dataShape) + ": use a tabular or 2-D dataset");
        }
        int dimension = dataShape[0];
        if (dimension < 2) {
            throw new InvalidInputException("nice needs at least 2 features per example, the data has "
                    + dimension + ": a coupling layer has to split the features");
        }
        int layers = options.positiveInt("layers", 4);
        int hidden = options.positiveInt("hidden", 128);
        int depth = options.positiveInt("depth", 2);
        Activation activation = Activation.parse(options.string("activation", "relu"));
        String prior = options.choice("prior", "normal", "normal", "logistic");
        CouplingStack.Options extras = CouplingStack.Options.parse(options);
        Parameters params = new Parameters();
        Transform couplings = CouplingStack.build(params, extras, dimension, layers, (prefix, conditionOnFirst) ->
                new AdditiveCoupling(params, prefix, dimension, conditionOnFirst, hidden, depth, activation));
        Transform transform = new CompositeTransform(List.of(couplings, new DiagonalScaling(params, "scaling", dimension)));
        Distribution base = prior.equals("logistic") ? new StandardLogistic(dimension) : new StandardNormal(dimension);
        return new Flow(base, transform, params, dataShape);
    }
}
