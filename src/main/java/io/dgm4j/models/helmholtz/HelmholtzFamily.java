package io.dgm4j.models.helmholtz;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import java.util.Arrays;

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
        return new HelmholtzMachine(dataShape, hiddenUnits(options));
    }

    static int[] hiddenUnits(ModelOptions options) {
        String list = options.string("units", null);
        if (list == null) {
            int[] units = new int[options.positiveInt("depth", 2)];
            Arrays.fill(units, options.positiveInt("hidden", 200));
            return units;
        }
        if (options.has("hidden") || options.has("depth")) {
            throw new InvalidInputException("model option units='" + list + "' already gives every hidden layer's size: "
                    + "drop --hidden and --depth, or drop --opt units");
        }
        String[] parts = list.split(",");
        int[] units = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                units[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                units[i] = 0;
            }
            if (units[i] < 1) {
                throw new InvalidInputException("model option units='" + list + "' must be positive whole numbers "
                        + "separated by commas, e.g. --opt units=200,200");
            }
        }
        return units;
    }
}
