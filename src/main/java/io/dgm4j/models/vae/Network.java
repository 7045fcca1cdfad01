package io.dgm4j.models.vae;

import org.bytedeco.pytorch.Tensor;

/** One of a VAE's networks on flattened tensors: the encoder's x [N, D] to [N, 2L], or the decoder's z [N, L] to [N, D]. */
interface Network {
    Tensor forward(Tensor x);
}
