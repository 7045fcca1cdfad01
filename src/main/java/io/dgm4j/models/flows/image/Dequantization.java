package io.dgm4j.models.flows.image;

import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * Noise that turns pixel counts k in {0..255} into continuous values k + u, u in [0,1)^D, with
 * the log-density of the noise: log P(k) >= E_q[log p(k + u) - log q(u | k)] (Theis et al. 2016,
 * Ho et al. 2019).
 */
public interface Dequantization {
    /** u [N, C, H, W] for counts k [N, C, H, W] (float values 0..255), and log q(u | k) per example [N]. */
    Noise draw(Tensor counts, GeneratorOptional generator);

    record Noise(Tensor u, Tensor logDensity) {
    }
}
