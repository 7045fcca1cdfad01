package io.dgm4j.models.cnf;

import io.dgm4j.models.flows.Transform;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * A continuous normalizing flow (Chen et al. 2018): the map from data x = z(0) to latent z(T) along the
 * ODE dz/dt = v(z, t), whose log |det| is the integral of the divergence tr(dv/dz) along the path
 * (the instantaneous change of variables). The ODE and the integrals ride together in one augmented state,
 * solved by classical fixed-step Runge-Kutta (RK4) and differentiated through the solver
 * ("discretise, then optimise", as OT-Flow trains), so a training step's gradient is exact for the
 * discrete solution.
 *
 * <p>The solver also integrates the transport cost L = int 1/2 |v|^2 dt (the kinetic energy that OT-Flow
 * and RNODE penalise) and, for potential fields, the HJB penalty R = int |HJB residual| dt.
 *
 * <p>The divergence is exact (each field computes it in closed form) or, with {@code hutchinson}, FFJORD's
 * unbiased estimate by one vector-Jacobian product with a probe drawn once per solve.
 *
 * <p>Steps: {@code trainingSteps} while gradients are recorded (training), {@code evaluationSteps}
 * otherwise (held-out NLL, sampling, density grids), so that a model trained on a coarse grid is
 * measured on a fine one. The discrete maps of the two directions are inverses, and the log-det is
 * exact, only up to the solver's O(h^4) error.
 */
public final class ContinuousFlow implements Transform {
    private final VelocityField field;
    private final double endTime;
    private final int trainingSteps;
    private final int evaluationSteps;
    private final boolean hutchinson;
    private final Penalties penalties;
    private final Scalar half = Tensors.keptScalar(0.5);

    /**
     * @param hutchinson estimate the divergence with one Rademacher probe per solve (unbiased) instead of
     *     computing it exactly
     */
    public ContinuousFlow(VelocityField field, double endTime, int trainingSteps, int evaluationSteps,
                          boolean hutchinson, Penalties penalties) {
        if (!(endTime > 0) || trainingSteps < 1 || evaluationSteps < 1) {
            throw new IllegalArgumentException("a continuous flow needs a positive end time and step counts");
        }
        this.field = field;
        this.endTime = endTime;
        this.trainingSteps = trainingSteps;
        this.evaluationSteps = evaluationSteps;
        this.hutchinson = hutchinson;
        this.penalties = penalties;
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

    /** The end state of a solve [N, D], the log |det| of its map [N], and the transport and HJB costs [N]. */
    public record Integration(Tensor end, Tensor logAbsDet, Tensor transportCost, Tensor hjbCost) {
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
     * Solves from t = 0 to T (data to latent) when {@code towardsLatent}, else from T back to 0. With a
     * negative step the divergence integral comes out as the log-det of the inverse map by itself; the two
     * costs are integrated with |h| and so stay non-negative.
     */
    public Integration integrate(Tensor start, boolean towardsLatent) {
        boolean recording = GradMode.is_enabled();
        int steps = recording ? trainingSteps : evaluationSteps;
        double h = (towardsLatent ? endTime : -endTime) / steps;
        Rk4Weights weights = new Rk4Weights(h);
        Rk4Weights costWeights = new Rk4Weights(Math.abs(h));
        Tensor probe = hutchinson ? HutchinsonTrace.probe(start) : null;
        long n = start.size(0);
        // z, log-det, transport, HJB. The vector holds its own references, so without gradients each step's
        // temporaries go with its scope and a solve holds one step's memory, not every stage's (a density grid
        // of 40,000 points otherwise held ~16 GB until its caller's scope closed).
        TensorVector state = new TensorVector(start, torch.zeros(n), torch.zeros(n), torch.zeros(n));
        for (int s = 0; s < steps; s++) {
            double t = towardsLatent ? s * h : endTime + s * h;
            try (PointerScope scope = recording ? null : new PointerScope()) {
                Tensor z = state.get(0);
                Rates k1 = rates(z, t, probe, recording);
                Rates k2 = rates(z.add(k1.velocity, weights.half), t + h / 2, probe, recording);
                Rates k3 = rates(z.add(k2.velocity, weights.half), t + h / 2, probe, recording);
                Rates k4 = rates(z.add(k3.velocity, weights.whole), t + h, probe, recording);
                state.put(0, weights.step(z, k1.velocity, k2.velocity, k3.velocity, k4.velocity));
                state.put(1, weights.step(state.get(1), k1.divergence, k2.divergence, k3.divergence, k4.divergence));
                state.put(2, costWeights.step(state.get(2), k1.kinetic, k2.kinetic, k3.kinetic, k4.kinetic));
                if (isPotentialFlow()) {
                    state.put(3, costWeights.step(state.get(3), k1.hjb, k2.hjb, k3.hjb, k4.hjb));
                }
            }
        }
        return new Integration(state.get(0), state.get(1), state.get(2), state.get(3));
    }

    /** The RK4 weights for one step size h, made once per solve (a Scalar costs as much as a small op). */
    private static final class Rk4Weights {
        final Scalar half;
        final Scalar whole;
        final Scalar sixth;
        final Scalar third;

        Rk4Weights(double h) {
            half = new Scalar(h / 2);
            whole = new Scalar(h);
            sixth = new Scalar(h / 6);
            third = new Scalar(h / 3);
        }

        /** y + h/6 (a + 2b + 2c + d), as fused multiply-adds. */
        Tensor step(Tensor y, Tensor a, Tensor b, Tensor c, Tensor d) {
            return y.add(a, sixth).add(b, third).add(c, third).add(d, sixth);
        }
    }

    /** The time derivatives of the augmented state at one point: dz/dt, d logdet/dt, the cost rates (hjb: potential fields only). */
    private record Rates(Tensor velocity, Tensor divergence, Tensor kinetic, Tensor hjb) {
    }

    /**
     * The rates at one point. Both fields give their exact divergence in closed form; Hutchinson's estimate
     * instead needs autograd, also where the caller records no gradients (evaluation under a NoGradGuard):
     * it is switched on for it here, and the results taken off the graph again for such callers.
     */
    private Rates rates(Tensor z, double t, Tensor probe, boolean recording) {
        if (probe == null) {
            VelocityField.Value value = field.at(z, t, true);
            return rates(value, value.divergence());
        }
        try (AutoGradMode enabled = new AutoGradMode(true)) {
            Tensor point = z.requires_grad() ? z : z.detach().requires_grad_(true);
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
