package io.dgm4j.models.flows;

import io.dgm4j.InvalidInputException;
import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.image.MultiScaleRealNvp;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;

/**
 * RealNVP. Images ([C, H, W] data) get the multi-scale convolutional architecture of
 * {@link MultiScaleRealNvp}; vector data: {@code layers} affine couplings whose conditioning half alternates
 * (first half, then second half, ...), over a standard normal base.
 * Options: layers (6), hidden (128), depth (2 hidden layers per s/t net), activation (relu), and
 * the extra layers of {@link CouplingStack}: permutation (alternate), actnorm, batchnorm (false).
 * Without extra layers the stack is {@link AlternatingCouplings}, the fast path.
 */
public final class RealNvp implements ModelFactory {
    @Override
    public String name() {
        return "realnvp";
    }

    @Override
    public String description() {
        return "RealNVP: affine coupling layers with alternating masks (vectors; multi-scale convolutional on images)";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        if (dataShape.length == 3) {
            return MultiScaleRealNvp.create(options, dataShape);
        }
        if (dataShape.length != 1) {
            throw new InvalidInputException("realnvp takes vectors (e.g. 2-D points) or images [C, H, W], but the data "
                    + "has shape " + java.util.Arrays.toString(dataShape) + ": use a tabular, 2-D or image dataset");
        }
        int dimension = dataShape[0];
        if (dimension < 2) {
            throw new InvalidInputException("realnvp needs at least 2 features per example, the data has "
                    + dimension + ": a coupling layer has to split the features");
        }
        int layers = options.positiveInt("layers", 6);
        int hidden = options.positiveInt("hidden", 128);
        int depth = options.positiveInt("depth", 2);
        Activation activation = Activation.parse(options.string("activation", "relu"));
        CouplingStack.Options extras = CouplingStack.Options.parse(options);
        Parameters params = new Parameters();
        Transform couplings = extras.isPlain()
                ? new AlternatingCouplings(params, "coupling", dimension, layers, hidden, depth, activation)
                : CouplingStack.build(params, extras, dimension, layers, (prefix, conditionOnFirst) ->
                        new AffineCoupling(params, prefix, dimension, conditionOnFirst, hidden, depth, activation));
        return new Flow(new StandardNormal(dimension), couplings, params, dataShape);
    }
}
