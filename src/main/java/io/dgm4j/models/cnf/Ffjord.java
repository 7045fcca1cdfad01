package io.dgm4j.models.cnf;

import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.nn.Parameters;

/**
 * FFJORD (Grathwohl et al. 2019): a continuous flow with a free-form velocity field (see
 * {@link FreeFormField}) over a standard normal base. With trace=exact it is the continuous normalizing
 * flow of Neural ODEs (Chen et al. 2018); trace=hutchinson is FFJORD's unbiased estimator, one
 * vector-Jacobian product per evaluation instead of D.
 * Options: hidden (64), depth (3 hidden layers), trace (exact) for training, eval-trace (exact) for
 * held-out NLL, samples and densities (hutchinson for data of many dimensions, where the exact divergence
 * is slow; the figures are then one probe's unbiased draw), and those of {@link SolverOptions}
 * (transport 0: set it for RNODE's kinetic-energy regularisation, Finlay et al. 2020).
 */
public final class Ffjord implements ModelFactory {
    public static final String NAME = "ffjord";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "FFJORD: continuous flow dz/dt = v(z, t) with a free-form MLP field, exact or Hutchinson trace (vector data)";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        int dimension = SolverOptions.vectorDimension(NAME, dataShape);
        int hidden = options.positiveInt("hidden", 64);
        int depth = options.positiveInt("depth", 3);
        ContinuousFlow.Trace trace = new ContinuousFlow.Trace(
                options.choice("trace", "exact", "exact", "hutchinson").equals("hutchinson"),
                options.choice("eval-trace", "exact", "exact", "hutchinson").equals("hutchinson"));
        SolverOptions solver = SolverOptions.parse(options, 0.0);
        Parameters params = new Parameters();
        VelocityField field = new FreeFormField(params, dimension, hidden, depth);
        ContinuousFlow flow = new ContinuousFlow(field, SolverOptions.END_TIME, solver.training(), solver.evaluation(),
                trace, solver.adjoint(), new ContinuousFlow.Penalties(solver.transport(), 0));
        return new Flow(new StandardNormal(dimension), flow, params, dataShape);
    }
}
