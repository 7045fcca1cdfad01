package io.dgm4j.models.flows.image;

import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.ConvNet;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * RealNVP's affine coupling with a spatial checkerboard mask b (Dinh et al. 2017) on
 * [N, C, H, W]: the pixels with (row + col) % 2 == parity condition, the others are transformed,
 * z = b x + (1 - b) (x exp(s(b x)) + t(b x)). Masking s and t by (1 - b) makes this
 * z = x exp(s') + t' with s' = (1 - b) s, t' = (1 - b) t, and log|det| = sum s'.
 *
 * <p>Optionally conditioned on a context image [N, K, H, W] that the net reads beside b x
 * (the data, for a variational dequantiser's flow); then it is a bijection of x for each context.
 */
public final class CheckerboardCoupling implements Transform {
    private final Tensor mask;
    private final Tensor transformedMask;
    private final BoundedScaleAndShift scaleAndShift;

    public CheckerboardCoupling(Parameters params, String prefix, int channels, int height, int width, int parity,
                                ConvNet.Factory nets, int contextChannels) {
        float[] values = new float[height * width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                values[r * width + c] = (r + c) % 2 == parity ? 1f : 0f;
            }
        }
        mask = io.dgm4j.tensor.Tensors.of(values, 1, 1, height, width);
        transformedMask = mask.neg().add(new org.bytedeco.pytorch.Scalar(1));
        mask.retainReference();
        transformedMask.retainReference();
        scaleAndShift = new BoundedScaleAndShift(params, prefix, channels + contextChannels, channels, nets);
    }

    @Override
    public Result forward(Tensor x) {
        return forward(x, null);
    }

    @Override
    public Result inverse(Tensor z) {
        return inverse(z, null);
    }

    /** Forward given a context image (null when unconditioned). */
    public Result forward(Tensor x, Tensor context) {
        Tensor[] st = scaleAndShift(x, context);
        return new Result(torch.addcmul(st[1], x, st[0].exp()), st[0].flatten(1, -1).sum(1));
    }

    /** Inverse given the same context as forward. */
    public Result inverse(Tensor z, Tensor context) {
        // b z = b x: the conditioning pixels pass through unchanged, so s and t are recomputed from z.
        Tensor[] st = scaleAndShift(z, context);
        return new Result(z.sub(st[1]).mul(st[0].neg().exp()), st[0].flatten(1, -1).sum(1).neg());
    }

    /** {s', t'}: zero on the conditioning pixels. */
    private Tensor[] scaleAndShift(Tensor x, Tensor context) {
        Tensor conditioning = x.mul(mask);
        if (context != null) {
            conditioning = torch.cat(new TensorVector(conditioning, context), 1);
        }
        Tensor[] st = scaleAndShift.apply(conditioning);
        return new Tensor[] {st[0].mul(transformedMask), st[1].mul(transformedMask)};
    }
}
