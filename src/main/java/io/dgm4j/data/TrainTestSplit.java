package io.dgm4j.data;

/** Training examples and the held-out examples used for evaluation. */
public record TrainTestSplit(Dataset train, Dataset test) {
}
