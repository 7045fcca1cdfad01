package io.dgm4j.models.flows;

import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * NICE's final scaling layer: z = exp(s) * x per feature with a learned log-scale s (starting at
 * 0), log|det| = sum(s). Why NICE needs it: its additive couplings preserve volume, so without
 * it the flow could not concentrate or spread mass at all.
 */
public final class DiagonalScaling implements Transform {
    private final Tensor logScale;

    public DiagonalScaling(Parameters params, String prefix, int dimension) {
        logScale = params.add(prefix + ".logScale", torch.zeros(dimension));
    }

    @Override
    public Result forward(Tensor x) {
        return new Result(x.mul(logScale.exp()), logScale.sum().expand(x.size(0)));
    }

    @Override
    public Result inverse(Tensor z) {
        return new Result(z.mul(logScale.neg().exp()), logScale.sum().neg().expand(z.size(0)));
    }
}
