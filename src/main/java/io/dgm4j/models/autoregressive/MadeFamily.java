package io.dgm4j.models.autoregressive;

import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.MadeDegrees;
import io.dgm4j.nn.Activation;

/**
 * The {@code made} family: MADE over binary data. Options: hidden (500) and depth (1) or units=a,b,...
 * for the hidden layers, order (natural, or random: drawn from the run's seed), activation (relu).
 */
public final class MadeFamily implements ModelFactory {
    @Override
    public String name() {
        return "made";
    }

    @Override
    public String description() {
        return "MADE: masked autoencoder as an autoregressive model of binary data (--opt order=random), data in [0, 1]";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        int dimension = 1;
        for (int s : dataShape) {
            dimension *= s;
        }
        int[] hidden = options.layerSizes(500, 1);
        boolean random = options.choice("order", "natural", "natural", "random").equals("random");
        Activation activation = Activation.parse(options.string("activation", "relu"));
        int[] degrees = random ? MadeDegrees.random(dimension) : MadeDegrees.natural(dimension);
        return new BinaryMade(dataShape, degrees, hidden, activation);
    }
}
