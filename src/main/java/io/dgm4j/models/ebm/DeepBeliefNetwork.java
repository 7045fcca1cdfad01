package io.dgm4j.models.ebm;

import io.dgm4j.data.Binarisation;
import io.dgm4j.distributions.Bernoulli;
import io.dgm4j.data.Dataset;
import io.dgm4j.models.DataRequirements;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A deep belief network (Hinton, Osindero and Teh 2006): a stack of RBMs trained greedily, layer l on
 * the hidden units that the layers below it infer from the data. As a generative model the top two
 * layers h_{L-1}, h_L are the top RBM (undirected), and each layer below is a directed sigmoid belief
 * net, p(h_{l-1} | h_l) = the conditional of RBM l's visible units (h_0 = v):
 *
 * <pre>p(v) = sum_{h_1..h_{L-1}} p(v | h_1) ... p(h_{L-2} | h_{L-1}) p_top(h_{L-1}),
 *   p_top(h) = exp(-F_top(h)) / Z_top.</pre>
 *
 * The RBMs' hidden conditionals q(h_l | h_{l-1}) are the recognition model: {@link #logImportanceWeights}
 * and eval use them as the proposal of the variational and importance-sampled bounds on log p(v)
 * (Salakhutdinov and Murray 2008), with Z_top from AIS.
 *
 * <p>Layer l trains during steps [l * layerSteps, (l + 1) * layerSteps); the top layer then keeps
 * training to the end of the run (see train.GreedyLayerwiseTraining).
 */
public final class DeepBeliefNetwork implements GenerativeModel, DataRequirements {
    private final Parameters parameters = new Parameters();
    private final int[] eventShape;
    private final Rbm[] layers;
    private final int layerSteps;
    private final int sampleSteps;

    /**
     * @param units      hidden units of each RBM, bottom first (at least two RBMs)
     * @param training   CD-k / PCD settings shared by every layer's RBM; its sampleSteps are the Gibbs
     *                   steps in the top RBM per drawn sample
     */
    public DeepBeliefNetwork(int[] eventShape, int[] units, Rbm.Training training, int layerSteps) {
        if (units.length < 2) {
            throw new IllegalArgumentException("a deep belief network stacks at least two RBMs");
        }
        this.eventShape = eventShape.clone();
        this.layerSteps = layerSteps;
        this.sampleSteps = training.sampleSteps();
        layers = new Rbm[units.length];
        int[] visibleShape = eventShape;
        for (int l = 0; l < units.length; l++) {
            layers[l] = new Rbm(parameters, "layer" + (l + 1) + ".", visibleShape, units[l], training);
            visibleShape = new int[] {units[l]};
        }
    }

    public int depth() {
        return layers.length;
    }

    public Rbm layer(int l) {
        return layers[l];
    }

    public Rbm top() {
        return layers[layers.length - 1];
    }

    public int layerSteps() {
        return layerSteps;
    }

    /** The layer that trains at a step: each for layerSteps steps, the top one from then on. */
    public int trainingLayer(long step) {
        return (int) Math.min(layers.length - 1, step / layerSteps);
    }

    /**
     * What RBM {@code layer} is trained on: binary data passed up through the layers below it, each
     * unit drawn from q(h_l | h_{l-1}) (Hinton's recipe), without gradients.
     */
    public Tensor representation(Tensor binaryData, int layer) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor h = binaryData;
            for (int l = 0; l < layer; l++) {
                h = Rbm.bernoulli(layers[l].hiddenProbabilities(h));
            }
            return h;
        }
    }

    /**
     * log p(v, h_k) - log q(h_k | v) for k draws of h_1..h_{L-1} from the recognition model per row of binary
     * v [N, V], [k, N], with the top RBM's h_L summed out (its free energy) and its normaliser given as
     * {@code logZTop}. Their mean is the variational lower bound on log p(v), their log-mean-exp the
     * k-sample importance-weighted one.
     */
    public Tensor logImportanceWeights(Tensor v, long k, double logZTop) {
        try (NoGradGuard guard = new NoGradGuard()) {
            long n = v.size(0);
            Tensor below = v.unsqueeze(0).expand(new long[] {k, n, v.size(1)}).reshape(k * n, v.size(1));
            Tensor logWeight = torch.zeros(k * n);
            for (int l = 0; l < layers.length - 1; l++) {
                Tensor upLogits = torch.addmm(layers[l].hiddenBias(), below, layers[l].weight());
                Tensor h = Rbm.bernoulli(upLogits.sigmoid());
                Tensor downLogits = torch.addmm(layers[l].visibleBias(), h, layers[l].weight().t());
                logWeight = logWeight.add(Bernoulli.logProb(downLogits, below)).sub(Bernoulli.logProb(upLogits, h));
                below = h;
            }
            return logWeight.sub(top().freeEnergy(below)).sub(new Scalar(logZTop)).view(k, n);
        }
    }

    /**
     * Held-out reconstructions: v up to the top RBM's hidden units and back down, through the
     * conditionals' probabilities (mean field); the logits of the pixels [N, V].
     */
    public Tensor reconstructionLogits(Tensor v) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor h = v;
            for (Rbm layer : layers) {
                h = layer.hiddenProbabilities(h);
            }
            for (int l = layers.length - 1; l > 0; l--) {
                h = layers[l].visibleProbabilities(h);
            }
            return torch.addmm(layers[0].visibleBias(), h, layers[0].weight().t());
        }
    }

    /** A training batch as the model sees it: flattened and binarised afresh. */
    public Tensor trainingData(Tensor batch) {
        return layers[0].trainingData(batch);
    }

    /** Held-out data as the likelihood is evaluated on it: flattened, with a fixed binarisation. */
    public Tensor evaluationData(Tensor x) {
        return layers[0].evaluationData(x);
    }

    @Override
    public void checkData(Dataset data, String source) {
        Binarisation.checkUnitInterval(data, source, "deep belief network (binary units)",
                "rescale the data into [0, 1] (e.g. intensities), or use a model of real values such as realnvp");
    }

    /**
     * n draws: sampleSteps Gibbs steps in the top RBM from uniform noise, then one ancestral pass down
     * the directed layers, shown as the pixel probabilities p(v | h_1).
     */
    @Override
    public Tensor sample(long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor h = top().gibbsFromNoise(n, sampleSteps);
            for (int l = layers.length - 2; l > 0; l--) {
                h = Rbm.bernoulli(layers[l].visibleProbabilities(h));
            }
            return layers[0].visibleProbabilities(h).reshape(Tensors.batchShape(n, eventShape));
        }
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    @Override
    public int[] eventShape() {
        return eventShape.clone();
    }
}
