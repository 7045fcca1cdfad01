package io.dgm4j.models.autoregressive;

import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;

/** The {@code nade} family: NADE over binary data in raster order. Option: hidden (500 units, as in the NADE paper). */
public final class NadeFamily implements ModelFactory {
    @Override
    public String name() {
        return "nade";
    }

    @Override
    public String description() {
        return "NADE: autoregressive model of binary data, one shared hidden layer (--hidden 500), data in [0, 1]";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        return new Nade(dataShape, options.positiveInt("hidden", 500));
    }
}
