package io.dgm4j.models.vae;

import io.dgm4j.data.Binarisation;
import io.dgm4j.data.Dataset;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * p(x|z) = prod_d Bernoulli(x_d; sigmoid(logits_d(z))) for binary pixels. Intensities in [0, 1]
 * are binarised as {@link Binarisation} describes.
 */
final class BernoulliDecoder implements Decoder {
    private static final long NO_REDUCTION = 0;
    /** z [N, L] to the logits [N, D]. */
    private final Network net;

    BernoulliDecoder(Network net) {
        this.net = net;
    }

    @Override
    public Tensor logLikelihood(Tensor x, Tensor z) {
        Tensor crossEntropy = torch.binary_cross_entropy_with_logits(net.forward(z), x, new TensorOptional(),
                new TensorOptional(), NO_REDUCTION);
        return crossEntropy.sum(1).neg();
    }

    @Override
    public Tensor mean(Tensor z) {
        return net.forward(z).sigmoid();
    }

    /** The pixel probabilities: binary draws make noisy pictures that hide what the model learned. */
    @Override
    public Tensor sample(Tensor z) {
        return mean(z);
    }

    @Override
    public Tensor trainingData(Tensor x) {
        return Binarisation.dynamic(x);
    }

    @Override
    public Tensor evaluationData(Tensor x) {
        return Binarisation.fixed(x);
    }

    @Override
    public void checkData(Dataset data, String source) {
        Binarisation.checkUnitInterval(data, source, "bernoulli decoder", "use --opt decoder=gaussian");
    }
}
