package io.dgm4j.models;

import org.bytedeco.pytorch.Tensor;

/**
 * A model of binary data that is given intensities in [0, 1] and binarises them itself (see
 * data.Binarisation): afresh for each training batch, once with a fixed seed for held-out figures.
 * The likelihood objective, evaluation and run summaries ask for this capability.
 */
public interface BinarisedInput {
    /** A training batch as the likelihood sees it: binarised afresh. */
    Tensor trainingData(Tensor batch);

    /** Held-out data as the likelihood sees it: the same binarisation every time. */
    Tensor evaluationData(Tensor x);

    /** {@code x} as {@code model} evaluates its likelihood on it: binarised when it models binary data, else unchanged. */
    static Tensor forEvaluation(Object model, Tensor x) {
        return model instanceof BinarisedInput binary ? binary.evaluationData(x) : x;
    }
}
