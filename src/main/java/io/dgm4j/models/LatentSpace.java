package io.dgm4j.models;

import org.bytedeco.pytorch.Tensor;

/** A model that maps data to a latent representation and back (a flow's z, a VAE's posterior mean / decoder mean). */
public interface LatentSpace extends LatentDecoder {
    /** Data [N, ...event shape] to latent codes [N, ...]. */
    Tensor encode(Tensor x);
}
