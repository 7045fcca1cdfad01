package io.dgm4j.models;

import org.bytedeco.pytorch.Tensor;

/**
 * A model that draws data by decoding latent codes (a GAN's generator, a VAE's decoder mean, a
 * flow's inverse): what latent interpolations need. Models that can also encode are {@link LatentSpace}s.
 */
public interface LatentDecoder {
    /** Latent codes [N, ...] to data space [N, ...event shape]: what interpolations walk through. */
    Tensor decode(Tensor z);

    /** n draws of the latent prior, [n, ...]. */
    Tensor sampleLatent(long n);
}
