package io.dgm4j.models.ebm;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.OptimizerDefaults;

/**
 * The {@code dbn} family: a deep belief network of binary RBMs trained greedily, layer by layer, by
 * contrastive divergence. Options: units (hidden units of each RBM, bottom first, e.g. 500,500; or hidden
 * (500) x depth (2)), layer-steps (steps each RBM below the top trains, 1000), and the RBM options k (1),
 * persistent (false), chains (100) and sample-steps (1000, Gibbs steps in the top RBM per drawn sample).
 * Trained by default with SGD at 0.1 and momentum 0.5, as the rbm family.
 */
public final class DbnFamily implements ModelFactory {
    @Override
    public String name() {
        return "dbn";
    }

    @Override
    public String description() {
        return "deep belief network: RBMs stacked and trained greedily by contrastive divergence, data in [0, 1] "
                + "(--opt units=500,500 --opt layer-steps=1000)";
    }

    @Override
    public OptimizerDefaults optimizerDefaults() {
        return new OptimizerDefaults("sgd", 0.1, null, 0.5);
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        int[] units = options.layerSizes(500, 2);
        if (units.length < 2) {
            throw new InvalidInputException("a deep belief network stacks at least two RBMs, but --opt units / --depth "
                    + "give " + units.length + " layer: use --opt units=500,500, or the rbm family for one");
        }
        int layerSteps = options.positiveInt("layer-steps", 1000);
        int k = options.positiveInt("k", 1);
        boolean persistent = options.flag("persistent", false);
        int chains = persistent ? options.positiveInt("chains", 100) : 0;
        int sampleSteps = options.positiveInt("sample-steps", 1000);
        return new DeepBeliefNetwork(dataShape, units, new Rbm.Training(k, persistent, chains, sampleSteps), layerSteps);
    }
}
