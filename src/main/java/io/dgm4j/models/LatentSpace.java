package io.dgm4j.models;

import org.bytedeco.pytorch.Tensor;

/** A model that maps data to a latent representation (a flow's z, a VAE's posterior mean). */
public interface LatentSpace {
    Tensor encode(Tensor x);
}
