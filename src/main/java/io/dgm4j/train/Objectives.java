package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;

/** The default training objective of each kind of model. */
public final class Objectives {
    private Objectives() {
    }

    public static Objective defaultFor(GenerativeModel model, String modelName) {
        if (model instanceof ExactLogDensity) {
            return likelihood(model);
        }
        throw new InvalidInputException("model '" + modelName + "' has no training objective yet");
    }

    @SuppressWarnings("unchecked")
    private static <M extends GenerativeModel & ExactLogDensity> Objective likelihood(GenerativeModel model) {
        return new MaximumLikelihood((M) model);
    }
}
