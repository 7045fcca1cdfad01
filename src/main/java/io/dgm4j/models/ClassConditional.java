package io.dgm4j.models;

/**
 * A model that can draw examples of a chosen class (a conditional GAN): what `sample --label`,
 * `interpolate --label` and the report's one-row-per-class sample grid need.
 */
public interface ClassConditional {
    /** The number of classes, labels 0 .. classes-1; 0 where this model draws without labels. */
    int classes();

    /** This model as a decoder of class {@code label} alone: its latent prior, decoded with that label. */
    LatentDecoder ofClass(int label);
}
