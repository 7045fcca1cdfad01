package io.dgm4j.models.cnf;

import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.nn.Parameters;

/**
 * OT-Flow (Onken et al. 2021): a continuous flow whose velocity is the gradient of a potential
 * (see {@link PotentialField}), trained on NLL + transport * L + hjb * R. The transport cost L makes the
 * trajectories straight, so that few RK4 steps solve the ODE accurately; R keeps the potential consistent
 * with optimal transport. The defaults are the paper's toy weights alpha = (L 1, C 100, R 5), divided by
 * the NLL's weight so that the loss stays in nats. The divergence is exact.
 * Options: hidden (32), depth (1 residual layer), rank (min(10, D + 1)), hjb (0.05), and those of
 * {@link SolverOptions} with transport 0.01.
 */
public final class OtFlow implements ModelFactory {
    public static final String NAME = "ot-flow";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "OT-Flow: continuous flow along the gradient of a potential, with transport and HJB penalties (vector data)";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        int dimension = SolverOptions.vectorDimension(NAME, dataShape);
        int hidden = options.positiveInt("hidden", 32);
        int depth = options.positiveInt("depth", 1);
        int rank = options.positiveInt("rank", Math.min(10, dimension + 1));
        double hjb = options.nonNegativeDouble("hjb", 0.05);
        SolverOptions solver = SolverOptions.parse(options, 0.01);
        Parameters params = new Parameters();
        VelocityField field = new PotentialField(params, dimension, hidden, depth, rank);
        ContinuousFlow flow = new ContinuousFlow(field, SolverOptions.END_TIME, solver.training(), solver.evaluation(),
                ContinuousFlow.Trace.EXACT, solver.adjoint(), new ContinuousFlow.Penalties(solver.transport(), hjb));
        return new Flow(new StandardNormal(dimension), flow, params, dataShape);
    }
}
