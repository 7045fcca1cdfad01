package io.dgm4j.models.gan;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.Dataset;
import io.dgm4j.models.ClassConditional;
import io.dgm4j.models.DataRequirements;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentDecoder;
import io.dgm4j.nn.MinibatchStd;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * A generative adversarial network: a generator G(z) with z ~ N(0, I) and a critic scoring
 * examples (a logit, or a Wasserstein critic's value). Images are in [0, 1] as data and in
 * [-1, 1] inside the model (the generators end in tanh), so {@link #sample} returns data units
 * like every other model; vector data is used as is. A conditional GAN (cgan) feeds a one-hot
 * label to both players (a convolutional critic gets it as constant planes beside the image). There
 * is no density: the adversarial objective trains it.
 */
public final class Gan implements GenerativeModel, LatentDecoder, ClassConditional, DataRequirements {

    private final Parameters params;
    private final GanNet generator;
    private final GanNet critic;
    private final int latent;
    private final int[] eventShape;
    private final int classes;
    private final boolean flatCritic;
    private final boolean minibatchStd;
    private final GanTraining training;

    /**
     * @param classes      number of label classes of a conditional GAN, 0 for an unconditional one
     * @param flatCritic   the critic takes flattened examples [N, D] (MLP and toy critics), else [N, C, H, W]
     * @param minibatchStd append the minibatch standard deviation feature to the critic's input
     */
    Gan(Parameters params, GanNet generator, GanNet critic, int latent, int[] eventShape, int classes,
        boolean flatCritic, boolean minibatchStd, GanTraining training) {
        this.params = params;
        this.generator = generator;
        this.critic = critic;
        this.latent = latent;
        this.eventShape = eventShape.clone();
        this.classes = classes;
        this.flatCritic = flatCritic;
        this.minibatchStd = minibatchStd;
        this.training = training;
    }

    public GanTraining training() {
        return training;
    }

    public boolean conditional() {
        return classes > 0;
    }

    public int latentDimension() {
        return latent;
    }

    /** Images are scaled to [-1, 1] inside the model. */
    private boolean images() {
        return eventShape.length == 3;
    }

    /** Data units to the model's scale (x -> 2x - 1 for images). */
    public Tensor toModelScale(Tensor data) {
        return images() ? data.mul(new Scalar(2.0)).sub(new Scalar(1.0)) : data;
    }

    /** The model's scale back to data units ((x + 1) / 2 for images). */
    public Tensor toDataScale(Tensor x) {
        return images() ? x.add(new Scalar(1.0)).mul(new Scalar(0.5)) : x;
    }

    /** G(z) in the model's scale, [N, ...event shape]; {@code labels} [N] (int64) for a conditional GAN, else null. */
    public Tensor generate(Tensor z, Tensor labels, boolean train) {
        return generator.forward(conditional() ? torch.cat(new TensorVector(z, oneHot(labels)), 1) : z, train);
    }

    /** Critic scores [N] of examples in the model's scale. */
    public Tensor score(Tensor x, Tensor labels, boolean train) {
        Tensor input = flatCritic ? x.flatten(1, -1) : x;
        if (minibatchStd) {
            input = MinibatchStd.append(input);
        }
        if (conditional()) {
            Tensor oneHot = oneHot(labels);
            if (!flatCritic) {
                // a convolutional critic sees the label as K constant planes beside the image's channels
                long[] shape = Tensors.shape(input);
                oneHot = oneHot.view(shape[0], classes, 1, 1).expand(new long[] {shape[0], classes, shape[2], shape[3]});
            }
            input = torch.cat(new TensorVector(input, oneHot), 1);
        }
        return critic.forward(input, train);
    }

    private Tensor oneHot(Tensor labels) {
        if (labels == null) {
            throw new IllegalStateException("a conditional GAN needs labels");
        }
        return torch.one_hot(labels, classes).to(torch.ScalarType.Float);
    }

    /** Balanced labels 0, 1, ..., classes-1, 0, 1, ... for n conditional samples; null when unconditional. */
    public Tensor sampleLabels(long n) {
        return conditional() ? torch.arange(new Scalar(n)).remainder(new Scalar(classes)) : null;
    }

    /** n samples in data units, classes cycling through every label for a conditional GAN (batch norm in eval mode). */
    @Override
    public Tensor sample(long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return toDataScale(generate(sampleLatent(n), sampleLabels(n), false));
        }
    }

    /** G(z) in data units; a conditional GAN draws class 0, so that an interpolation walks within one class. */
    @Override
    public Tensor decode(Tensor z) {
        return conditional() ? decode(z, 0) : decode(z, null);
    }

    private Tensor decode(Tensor z, Integer label) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor labels = label == null ? null
                    : torch.full(new long[] {z.size(0)}, new Scalar(label)).to(torch.ScalarType.Long);
            return toDataScale(generate(z, labels, false));
        }
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public LatentDecoder ofClass(int label) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " is not one of this GAN's " + classes + " classes");
        }
        Gan gan = this;
        return new LatentDecoder() {
            @Override
            public Tensor decode(Tensor z) {
                return gan.decode(z, label);
            }

            @Override
            public Tensor sampleLatent(long n) {
                return gan.sampleLatent(n);
            }
        };
    }

    @Override
    public Tensor sampleLatent(long n) {
        return torch.randn(n, latent);
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public int[] eventShape() {
        return eventShape.clone();
    }

    /** The critic's trainable tensors (the first optimizer's group). */
    public List<Tensor> criticParameters() {
        return group("critic.");
    }

    /** The generator's trainable tensors (the second optimizer's group). */
    public List<Tensor> generatorParameters() {
        return group("generator.");
    }

    private List<Tensor> group(String prefix) {
        List<Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                tensors.add(e.getValue());
            }
        }
        return tensors;
    }

    /** A conditional GAN needs labels below its number of classes. */
    @Override
    public void checkData(Dataset data, String source) {
        if (!conditional()) {
            return;
        }
        int[] labels = data.labels();
        if (labels == null) {
            throw new InvalidInputException("a conditional GAN needs labelled data, but '" + source + "' has no labels: "
                    + "use a labelled dataset (e.g. mnist, 8gaussians, or a CSV whose header names a column 'label') or an "
                    + "unconditional model (e.g. --model gan)");
        }
        int smallest = Arrays.stream(labels).min().orElse(0);
        int largest = Arrays.stream(labels).max().orElse(0);
        if (smallest < 0) {
            throw new InvalidInputException("'" + source + "' has label " + smallest + ": a conditional GAN's labels are "
                    + "classes 0, 1, 2, ...; relabel the data");
        }
        if (largest >= classes) {
            throw new InvalidInputException("'" + source + "' has labels up to " + largest + " but the conditional GAN has "
                    + classes + " classes: give it data with labels below " + classes + ", or train it with --opt classes="
                    + (largest + 1) + " (or without --opt classes, so that the data's labels set it)");
        }
    }
}
