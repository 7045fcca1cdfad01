package io.dgm4j.models;

import io.dgm4j.data.TrainTestSplit;
import java.util.Map;

/** Builds one model family from its options; registered by name in {@link ModelRegistry}. */
public interface ModelFactory {
    String name();

    String description();

    /** A fresh model with parameters drawn from libtorch's (seeded) generator. */
    GenerativeModel create(ModelOptions options, int[] dataShape);

    /**
     * Options a new run of this family takes from its data (training and held-out splits) where {@code given}
     * (the user's options) does not set them, e.g. a conditional GAN's number of classes; they are recorded in
     * the run's config.
     */
    default Map<String, String> optionsFromData(Map<String, String> given, TrainTestSplit data) {
        return Map.of();
    }

    /** The optimizer, learning rate and Adam betas a run of this family gets when the user names none. */
    default OptimizerDefaults optimizerDefaults() {
        return OptimizerDefaults.STANDARD;
    }
}
