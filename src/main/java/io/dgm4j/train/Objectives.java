package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;

/** Builds a run's training objective from its config. */
public final class Objectives {
    private Objectives() {
    }

    public static Objective create(GenerativeModel model, RunConfig config) {
        ObjectiveSpec spec = config.objectiveOrDefault();
        return switch (spec.kind()) {
            case ObjectiveSpec.LIKELIHOOD -> likelihood(model, config.model());
            case DensityDistillation.KIND -> DensityDistillation.forRun(model, config);
            default -> throw new InvalidInputException("unknown training objective '" + spec.kind()
                    + "' in the run's config.json: this version of dgm4j cannot train it");
        };
    }

    private static Objective likelihood(GenerativeModel model, String modelName) {
        if (model instanceof ExactLogDensity) {
            return maximumLikelihood(model);
        }
        throw new InvalidInputException("model '" + modelName + "' has no exact density, so it cannot be trained "
                + "by maximum likelihood");
    }

    @SuppressWarnings("unchecked")
    private static <M extends GenerativeModel & ExactLogDensity> Objective maximumLikelihood(GenerativeModel model) {
        return new MaximumLikelihood((M) model);
    }
}
