package io.dgm4j.nn;

import org.bytedeco.pytorch.Tensor;

/** A network from [N, in, H, W] to [N, out, H, W]: the conditioner of an image coupling layer. */
public interface ConvNet {
    Tensor forward(Tensor x);

    /** Builds a net of one architecture for given channel counts, registering its weights under prefix. */
    interface Factory {
        ConvNet create(Parameters params, String prefix, int in, int out);
    }
}
