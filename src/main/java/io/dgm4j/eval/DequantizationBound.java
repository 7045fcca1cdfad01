package io.dgm4j.eval;

import io.dgm4j.models.flows.image.ImageFlow;
import java.util.function.LongConsumer;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * An image flow's importance-weighted dequantisation bound per image, log (1/K) sum_k
 * p(k + u_k) / q(u_k | k) with u_k ~ q(u | k) (Ho et al. 2019): the one-draw bound that training
 * and nll_nats use is its K = 1 case, and it rises towards log P(k) as K grows, so that the figures
 * of uniform and variational dequantisation can be compared nearer the likelihood they both bound.
 */
public final class DequantizationBound {
    /** The noise of every evaluation starts here, so that the same data always gets the same figure. */
    private static final long SEED = 4321;

    private DequantizationBound() {
    }

    /**
     * The K-draw bound on log P(k) per image, [N], without gradients; {@code images} as pixels k/255.
     * Images and draws go through the flow in chunks of the size {@link Likelihood} evaluates.
     */
    public static Tensor perExample(ImageFlow model, Tensor images, long k, LongConsumer progress) {
        Generator noise = torch.make_generator_cpu(SEED);
        ImportanceWeightedBound bound = new ImportanceWeightedBound(Likelihood.rowsPerChunk(images), progress);
        return bound.logMeanExp((examples, draws) -> model.logImportanceWeights(examples, draws, noise), images, k);
    }
}
