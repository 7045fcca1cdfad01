package io.dgm4j.models.cnf;

import io.dgm4j.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * The adaptive Dormand-Prince 5(4) method (Dormand and Prince 1980; Hairer, Norsett and Wanner, Solving
 * ODEs I, II.4-5), the "dopri5" that Neural ODEs and FFJORD solve with. Each step takes the fifth-order
 * solution and estimates its local error by the difference to an embedded fourth-order one; a step is
 * accepted when that error, relative to tolerance * (1 + |y|) per element, has an RMS of at most 1 in every
 * state tensor, and the next step size follows from the error's fifth root. The last stage of an accepted
 * step is the first of the next (FSAL), so a step costs six evaluations. The step size is shared by the
 * whole batch, as in torchdiffeq: the stiffest example sets it.
 *
 * <p>Step-size decisions are taken off the graph; where gradients are recorded they flow through the
 * accepted steps' operations only.
 */
public final class DormandPrince implements OdeSolver {
    /** The step limit per solve; a field that needs more is stiff (or diverging) at this tolerance. */
    static final int DEFAULT_MAX_STEPS = 10_000;
    /**
     * The limit where gradients are recorded: every accepted step keeps its graph for the backward pass, and a
     * field diverging in training (FFJORD on moons at --lr 1e3) held 21 GB before the default limit. Training
     * solves take 10-20 steps at tolerance 1e-5 (train_nfe 60), so this leaves 25x room.
     */
    static final int RECORDED_MAX_STEPS = 500;

    private static final double[] C = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
    private static final double[][] A = {
            {},
            {1.0 / 5},
            {3.0 / 40, 9.0 / 40},
            {44.0 / 45, -56.0 / 15, 32.0 / 9},
            {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
            {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
            // the fifth-order solution, whose rates are the seventh stage
            {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}};
    /** Fifth-order minus embedded fourth-order weights: the local error estimate is h sum_j E_j k_j. */
    private static final double[] E = {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200,
            22.0 / 525, -1.0 / 40};
    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 10;

    private final double tolerance;
    private final int maxSteps;

    /** @param tolerance the relative and absolute tolerance of each step's local error, in (0, 1) */
    public DormandPrince(double tolerance) {
        this(tolerance, DEFAULT_MAX_STEPS);
    }

    DormandPrince(double tolerance, int maxSteps) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("the solver tolerance must lie in (0, 1), got " + tolerance);
        }
        this.tolerance = tolerance;
        this.maxSteps = maxSteps;
    }

    @Override
    public Solution solve(OdeSystem system, List<Tensor> start, double t0, double t1) {
        boolean recording = GradMode.is_enabled();
        double direction = Math.signum(t1 - t0);
        TensorVector state = OdeState.vector(start);
        TensorVector firstRates = OdeState.vector(system.rates(t0, start));
        int evaluations = 1;
        double h = initialStep(system, start, OdeState.list(firstRates), t0, direction);
        evaluations++;
        double t = t0;
        int attempts = 0;
        int limit = recording ? Math.min(maxSteps, RECORDED_MAX_STEPS) : maxSteps;
        while (direction * (t1 - t) > 0) {
            if (++attempts > limit) {
                throw new InvalidInputException("the adaptive ODE solver (dopri5, tolerance " + tolerance
                        + ") took more than " + limit + " steps between t = " + t0 + " and " + t1
                        + " and reached only t = " + t + ": the field is stiff or diverging at this tolerance"
                        + (recording ? " (in training often from too large a --lr)" : "")
                        + "; loosen the tolerance (eval --ode-tol, --opt tol or eval-tol) or use the fixed-step rk4 "
                        + "solver (drop --ode-tol; --opt solver=rk4 or eval-solver=rk4)");
            }
            boolean last = Math.abs(h) >= Math.abs(t1 - t);
            double step = last ? t1 - t : h;
            try (PointerScope scope = recording ? null : new PointerScope()) {
                List<Tensor> y = OdeState.list(state);
                List<List<Tensor>> k = new ArrayList<>(7);
                k.add(OdeState.list(firstRates));
                for (int stage = 1; stage < 7; stage++) {
                    List<Tensor> point = OdeState.combine(y, k, OdeState.scaled(step, A[stage]));
                    if (stage == 6) {
                        k.add(system.rates(t + step, point));
                        double error = errorRatio(y, point, k, step);
                        if (!Double.isFinite(error)) {
                            throw new InvalidInputException("the adaptive ODE solver (dopri5) met a non-finite "
                                    + "state at t = " + t + ": the field diverges there");
                        }
                        if (error <= 1) {
                            t = last ? t1 : t + step;
                            for (int i = 0; i < point.size(); i++) {
                                state.put(i, point.get(i));
                                firstRates.put(i, k.get(6).get(i));
                            }
                        }
                        h = step * stepFactor(error, error <= 1);
                    } else {
                        k.add(system.rates(t + C[stage] * step, point));
                    }
                }
                evaluations += 6;
            }
        }
        return new Solution(OdeState.list(state), evaluations);
    }

    /** The new step size's ratio to the old: the error's fifth root, with a safety margin and bounds. */
    private static double stepFactor(double error, boolean accepted) {
        double factor = error == 0 ? MAX_FACTOR
                : Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, SAFETY * Math.pow(error, -0.2)));
        return accepted ? factor : Math.min(1, factor);
    }

    /**
     * The largest, over the state tensors, RMS of the local error estimate in units of
     * tolerance * (1 + max(|y|, |y_next|)).
     */
    private double errorRatio(List<Tensor> y, List<Tensor> next, List<List<Tensor>> k, double step) {
        try (NoGradGuard off = new NoGradGuard()) {
            Scalar[] weights = OdeState.scaled(step, E);
            double worst = 0;
            for (int i = 0; i < y.size(); i++) {
                Tensor error = k.get(0).get(i).mul(weights[0]);
                for (int j = 1; j < E.length; j++) {
                    if (weights[j] != null) {
                        error = error.add(k.get(j).get(i), weights[j]);
                    }
                }
                Tensor scale = y.get(i).abs().maximum(next.get(i).abs()).mul(new Scalar(tolerance))
                        .add(new Scalar(tolerance));
                worst = Math.max(worst, rms(error.div(scale)));
            }
            return worst;
        }
    }

    private static double rms(Tensor x) {
        return x.square().mean().sqrt().item_double();
    }

    /**
     * Hairer, Norsett and Wanner's starting step (II.4): small enough that an Euler step's change and the
     * rates' change over it are both about 1% of the tolerance-scaled state, at one extra evaluation.
     */
    private double initialStep(OdeSystem system, List<Tensor> y0, List<Tensor> f0, double t0, double direction) {
        try (NoGradGuard off = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            double d0 = 0;
            double d1 = 0;
            List<Tensor> scales = new ArrayList<>();
            for (int i = 0; i < y0.size(); i++) {
                Tensor scale = y0.get(i).abs().mul(new Scalar(tolerance)).add(new Scalar(tolerance));
                scales.add(scale);
                d0 = Math.max(d0, rms(y0.get(i).div(scale)));
                d1 = Math.max(d1, rms(f0.get(i).div(scale)));
            }
            double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
            List<Tensor> y1 = OdeState.combine(y0, List.of(f0), OdeState.scaled(direction * h0, 1.0));
            List<Tensor> f1 = system.rates(t0 + direction * h0, y1);
            double d2 = 0;
            for (int i = 0; i < y0.size(); i++) {
                d2 = Math.max(d2, rms(f1.get(i).sub(f0.get(i)).div(scales.get(i))) / h0);
            }
            double h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3)
                    : Math.pow(0.01 / Math.max(d1, d2), 0.2);
            return direction * Math.min(100 * h0, h1);
        }
    }

    @Override
    public String describe() {
        return "dopri5, tolerance " + tolerance;
    }
}
