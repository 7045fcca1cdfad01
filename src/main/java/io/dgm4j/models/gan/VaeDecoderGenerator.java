package io.dgm4j.models.gan;

import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Mlp;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * A generator with the architecture of a VAE's MLP decoder (--opt init-from=VAE_RUN), so that it
 * can start from the trained decoder's weights. On images the decoder's Bernoulli logits l become
 * tanh(l / 2) = 2 sigmoid(l) - 1: the VAE's mean image in the GAN's [-1, 1] scale. On vector data
 * the output is the Gaussian decoder's mean itself (the GAN's scale is the data's).
 */
final class VaeDecoderGenerator implements GanNet {
    private final Mlp decoder;
    private final long[] outputShape;
    private final boolean images;

    VaeDecoderGenerator(Parameters params, int latent, int hidden, int depth, Activation activation, int[] dataShape) {
        decoder = new Mlp(params, "generator", latent, hidden, depth, GanFamily.size(dataShape), activation, false);
        images = dataShape.length == 3;
        outputShape = GanFamily.batchShape(dataShape);
    }

    @Override
    public Tensor forward(Tensor z, boolean training) {
        Tensor logits = decoder.forward(z);
        return (images ? logits.mul(new Scalar(0.5)).tanh() : logits).view(outputShape);
    }
}
