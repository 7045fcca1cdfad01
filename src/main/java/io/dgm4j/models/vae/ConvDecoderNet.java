package io.dgm4j.models.vae;

import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Mlp;
import io.dgm4j.nn.Parameters;
import io.dgm4j.nn.StrideTwoConv2d;
import org.bytedeco.pytorch.Tensor;

/**
 * The mirror of {@link ConvEncoderNet}: linear z -> 64 x H/4 x W/4, then transposed convolutions
 * (64->32, 32->C, 4x4, stride 2) back to {C, H, W}; its output (Bernoulli logits or Gaussian means)
 * is flattened to [N, C*H*W].
 */
final class ConvDecoderNet implements Network {
    private final int[] image;
    private final Mlp linear;
    private final StrideTwoConv2d first;
    private final StrideTwoConv2d second;
    private final Activation activation;

    ConvDecoderNet(Parameters params, int[] image, int latent, Activation activation) {
        this.image = image.clone();
        this.activation = activation;
        int features = ConvEncoderNet.SECOND_CHANNELS * (image[1] / 4) * (image[2] / 4);
        linear = new Mlp(params, "decoder.linear", latent, 1, 0, features, activation, false);
        first = StrideTwoConv2d.transposed(params, "decoder.deconv0", ConvEncoderNet.SECOND_CHANNELS,
                ConvEncoderNet.FIRST_CHANNELS);
        second = StrideTwoConv2d.transposed(params, "decoder.deconv1", ConvEncoderNet.FIRST_CHANNELS, image[0]);
    }

    /** z is [N, L]; returns [N, C*H*W]. */
    @Override
    public Tensor forward(Tensor z) {
        long n = z.size(0);
        Tensor h = activation.applyToFresh(linear.forward(z))
                .reshape(n, ConvEncoderNet.SECOND_CHANNELS, image[1] / 4, image[2] / 4);
        h = activation.applyToFresh(first.forward(h));
        return second.forward(h).reshape(n, -1);
    }
}
