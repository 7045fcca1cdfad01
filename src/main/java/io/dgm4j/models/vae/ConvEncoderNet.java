package io.dgm4j.models.vae;

import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Mlp;
import io.dgm4j.nn.Parameters;
import io.dgm4j.nn.StrideTwoConv2d;
import org.bytedeco.pytorch.Tensor;

/**
 * The convolutional encoder network for images {C, H, W} (H and W multiples of 4): conv(C->32, 4x4,
 * stride 2) -> conv(32->64, 4x4, stride 2) -> linear to the 2L posterior parameters.
 */
final class ConvEncoderNet implements Network {
    static final int FIRST_CHANNELS = 32;
    static final int SECOND_CHANNELS = 64;
    private final int[] image;
    private final StrideTwoConv2d first;
    private final StrideTwoConv2d second;
    private final Mlp linear;
    private final Activation activation;

    ConvEncoderNet(Parameters params, int[] image, int latent, Activation activation) {
        this.image = image.clone();
        this.activation = activation;
        first = StrideTwoConv2d.halving(params, "encoder.conv0", image[0], FIRST_CHANNELS);
        second = StrideTwoConv2d.halving(params, "encoder.conv1", FIRST_CHANNELS, SECOND_CHANNELS);
        int features = SECOND_CHANNELS * (image[1] / 4) * (image[2] / 4);
        // Depth 0: one affine map (the hidden width is unused).
        linear = new Mlp(params, "encoder.linear", features, 1, 0, 2 * latent, activation, false);
    }

    /** x is [N, C*H*W]; returns [N, 2L]. */
    @Override
    public Tensor forward(Tensor x) {
        long n = x.size(0);
        Tensor h = activation.applyToFresh(first.forward(x.reshape(n, image[0], image[1], image[2])));
        h = activation.applyToFresh(second.forward(h));
        return linear.forward(h.reshape(n, -1));
    }
}
