package io.dgm4j.models.vae;

import io.dgm4j.data.Dataset;
import org.bytedeco.pytorch.Tensor;

/** p(x|z) of a VAE over flattened data [M, D]. */
interface Decoder {
    /** log p(x|z) per row, [M]: x is [M, D] (possibly an expanded view), z is [M, L]. */
    Tensor logLikelihood(Tensor x, Tensor z);

    /** E[x|z], [M, D]: what reconstructions, interpolations and the latent manifold show. */
    Tensor mean(Tensor z);

    /** What the model generates from z, [M, D]. */
    Tensor sample(Tensor z);

    /** A training batch as the likelihood sees it (Bernoulli: binarised afresh each time). */
    Tensor trainingData(Tensor x);

    /** Held-out data as the likelihood sees it (Bernoulli: one fixed binarisation). */
    Tensor evaluationData(Tensor x);

    /** Throws a one-line InvalidInputException when the data cannot come from this likelihood. */
    void checkData(Dataset data, String source);
}
