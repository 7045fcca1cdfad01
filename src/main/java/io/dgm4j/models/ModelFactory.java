package io.dgm4j.models;

/** Builds one model family from its options; registered by name in {@link ModelRegistry}. */
public interface ModelFactory {
    String name();

    String description();

    /** A fresh model with parameters drawn from libtorch's (seeded) generator. */
    GenerativeModel create(ModelOptions options, int[] dataShape);

    /** The optimizer, learning rate and Adam betas a run of this family gets when the user names none. */
    default OptimizerDefaults optimizerDefaults() {
        return OptimizerDefaults.STANDARD;
    }
}
