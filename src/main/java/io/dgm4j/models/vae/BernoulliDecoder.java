package io.dgm4j.models.vae;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.Dataset;
import io.dgm4j.tensor.Tensors;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * p(x|z) = prod_d Bernoulli(x_d; sigmoid(logits_d(z))) for binary pixels. Intensities in [0, 1]
 * are binarised by sampling x ~ Bernoulli(intensity): afresh for every training batch (dynamic
 * binarisation, which acts as data augmentation and keeps the likelihood a proper discrete
 * density), and once with a fixed seed for held-out evaluation.
 */
final class BernoulliDecoder implements Decoder {
    private static final long EVALUATION_BINARISATION_SEED = 0x5EED;
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
        return torch.bernoulli(x);
    }

    @Override
    public Tensor evaluationData(Tensor x) {
        float[] values = Tensors.toFloats(x);
        SplittableRandom random = new SplittableRandom(EVALUATION_BINARISATION_SEED);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() < values[i] ? 1f : 0f;
        }
        return Tensors.of(values, Tensors.shape(x));
    }

    @Override
    public void checkData(Dataset data, String source) {
        for (float v : data.values()) {
            if (!(v >= 0 && v <= 1)) {
                throw new InvalidInputException("data '" + source + "' has the value " + v + " outside [0, 1], which a "
                        + "bernoulli decoder cannot model: use --opt decoder=gaussian");
            }
        }
    }
}
