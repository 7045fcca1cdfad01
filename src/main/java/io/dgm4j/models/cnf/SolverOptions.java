package io.dgm4j.models.cnf;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ModelOptions;
import java.util.Arrays;

/**
 * The options both continuous flows read. While training: solver (rk4 or dopri5), with steps (RK4 steps, 8)
 * or tol (dopri5's relative and absolute tolerance, 1e-5). Without gradients (held-out NLL, sampling,
 * density grids): eval-solver (rk4), with eval-steps (32) or eval-tol (1e-5). gradient: backprop (through
 * the solver's operations) or adjoint (the adjoint sensitivity method, {@link AdjointGradient}). And
 * transport, the weight of the kinetic energy L in the loss. The ODE runs over t in [0, 1].
 */
record SolverOptions(OdeSolver training, OdeSolver evaluation, boolean adjoint, double transport) {
    static final double END_TIME = 1.0;
    static final String RK4 = "rk4";
    static final String DOPRI5 = "dopri5";

    static SolverOptions parse(ModelOptions options, double defaultTransport) {
        return new SolverOptions(solver(options, "solver", "steps", 8, "tol"),
                solver(options, "eval-solver", "eval-steps", 32, "eval-tol"),
                options.choice("gradient", "backprop", "backprop", "adjoint").equals("adjoint"),
                options.nonNegativeDouble("transport", defaultTransport));
    }

    private static OdeSolver solver(ModelOptions options, String kind, String steps, int defaultSteps,
                                    String tolerance) {
        if (options.choice(kind, RK4, RK4, DOPRI5).equals(RK4)) {
            return new FixedStepRk4(options.positiveInt(steps, defaultSteps));
        }
        double tol = options.positiveDouble(tolerance, 1e-5);
        if (tol >= 1) {
            throw new InvalidInputException("--opt " + tolerance + " must be below 1 (got " + tol
                    + "): it is dopri5's relative and absolute error tolerance per step, e.g. 1e-5");
        }
        return new DormandPrince(tol);
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
