package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.vae.Vae;
import java.util.Map;

/** Builds a run's training objective from its config. */
public final class Objectives {
    private Objectives() {
    }

    /** The objective a new run of {@code model} trains with: a VAE's own bound, else maximum likelihood. */
    public static ObjectiveSpec defaultFor(GenerativeModel model) {
        if (model instanceof Vae vae) {
            return new ObjectiveSpec(vae.training().samples() > 1 ? ObjectiveSpec.IWAE : ObjectiveSpec.ELBO, Map.of());
        }
        return ObjectiveSpec.likelihood();
    }

    public static Objective create(GenerativeModel model, RunConfig config) {
        ObjectiveSpec spec = config.objectiveOrDefault();
        return switch (spec.kind()) {
            case ObjectiveSpec.LIKELIHOOD -> likelihood(model, config.model());
            case ObjectiveSpec.ELBO, ObjectiveSpec.IWAE -> variational(model, config.model(), spec.kind());
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

    private static Objective variational(GenerativeModel model, String modelName, String kind) {
        if (model instanceof Vae vae) {
            return new VariationalBound(vae);
        }
        throw new InvalidInputException("model '" + modelName + "' is not a VAE, so it cannot be trained on the "
                + kind + " bound: the run's config.json mixes up model and objective");
    }

    @SuppressWarnings("unchecked")
    private static <M extends GenerativeModel & ExactLogDensity> Objective maximumLikelihood(GenerativeModel model) {
        return new MaximumLikelihood((M) model);
    }
}
