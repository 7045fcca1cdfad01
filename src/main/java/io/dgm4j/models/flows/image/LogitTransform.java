package io.dgm4j.models.flows.image;

import io.dgm4j.models.flows.Transform;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * RealNVP's pre-processing of dequantised pixels y in (0,1): x = logit(a + (1 - 2a) y). The
 * margin a keeps x finite at y = 0 or 1 (a = 0.05 for MNIST in Dinh et al. 2017). Per pixel
 * dx/dy = (1 - 2a) / (p (1 - p)) with p = a + (1 - 2a) y, so
 * log|det| = sum [log(1 - 2a) - log p - log(1 - p)].
 */
public final class LogitTransform implements Transform {
    private final double alpha;
    private final Scalar alphaScalar;
    private final Scalar range;
    private final Scalar logRange;

    public LogitTransform(double alpha) {
        if (!(alpha >= 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("the logit margin must be in [0, 0.5), got " + alpha);
        }
        this.alpha = alpha;
        this.alphaScalar = Tensors.keptScalar(alpha);
        this.range = Tensors.keptScalar(1 - 2 * alpha);
        this.logRange = Tensors.keptScalar(Math.log(1 - 2 * alpha));
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public Result forward(Tensor y) {
        Tensor p = y.mul(range).add(alphaScalar);
        Tensor logP = p.log();
        Tensor logOneMinusP = p.neg().log1p();
        return new Result(logP.sub(logOneMinusP), logDet(logP, logOneMinusP));
    }

    @Override
    public Result inverse(Tensor x) {
        Tensor y = x.sigmoid().sub(alphaScalar).div(range);
        return new Result(y, logDet(torch.log_sigmoid(x), torch.log_sigmoid(x.neg())).neg());
    }

    /** Forward log|det| from log p and log(1 - p): sum over all but the batch axis. */
    private Tensor logDet(Tensor logP, Tensor logOneMinusP) {
        return logP.add(logOneMinusP).neg().add(logRange).flatten(1, -1).sum(1);
    }
}
