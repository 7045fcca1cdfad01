package io.dgm4j.nn;

import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * PixelCNN's masked convolution (van den Oord et al. 2016) on [N, C, H, W], "same" padding, stride 1:
 * the kernel sees the rows above its centre and the pixels left of it on the centre row, and with
 * {@code includeCentre} (mask B) the centre too. The first layer uses mask A (no centre), so that no
 * output depends on its own pixel; later layers use mask B, which passes on what mask A let through.
 * A {@link Conv2d} (its initialisation and parameters) whose weight is masked on every call.
 */
public final class MaskedConv2d {
    private final Conv2d conv;
    private final Tensor mask;

    public MaskedConv2d(Parameters params, String prefix, int in, int out, int kernel, boolean includeCentre) {
        conv = new Conv2d(params, prefix, in, out, kernel, false);
        mask = spatialMask(kernel, includeCentre);
        mask.retainReference();
    }

    /** [k, k] of 1s where the kernel may look: rows above the centre, and the centre row up to (or before) it. */
    static Tensor spatialMask(int kernel, boolean includeCentre) {
        int c = kernel / 2;
        float[] m = new float[kernel * kernel];
        for (int row = 0; row < kernel; row++) {
            for (int col = 0; col < kernel; col++) {
                boolean seen = row < c || (row == c && (col < c || (includeCentre && col == c)));
                m[row * kernel + col] = seen ? 1f : 0f;
            }
        }
        return Tensors.of(m, kernel, kernel);
    }

    public Tensor forward(Tensor x) {
        return conv.forwardMasked(x, mask);
    }
}
