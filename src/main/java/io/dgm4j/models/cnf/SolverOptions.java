package io.dgm4j.models.cnf;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ModelOptions;
import java.util.Arrays;

/**
 * The options both continuous flows read: steps (RK4 steps while training, 8), eval-steps (without
 * gradients: held-out NLL, sampling, density grids; 32), and transport (the weight of the kinetic
 * energy L in the loss). The ODE runs over t in [0, 1].
 */
record SolverOptions(int steps, int evalSteps, double transport) {
    static final double END_TIME = 1.0;

    static SolverOptions parse(ModelOptions options, double defaultTransport) {
        return new SolverOptions(options.positiveInt("steps", 8), options.positiveInt("eval-steps", 32),
                options.nonNegativeDouble("transport", defaultTransport));
    }

    /** The number of features; continuous flows here take vector data. */
    static int vectorDimension(String family, int[] dataShape) {
        if (dataShape.length != 1) {
            throw new InvalidInputException(family + " takes vector data (e.g. 2-D points), but the data has shape "
                    + Arrays.toString(dataShape) + ": for images use realnvp or glow");
        }
        return dataShape[0];
    }
}
