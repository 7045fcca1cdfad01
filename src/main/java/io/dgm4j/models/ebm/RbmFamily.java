package io.dgm4j.models.ebm;

import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.OptimizerDefaults;

/**
 * The {@code rbm} family: a binary restricted Boltzmann machine trained by contrastive divergence.
 * Options: hidden (hidden units, 500), k (Gibbs steps per negative sample, 1), persistent (PCD
 * instead of CD, false), chains (PCD's fantasy particles, 100), sample-steps (Gibbs steps from
 * noise per drawn sample, 1000). Trained by default with SGD at 0.1 and momentum 0.5, the classic
 * setting for CD (Hinton's practical guide).
 */
public final class RbmFamily implements ModelFactory {
    @Override
    public String name() {
        return "rbm";
    }

    @Override
    public String description() {
        return "restricted Boltzmann machine: binary units trained by contrastive divergence, data in [0, 1] "
                + "(--opt k=1, --opt persistent=true for PCD)";
    }

    @Override
    public OptimizerDefaults optimizerDefaults() {
        return new OptimizerDefaults("sgd", 0.1, null, 0.5);
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        int hidden = options.positiveInt("hidden", 500);
        int k = options.positiveInt("k", 1);
        boolean persistent = options.flag("persistent", false);
        int chains = persistent ? options.positiveInt("chains", 100) : 0;
        int sampleSteps = options.positiveInt("sample-steps", 1000);
        return new Rbm(dataShape, hidden, new Rbm.Training(k, persistent, chains, sampleSteps));
    }
}
