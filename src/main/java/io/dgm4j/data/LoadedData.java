package io.dgm4j.data;

/**
 * A loaded train/test split, with the standardization already applied to both parts, or null
 * when none was asked for. Samples from a model trained on it map back to the original units
 * through {@link Standardization#invert(float[], int)}.
 */
public record LoadedData(TrainTestSplit split, Standardization standardization) {
}
