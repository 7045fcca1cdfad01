package io.dgm4j.models.cnf;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * A numerical solver of an {@link OdeSystem}: {@link FixedStepRk4} or the adaptive {@link DormandPrince}.
 * Where gradients are recorded, the solution is differentiated through the solver's own operations
 * ("discretise, then optimise"), so a gradient is exact for the discrete solution.
 */
public interface OdeSolver {
    /** The state at t1 from the state at t0 (t1 < t0 integrates backwards in time). */
    Solution solve(OdeSystem system, List<Tensor> start, double t0, double t1);

    /** The end state, and how many times the solver evaluated the system's rates. */
    record Solution(List<Tensor> end, int evaluations) {
    }

    /** The solver as a user names it in a run's options, e.g. "rk4, 8 steps". */
    String describe();
}
