package io.dgm4j.models.cnf;

import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.flows.Transform;
import io.dgm4j.tensor.RepeatableNoise;
import io.dgm4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A continuous normalizing flow (Chen et al. 2018): the map from data x = z(0) to latent z(T) along the
 * ODE dz/dt = v(z, t), whose log |det| is the integral of the divergence tr(dv/dz) along the path
 * (the instantaneous change of variables). The ODE and the integrals ride together in one augmented state,
 * solved by an {@link OdeSolver} (fixed-step RK4, or the adaptive Dormand-Prince 5(4)) and differentiated
 * through the solver ("discretise, then optimise", as OT-Flow trains), so a training step's gradient is
 * exact for the discrete solution.
 *
 * <p>The solver also integrates the transport cost L = int 1/2 |v|^2 dt (the kinetic energy that OT-Flow
 * and RNODE penalise) and, for potential fields, the HJB penalty R = int |HJB residual| dt.
 *
 * <p>The divergence is exact (each field computes it in closed form) or FFJORD's unbiased estimate by one
 * vector-Jacobian product with a probe drawn once per solve, chosen apart for the solves that record
 * gradients and for those that do not ({@link Trace}). Held-out figures from the estimate are one probe's
 * draw: a moons run's held-out NLL read 1.038 in metrics.csv, 0.920 in summary.json and 0.984 from eval,
 * where the exact figure is 0.988.
 *
 * <p>Solvers: {@code training} while gradients are recorded, {@code evaluation} otherwise (held-out NLL,
 * sampling, density grids), so that a model trained on a coarse grid is measured on a fine one, or to a
 * tolerance. The discrete maps of the two directions are inverses, and the log-det is exact, only up to
 * the solver's error.
 */
public final class ContinuousFlow implements Transform {
    private static final long EVALUATION_SEED = 1234;
    private final VelocityField field;
    private final double endTime;
    private final OdeSolver training;
    private final OdeSolver evaluation;
    private final Trace trace;
    private final boolean adjoint;
    private final Penalties penalties;
    private final Scalar half = Tensors.keptScalar(0.5);
    /** Probes of solves without gradients, restarted at each solve: the same data always gets the same estimate. */
    private final RepeatableNoise evaluationProbes = new RepeatableNoise(EVALUATION_SEED);
    private long solves;
    private long evaluations;

    /**
     * @param trace where the divergence is estimated with one Rademacher probe per solve (unbiased) instead
     *     of computed exactly
     * @param adjoint train by the adjoint method ({@link AdjointGradient}) instead of backpropagating
     *     through the solver
     */
    public ContinuousFlow(VelocityField field, double endTime, OdeSolver training, OdeSolver evaluation,
                          Trace trace, boolean adjoint, Penalties penalties) {
        if (!(endTime > 0)) {
            throw new IllegalArgumentException("a continuous flow needs a positive end time");
        }
        this.field = field;
        this.endTime = endTime;
        this.training = training;
        this.evaluation = evaluation;
        this.trace = trace;
        this.adjoint = adjoint;
        this.penalties = penalties;
    }

    /**
     * Whether Hutchinson's estimate replaces the exact divergence in the solves that record gradients
     * (training) and in those that do not (held-out NLL, samples, densities, eval). The exact divergence
     * costs D forward passes of the field where the estimate costs one backward pass: cheap for 2-D data,
     * slow for hundreds of dimensions (a 200-D FFJORD trained 4 steps with 2 validations of 1000 points: 3.2 s
     * in all with the estimate, 17.6 s exact).
     */
    public record Trace(boolean hutchinsonInTraining, boolean hutchinsonInEvaluation) {
        public static final Trace EXACT = new Trace(false, false);
    }

    /**
     * The weights of the transport cost L and the HJB penalty R in the training loss
     * NLL + transport * L + hjb * R (all per example, in nats).
     */
    public record Penalties(double transport, double hjb) {
    }

    public Penalties penalties() {
        return penalties;
    }

    /** The solver used without gradients (held-out NLL, sampling, density grids). */
    public OdeSolver evaluationSolver() {
        return evaluation;
    }

    /** Whether training solves with an adaptive solver, whose cost (evaluations per solve) varies. */
    public boolean adaptiveTraining() {
        return training instanceof DormandPrince;
    }

    /** Whether training takes its gradient by the adjoint method rather than through the solver. */
    public boolean adjointTraining() {
        return adjoint;
    }

    /**
     * The end state of a solve [N, D], the log |det| of its map [N], the transport and HJB costs [N], and how
     * many times the solver evaluated the field.
     */
    public record Integration(Tensor end, Tensor logAbsDet, Tensor transportCost, Tensor hjbCost, int evaluations) {
    }

    /** Solves and field evaluations since this flow was built, for the mean evaluations per solve. */
    public record SolverCounts(long solves, long evaluations) {
    }

    public SolverCounts counts() {
        return new SolverCounts(solves, evaluations);
    }

    /** The continuous flow that ends a flow's transform, or null where it has none. */
    public static ContinuousFlow endingOf(Flow flow) {
        List<Transform> steps = flow.steps();
        return steps.get(steps.size() - 1) instanceof ContinuousFlow ode ? ode : null;
    }

    @Override
    public Result forward(Tensor x) {
        Integration i = integrate(x, true);
        return new Result(i.end(), i.logAbsDet());
    }

    @Override
    public Result inverse(Tensor z) {
        Integration i = integrate(z, false);
        return new Result(i.end(), i.logAbsDet());
    }

    /** Whether the field is a potential with an HJB penalty (OT-Flow). */
    public boolean isPotentialFlow() {
        return field instanceof PotentialField;
    }

    /**
     * Solves from t = 0 to T (data to latent) when {@code towardsLatent}, else from T back to 0. Integrated
     * backwards, the divergence integral comes out as the log-det of the inverse map by itself; the two
     * costs accumulate |dt| and so stay non-negative.
     */
    public Integration integrate(Tensor start, boolean towardsLatent) {
        if (GradMode.is_enabled()) {
            return integrate(start, towardsLatent, training, probe(start));
        }
        return integrate(start, towardsLatent, evaluation,
                trace.hutchinsonInEvaluation() ? HutchinsonTrace.probe(start, evaluationProbes.restarted()) : null);
    }

    /** Hutchinson's probe for a training solve from {@code start}, null with the exact divergence. */
    Tensor probe(Tensor start) {
        return trace.hutchinsonInTraining() ? HutchinsonTrace.probe(start, new GeneratorOptional()) : null;
    }

    Integration integrate(Tensor start, boolean towardsLatent, OdeSolver solver, Tensor probe) {
        long n = start.size(0);
        List<Tensor> initial = new ArrayList<>(List.of(start, torch.zeros(n), torch.zeros(n)));
        if (isPotentialFlow()) {
            initial.add(torch.zeros(n));
        }
        OdeSystem system = (t, state) -> rates(state.get(0), t, probe, towardsLatent);
        OdeSolver.Solution solution = towardsLatent ? solver.solve(system, initial, 0, endTime)
                : solver.solve(system, initial, endTime, 0);
        count(solution.evaluations());
        List<Tensor> end = solution.end();
        return new Integration(end.get(0), end.get(1), end.get(2), end.size() > 3 ? end.get(3) : torch.zeros(n),
                solution.evaluations());
    }

    void count(int fieldEvaluations) {
        solves++;
        evaluations += fieldEvaluations;
    }

    double endTime() {
        return endTime;
    }

    OdeSolver trainingSolver() {
        return training;
    }

    /**
     * The rates of the augmented state at z and t: dz/dt, the divergence, the kinetic energy, and for a
     * potential flow the absolute HJB residual. Solving towards the data (t falling), the costs' rates are
     * negated, so that the costs accumulate |dt|.
     */
    List<Tensor> rates(Tensor z, double t, Tensor probe, boolean towardsLatent) {
        Rates r = pointRates(z, t, probe);
        List<Tensor> rates = new ArrayList<>(List.of(r.velocity, r.divergence, r.kinetic));
        if (isPotentialFlow()) {
            rates.add(r.hjb);
        }
        if (!towardsLatent) {
            for (int i = 2; i < rates.size(); i++) {
                rates.set(i, rates.get(i).neg());
            }
        }
        return rates;
    }

    /** The time derivatives of the augmented state at one point: dz/dt, d logdet/dt, the cost rates (hjb: potential fields only). */
    private record Rates(Tensor velocity, Tensor divergence, Tensor kinetic, Tensor hjb) {
    }

    /**
     * The rates at one point. Both fields give their exact divergence in closed form; Hutchinson's estimate
     * instead needs autograd, also where the caller records no gradients (evaluation under a NoGradGuard):
     * it is switched on for it here, and the results taken off the graph again for such callers.
     */
    private Rates pointRates(Tensor z, double t, Tensor probe) {
        if (probe == null) {
            VelocityField.Value value = field.at(z, t, true);
            return rates(value, value.divergence());
        }
        boolean recording = GradMode.is_enabled();
        try (AutoGradMode enabled = new AutoGradMode(true)) {
            Tensor point = z;
            if (!z.requires_grad()) {
                // requires_grad_ returns a reference into its receiver: keep the owning handle, not the reference
                point = z.detach();
                point.requires_grad_(true);
            }
            VelocityField.Value value = field.at(point, t, false);
            Rates r = rates(value, HutchinsonTrace.estimate(value.velocity(), point, probe, recording));
            if (recording) {
                return r;
            }
            return new Rates(r.velocity.detach(), r.divergence.detach(), r.kinetic.detach(),
                    r.hjb == null ? null : r.hjb.detach());
        }
    }

    private Rates rates(VelocityField.Value value, Tensor divergence) {
        Tensor v = value.velocity();
        Tensor hjb = value.hjbResidual() == null ? null : value.hjbResidual().abs();
        return new Rates(v, divergence, v.square().sum(1).mul(half), hjb);
    }
}
