package io.dgm4j.models.autoregressive;

import io.dgm4j.data.Binarisation;
import io.dgm4j.data.Dataset;
import io.dgm4j.distributions.Bernoulli;
import io.dgm4j.models.BinarisedInput;
import io.dgm4j.models.DataRequirements;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A model of binary vectors by the chain rule, p(x) = prod_t p(x_o(t) | x_o(1..t-1)) in an order o,
 * each factor a Bernoulli whose logit a network computes from the pixels before it. The logits of
 * all D factors come from one pass over x (the network never lets a logit see its own pixel or a
 * later one), so the density costs one pass and sampling D passes, one pixel at a time. Data of
 * any shape is flattened; intensities in [0, 1] are binarised as {@link Binarisation} says.
 */
public abstract class BinaryAutoregressiveModel implements GenerativeModel, ExactLogDensity, DataRequirements,
        BinarisedInput {
    protected final Parameters parameters = new Parameters();
    private final int[] eventShape;
    private final String modelName;
    protected final int dimension;

    protected BinaryAutoregressiveModel(String modelName, int[] eventShape) {
        this.modelName = modelName;
        this.eventShape = eventShape.clone();
        int d = 1;
        for (int s : eventShape) {
            d *= s;
        }
        this.dimension = d;
    }

    /** The logits of every factor, [N, D], for flattened binary x [N, D]: logit i sees only the pixels before i. */
    protected abstract Tensor logits(Tensor flat);

    /**
     * The logit of factor i alone, [N]: what the sampler asks for, once per pixel. By default all logits
     * are computed and one kept; a family that can compute less overrides this.
     */
    protected Tensor logitOf(Tensor flat, int i) {
        return logits(flat).select(1, i);
    }

    /** The autoregressive order: order()[t] is the index (in flattened x) of the t-th pixel. */
    protected abstract int[] order();

    /** log p(x) per example, [N], in nats, for binary x of the event shape. */
    @Override
    public Tensor logProb(Tensor x) {
        Tensor flat = Tensors.rows(x);
        return Bernoulli.logProb(logits(flat), flat);
    }

    /**
     * n draws, pixel by pixel in the model's order, returned as the probabilities p(x_i = 1 | x_<i)
     * each pixel was drawn with (binary draws make noisy pictures; NADE's paper shows these too).
     * D passes of the network; a family with a cheaper step overrides this.
     */
    @Override
    public Tensor sample(long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor x = torch.zeros(n, dimension);
            Tensor probabilities = torch.zeros(n, dimension);
            for (int i : order()) {
                // Each pass frees its own tensors; x and the probabilities are written in place.
                try (PointerScope pass = new PointerScope()) {
                    Tensor p = logitOf(x, i).sigmoid();
                    probabilities.select(1, i).copy_(p);
                    x.select(1, i).copy_(Binarisation.dynamic(p));
                }
            }
            return probabilities.reshape(Tensors.batchShape(n, eventShape));
        }
    }

    @Override
    public Tensor trainingData(Tensor batch) {
        return Binarisation.dynamic(batch);
    }

    @Override
    public Tensor evaluationData(Tensor x) {
        return Binarisation.fixed(x);
    }

    @Override
    public void checkData(Dataset data, String source) {
        Binarisation.checkUnitInterval(data, source, modelName + " (binary pixels)",
                "rescale the data into [0, 1] (e.g. intensities), or use a model of real values such as a flow");
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    @Override
    public int[] eventShape() {
        return eventShape.clone();
    }

    /** 0, 1, ..., D-1: raster order for images. */
    protected static int[] naturalOrder(int dimension) {
        int[] order = new int[dimension];
        for (int i = 0; i < dimension; i++) {
            order[i] = i;
        }
        return order;
    }
}
