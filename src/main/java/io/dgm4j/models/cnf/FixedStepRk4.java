package io.dgm4j.models.cnf;

import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Classical Runge-Kutta (RK4) with a fixed number of equal steps: four evaluations per step, global error
 * O(h^4). Cheap and predictable, which is what training needs; its error is not controlled (see
 * {@link DormandPrince} for that).
 */
public final class FixedStepRk4 implements OdeSolver {
    private final int steps;

    public FixedStepRk4(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("RK4 needs at least one step, got " + steps);
        }
        this.steps = steps;
    }

    @Override
    public Solution solve(OdeSystem system, List<Tensor> start, double t0, double t1) {
        boolean recording = GradMode.is_enabled();
        double h = (t1 - t0) / steps;
        Scalar[] half = OdeState.scaled(h, 0.5);
        Scalar[] whole = OdeState.scaled(h, 1.0);
        // y + h/6 (k1 + 2 k2 + 2 k3 + k4)
        Scalar[] update = OdeState.scaled(h, 1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6);
        TensorVector state = OdeState.vector(start);
        for (int s = 0; s < steps; s++) {
            double t = t0 + s * h;
            try (PointerScope scope = recording ? null : new PointerScope()) {
                List<Tensor> y = OdeState.list(state);
                List<Tensor> k1 = system.rates(t, y);
                List<Tensor> k2 = system.rates(t + h / 2, OdeState.combine(y, List.of(k1), half));
                List<Tensor> k3 = system.rates(t + h / 2, OdeState.combine(y, List.of(k2), half));
                List<Tensor> k4 = system.rates(t + h, OdeState.combine(y, List.of(k3), whole));
                List<Tensor> next = OdeState.combine(y, List.of(k1, k2, k3, k4), update);
                for (int i = 0; i < next.size(); i++) {
                    state.put(i, next.get(i));
                }
            }
        }
        return new Solution(OdeState.list(state), 4 * steps);
    }

    @Override
    public String describe() {
        return "rk4, " + steps + " steps";
    }
}
