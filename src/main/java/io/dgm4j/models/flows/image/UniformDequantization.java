package io.dgm4j.models.flows.image;

import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** u ~ U[0,1)^D, whose log-density is 0: the bound is E_u[log p(k + u)]. */
public final class UniformDequantization implements Dequantization {
    @Override
    public Noise draw(Tensor counts, GeneratorOptional generator) {
        return new Noise(torch.rand(counts.sizes().vec().get(), generator), torch.zeros(counts.size(0)));
    }
}
