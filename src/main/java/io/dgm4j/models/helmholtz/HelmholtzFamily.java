package io.dgm4j.models.helmholtz;

import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;

/**
 * The {@code helmholtz} family: a Helmholtz machine trained by wake-sleep. Hidden layers from
 * {@code --opt units=200,200} (sizes of h1..hL, bottom to top) or from hidden (200) and depth (2).
 */
public final class HelmholtzFamily implements ModelFactory {
    @Override
    public String name() {
        return "helmholtz";
    }

    @Override
    public String description() {
        return "Helmholtz machine: binary stochastic layers trained by wake-sleep, data in [0, 1] (--opt units=200,200)";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        return new HelmholtzMachine(dataShape, options.layerSizes(200, 2));
    }
}
