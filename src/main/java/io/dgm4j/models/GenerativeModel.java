package io.dgm4j.models;

import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Tensor;

/**
 * What every model family offers. Capabilities that only some families have (an exact density,
 * a latent space, an ELBO) are separate interfaces that evaluation and reports ask for.
 */
public interface GenerativeModel {
    /** n samples, [n, ...event shape], drawn without gradients. */
    Tensor sample(long n);

    Parameters parameters();

    /** The shape of one example, e.g. {2} or {1, 28, 28}. */
    int[] eventShape();
}
