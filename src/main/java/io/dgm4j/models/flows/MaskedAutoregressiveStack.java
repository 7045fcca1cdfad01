package io.dgm4j.models.flows;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The layers shared by the maf and iaf families: {@code layers} MAF layers in the density
 * direction. With order=natural each MADE uses the feature order and a reversal sits between
 * layers, so every feature is conditioned on every other somewhere in the stack; with
 * order=random each MADE draws its own order (from the run's seed) and needs no permutation.
 */
final class MaskedAutoregressiveStack {
    private MaskedAutoregressiveStack() {
    }

    static CompositeTransform build(String family, ModelOptions options, int[] dataShape, Parameters params) {
        int dimension = vectorDimension(family, dataShape);
        int layers = options.positiveInt("layers", 5);
        int hidden = options.positiveInt("hidden", 128);
        int depth = Integer.parseInt(options.choice("depth", "1", "1", "2"));
        boolean random = options.choice("order", "natural", "natural", "random").equals("random");
        Activation activation = Activation.parse(options.string("activation", "relu"));
        List<Transform> steps = new ArrayList<>();
        for (int k = 0; k < layers; k++) {
            if (k > 0 && !random) {
                steps.add(Permutation.reverse(dimension));
            }
            int[] degrees = random ? MadeDegrees.random(dimension) : MadeDegrees.natural(dimension);
            steps.add(new MaskedAutoregressiveTransform(
                    new GaussianMade(params, "made" + k, degrees, hidden, depth, activation, true)));
        }
        return new CompositeTransform(steps);
    }

    private static int vectorDimension(String family, int[] dataShape) {
        if (dataShape.length != 1) {
            throw new InvalidInputException(family + " takes vector data (e.g. 2-D points), but the data has shape "
                    + Arrays.toString(dataShape) + ": use a tabular or 2-D dataset");
        }
        if (dataShape[0] < 2) {
            throw new InvalidInputException(family + " needs at least 2 features per example, the data has "
                    + dataShape[0] + ": an autoregressive flow on one feature is just an affine map");
        }
        return dataShape[0];
    }
}
