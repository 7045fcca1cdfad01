package io.dgm4j.models.helmholtz;

import io.dgm4j.data.Binarisation;
import io.dgm4j.data.Dataset;
import io.dgm4j.distributions.Bernoulli;
import io.dgm4j.models.DataRequirements;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentVariableModel;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A Helmholtz machine (Hinton et al. 1995) over binary data x with binary hidden layers h1..hL:
 * the generative model p(hL) p(h_{L-1}|hL) ... p(x|h1), its top layer a factorised Bernoulli with
 * learned logits, and the recognition model q(h1|x) q(h2|h1) ... q(hL|h_{L-1}). Every conditional
 * is a {@link BernoulliLayer}. Hidden states are lists [h1, ..., hL] of [N, units] tensors.
 * Data of any shape is flattened; intensities in [0, 1] are binarised as {@link Binarisation} says.
 */
public final class HelmholtzMachine implements GenerativeModel, LatentVariableModel, DataRequirements {
    /** A joint draw from the generative model: the visible layer [N, D] and the hidden layers. */
    public record Dream(Tensor visible, List<Tensor> hidden) {
    }

    private final Parameters parameters = new Parameters();
    private final int[] eventShape;
    private final int[] units;
    private final Tensor topLogits;
    /** generative.get(i) gives p(layer i | layer i+1), layer 0 being x. */
    private final List<BernoulliLayer> generative = new ArrayList<>();
    /** recognition.get(i) gives q(layer i+1 | layer i). */
    private final List<BernoulliLayer> recognition = new ArrayList<>();

    /** {@code hiddenUnits}: the sizes of h1..hL, bottom to top. */
    public HelmholtzMachine(int[] eventShape, int[] hiddenUnits) {
        this.eventShape = eventShape.clone();
        int visible = 1;
        for (int s : eventShape) {
            visible *= s;
        }
        this.units = new int[hiddenUnits.length + 1];
        units[0] = visible;
        System.arraycopy(hiddenUnits, 0, units, 1, hiddenUnits.length);
        int top = units.length - 1;
        this.topLogits = parameters.add("generative." + layerName(top) + ".logits", BernoulliLayer.uniform(1, units[top]));
        for (int i = 0; i < top; i++) {
            generative.add(new BernoulliLayer(parameters, "generative." + layerName(i), units[i + 1], units[i]));
        }
        for (int i = 0; i < top; i++) {
            recognition.add(new BernoulliLayer(parameters, "recognition." + layerName(i + 1), units[i], units[i + 1]));
        }
    }

    private static String layerName(int layer) {
        return layer == 0 ? "x" : "h" + layer;
    }

    /** The sizes of x (flattened) and h1..hL. */
    public int[] units() {
        return units.clone();
    }

    /** What the wake phase trains: the top logits and p(layer i | layer i+1). */
    public List<Tensor> generativeParameters() {
        List<Tensor> list = new ArrayList<>(List.of(topLogits));
        generative.forEach(layer -> list.addAll(layer.parameters()));
        return list;
    }

    /** What the sleep phase trains: q(layer i+1 | layer i). */
    public List<Tensor> recognitionParameters() {
        List<Tensor> list = new ArrayList<>();
        recognition.forEach(layer -> list.addAll(layer.parameters()));
        return list;
    }

    /** A draw h ~ q(h|x) for flattened binary x [N, D]. */
    public List<Tensor> recognise(Tensor x) {
        List<Tensor> hidden = new ArrayList<>();
        Tensor below = x;
        for (BernoulliLayer layer : recognition) {
            below = layer.sample(below);
            hidden.add(below);
        }
        return hidden;
    }

    /** log q(h|x) per row, [N]. */
    public Tensor logRecognition(Tensor x, List<Tensor> hidden) {
        Tensor total = recognition.get(0).logProb(x, hidden.get(0));
        for (int i = 1; i < recognition.size(); i++) {
            total = total.add(recognition.get(i).logProb(hidden.get(i - 1), hidden.get(i)));
        }
        return total;
    }

    /** log p(x, h) = log p(hL) + sum_i log p(layer i | layer i+1) per row, [N]. */
    public Tensor logJoint(Tensor x, List<Tensor> hidden) {
        int top = hidden.size() - 1;
        Tensor total = Bernoulli.logProb(topLogits.expand(hidden.get(top).size(0), -1), hidden.get(top));
        total = total.add(generative.get(0).logProb(hidden.get(0), x));
        for (int i = 1; i < generative.size(); i++) {
            total = total.add(generative.get(i).logProb(hidden.get(i), hidden.get(i - 1)));
        }
        return total;
    }

    /** n draws of h ~ p(h), top-down. */
    public List<Tensor> sampleHidden(long n) {
        int top = units.length - 1;
        Tensor[] hidden = new Tensor[top];
        hidden[top - 1] = torch.bernoulli(topLogits.sigmoid().expand(n, -1));
        for (int i = top - 2; i >= 0; i--) {
            hidden[i] = generative.get(i + 1).sample(hidden[i + 1]);
        }
        List<Tensor> list = new ArrayList<>();
        Collections.addAll(list, hidden);
        return list;
    }

    /** n joint draws (x, h) ~ p: the sleep phase's fantasies. */
    public Dream dream(long n) {
        List<Tensor> hidden = sampleHidden(n);
        return new Dream(generative.get(0).sample(hidden.get(0)), hidden);
    }

    /** A training batch as the likelihood sees it: flattened and binarised afresh. */
    public Tensor trainingData(Tensor batch) {
        return Binarisation.dynamic(Tensors.rows(batch));
    }

    @Override
    public Tensor evaluationData(Tensor x) {
        return Binarisation.fixed(x);
    }

    @Override
    public Tensor elbo(Tensor x) {
        Tensor flat = Tensors.rows(x);
        List<Tensor> hidden = recognise(flat);
        return logJoint(flat, hidden).sub(logRecognition(flat, hidden));
    }

    @Override
    public Tensor logImportanceWeights(Tensor x, long k) {
        Tensor repeated = repeat(Tensors.rows(x), k);
        List<Tensor> hidden = recognise(repeated);
        return logJoint(repeated, hidden).sub(logRecognition(repeated, hidden)).reshape(k, x.size(0));
    }

    @Override
    public Tensor logLikelihoodsUnderPrior(Tensor x, long k) {
        Tensor repeated = repeat(Tensors.rows(x), k);
        List<Tensor> hidden = sampleHidden(repeated.size(0));
        return generative.get(0).logProb(hidden.get(0), repeated).reshape(k, x.size(0));
    }

    /** [N, D] as [k * N, D]: k copies, copy-major, so that a reshape to [k, N, ...] separates the draws. */
    private static Tensor repeat(Tensor flat, long k) {
        return flat.unsqueeze(0).expand(k, flat.size(0), flat.size(1)).reshape(k * flat.size(0), flat.size(1));
    }

    @Override
    public void checkData(Dataset data, String source) {
        Binarisation.checkUnitInterval(data, source, "Helmholtz machine (binary units)",
                "rescale the data into [0, 1] (e.g. intensities), or use a model of real values such as vae");
    }

    /** Dreamed x as pixel probabilities p(x|h1), h ~ p(h): binary draws make noisy pictures. */
    @Override
    public Tensor sample(long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor probabilities = generative.get(0).logits(sampleHidden(n).get(0)).sigmoid();
            return probabilities.reshape(Tensors.batchShape(n, eventShape));
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
