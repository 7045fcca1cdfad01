package io.dgm4j.models.gan;

import org.bytedeco.pytorch.Tensor;

/** A generator or critic network; {@code training} selects batch statistics and dropout (PyTorch's train()). */
@FunctionalInterface
public interface GanNet {
    Tensor forward(Tensor input, boolean training);
}
