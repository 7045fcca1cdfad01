package io.dgm4j.models;

import org.bytedeco.pytorch.Tensor;

/**
 * A model that draws data by decoding latent codes (a GAN's generator, a VAE's decoder mean, a
 * flow's inverse): what latent interpolations need. Models that can also encode are {@link LatentSpace}s.
 */
public interface LatentDecoder {
    /** Latent codes [N, ...] to data space [N, ...event shape]: what interpolations walk through. */
    Tensor decode(Tensor z);

    /** n draws of the latent prior, [n, ...]: {@code latentFromNoise(priorNoise(n))}. */
    Tensor sampleLatent(long n);

    /**
     * n draws of the prior's base noise, [n, ...]: what a temperature scales and a quantile grid is laid
     * out in, and what the spherical interpolation (a scheme for Gaussian points) walks through. The
     * latent prior itself unless it is a flow over this noise; a model that overrides one of
     * {@code priorNoise}, {@code latentFromNoise} and {@code noiseFromLatent} overrides all three.
     */
    default Tensor priorNoise(long n) {
        return sampleLatent(n);
    }

    /**
     * The latent codes that base noise eps [N, ...] stands for: eps itself, unless the prior is a flow
     * over the noise (a VAE's flow prior), which then maps it.
     */
    default Tensor latentFromNoise(Tensor eps) {
        return eps;
    }

    /** The base noise that latent codes z [N, ...] stand for: the inverse of {@link #latentFromNoise}. */
    default Tensor noiseFromLatent(Tensor z) {
        return z;
    }
}
