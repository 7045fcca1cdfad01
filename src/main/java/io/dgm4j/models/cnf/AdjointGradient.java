package io.dgm4j.models.cnf;

import io.dgm4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * A continuous flow's training gradient by the adjoint sensitivity method of Neural ODEs (Chen et al.
 * 2018, section 2 and appendix B), "optimise, then discretise": the forward solve keeps no graph; the
 * adjoint a(t) = dL/dz(t) then runs backwards from a(T) = dL/dz(T) along da/dt = -a^T dF/dz, beside z
 * itself (re-solved from z(T)), and the parameter gradient accumulates as dL/dtheta = int_0^T a^T dF/dtheta
 * dt. F is the whole augmented rate (velocity, divergence, transport and HJB rates), and the adjoints of
 * the log-det and the costs stay at their end values, since no rate depends on them. Each rate evaluation
 * is one vector-Jacobian product through the field.
 *
 * <p>The same holds solving from the latent to the data (reverse-KL training on a flow's own samples):
 * the forward solve then runs from T to 0 and the adjoint back from 0 to T.
 *
 * <p>Memory does not grow with the solver's steps, as backpropagation through the solver does; in
 * exchange a step costs the backward solve, and the gradient is that of the exact ODE only up to both
 * solves' errors (re-solving z backwards drifts from the forward path where the dynamics are stiff), not
 * the exact gradient of the discrete map that backpropagation gives.
 */
public final class AdjointGradient {
    private AdjointGradient() {
    }

    /** The loss of one solve and its gradient per parameter, and the field evaluations of both solves. */
    public record Result(ContinuousFlow.Integration forward, double loss, List<Tensor> gradients, int evaluations) {
        /**
         * A loss for the trainer with this result's value and, with respect to {@code parameters} (those the
         * gradients were taken for, in order), this result's gradient: sum(theta * g) less its own value, plus
         * the loss.
         */
        public Tensor surrogateLoss(List<Tensor> parameters) {
            Tensor surrogate = torch.zeros(new long[] {});
            for (int i = 0; i < parameters.size(); i++) {
                surrogate = surrogate.add(parameters.get(i).mul(gradients.get(i)).sum());
            }
            return surrogate.sub(surrogate.detach()).add(new Scalar(loss));
        }
    }

    /**
     * Solves from {@code start} (data towards the latent when {@code towardsLatent}, else a latent draw
     * towards the data), evaluates {@code loss} (a scalar function of the end state) there, and returns its
     * gradient with respect to {@code parameters} (the field's) by the adjoint method.
     */
    public static Result of(ContinuousFlow ode, Tensor start, boolean towardsLatent,
                            Function<ContinuousFlow.Integration, Tensor> loss, List<Tensor> parameters) {
        OdeSolver solver = ode.trainingSolver();
        Tensor probe = ode.probe(start);
        ContinuousFlow.Integration end;
        try (NoGradGuard off = new NoGradGuard()) {
            end = ode.integrate(start, towardsLatent, solver, probe);
        }
        // a(T): the loss's gradient at the end state, one leaf per state tensor
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor t : List.of(end.end(), end.logAbsDet(), end.transportCost(), end.hjbCost())) {
            Tensor leaf = t.detach();
            leaf.requires_grad_(true);
            leaves.add(leaf);
        }
        double lossValue;
        List<Tensor> endAdjoints;
        try (AutoGradMode on = new AutoGradMode(true)) {
            Tensor l = loss.apply(new ContinuousFlow.Integration(leaves.get(0), leaves.get(1), leaves.get(2),
                    leaves.get(3), end.evaluations()));
            lossValue = l.item_double();
            endAdjoints = gradients(l, leaves);
        }
        int stateTensors = ode.isPotentialFlow() ? 4 : 3;
        // constant adjoints of the log-det and the costs, weighting their rates
        List<Tensor> rateWeights = endAdjoints.subList(1, stateTensors);

        List<Tensor> initial = new ArrayList<>(List.of(end.end().detach(), endAdjoints.get(0)));
        for (Tensor p : parameters) {
            initial.add(torch.zeros_like(p));
        }
        OdeSystem backward = (t, state) -> {
            try (AutoGradMode on = new AutoGradMode(true)) {
                Tensor z = state.get(0).detach();
                z.requires_grad_(true);
                List<Tensor> rates = ode.rates(z, t, probe, towardsLatent);
                Tensor weighted = rates.get(0).mul(state.get(1)).sum();
                for (int i = 1; i < stateTensors; i++) {
                    weighted = weighted.add(rates.get(i).mul(rateWeights.get(i - 1)).sum());
                }
                List<Tensor> inputs = new ArrayList<>(List.of(z));
                inputs.addAll(parameters);
                List<Tensor> vjp = gradients(weighted, inputs);
                List<Tensor> out = new ArrayList<>(List.of(rates.get(0).detach()));
                for (Tensor g : vjp) {
                    out.add(g.neg());
                }
                return out;
            }
        };
        OdeSolver.Solution solution;
        try (NoGradGuard off = new NoGradGuard()) {
            solution = towardsLatent ? solver.solve(backward, initial, ode.endTime(), 0)
                    : solver.solve(backward, initial, 0, ode.endTime());
        }
        ode.count(solution.evaluations());
        List<Tensor> gradients = new ArrayList<>(solution.end().subList(2, solution.end().size()));
        return new Result(end, lossValue, gradients, end.evaluations() + solution.evaluations());
    }

    /** d scalar / d input for each input; zeros where the scalar does not depend on one. */
    private static List<Tensor> gradients(Tensor scalar, List<Tensor> inputs) {
        TensorVector grads = torch.grad(new TensorVector(scalar), new TensorVector(inputs.toArray(new Tensor[0])),
                new TensorVector(), new BoolOptional(false), false, true);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor g = Tensors.element(grads, i);
            out.add(g.defined() ? g : torch.zeros_like(inputs.get(i)));
        }
        return out;
    }
}
