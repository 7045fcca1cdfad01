package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.ModelRegistry;
import io.dgm4j.models.flows.ElementwiseAffine;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.flows.image.ImageFlow;
import io.dgm4j.tensor.Engine;
import java.util.List;

/** The one way a model is built from a run's config: fresh for training, or with its trained weights. */
public final class RunModels {
    private RunModels() {
    }

    /** A freshly initialised model; initial weights are drawn from the run's seed. */
    public static GenerativeModel build(RunConfig config) {
        return build(config, new ModelOptions(config.modelOptions()));
    }

    /**
     * A freshly initialised model for a new run, where every model option must be one the family read:
     * an unknown or misspelt --opt would otherwise train with the default without a word. (Runs already
     * saved load with {@link #build}, which does not check, so that no saved run becomes unreadable.)
     */
    public static GenerativeModel buildNew(RunConfig config) {
        if (config.modelOptions().containsKey("")) {
            throw new InvalidInputException("--opt '=" + config.modelOptions().get("") + "' has no key: give --opt "
                    + "KEY=VALUE, e.g. --opt permutation=learned");
        }
        ModelOptions options = new ModelOptions(config.modelOptions());
        GenerativeModel model = build(config, options);
        List<String> unread = options.unread();
        if (!unread.isEmpty()) {
            throw new InvalidInputException("model '" + config.model() + "' does not read option"
                    + (unread.size() == 1 ? " '" : "s '") + String.join("', '", unread)
                    + "' (given with --opt, or by --hidden, --depth, --latent or --activation); with these settings "
                    + "it reads: " + String.join(", ", options.asked()) + ". Drop it or correct its name");
        }
        return model;
    }

    private static GenerativeModel build(RunConfig config, ModelOptions options) {
        Engine.seed(config.training().seed());
        GenerativeModel model = ModelRegistry.get(config.model()).create(options, config.dataShape());
        if (config.standardization() == null) {
            return model;
        }
        if (model instanceof ImageFlow) {
            throw new InvalidInputException("--standardize does not apply to image models: '" + config.model()
                    + "' maps pixels to logit space itself (dequantisation and logit); drop --standardize");
        }
        if (!(model instanceof Flow flow)) {
            throw new InvalidInputException("--standardize is supported for flow models only, not '"
                    + config.model() + "': drop --standardize");
        }
        return flow.withPreprocessing(new ElementwiseAffine(config.standardization().mean(),
                config.standardization().std()));
    }

    /** The model of a run folder with the weights of its last checkpoint. */
    public static GenerativeModel load(RunFolder run) {
        return load(run, run.readConfig());
    }

    /**
     * The model of a run folder built from a variant of its config that keeps the parameters' shapes (e.g.
     * another evaluation solver), with the weights of its last checkpoint.
     */
    public static GenerativeModel load(RunFolder run, RunConfig config) {
        GenerativeModel model = build(config);
        Checkpoint.load(run.checkpointFile(), model.parameters(), null);
        return model;
    }
}
