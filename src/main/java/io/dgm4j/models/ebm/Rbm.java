package io.dgm4j.models.ebm;

import io.dgm4j.data.Binarisation;
import io.dgm4j.data.Dataset;
import io.dgm4j.models.DataRequirements;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Tensors;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * A restricted Boltzmann machine over binary visible units v [V] and binary hidden units h [H]:
 * energy E(v, h) = -v.b - h.c - v W h, p(v, h) = exp(-E) / Z. Summing out h gives the free energy
 * F(v) = -v.b - sum_j softplus(c_j + (v W)_j), so p(v) = exp(-F(v)) / Z, with Z intractable beyond
 * tiny models (see eval.AnnealedImportanceSampling). Both conditionals factorise, which makes block
 * Gibbs sampling v -> h -> v cheap. Data of any shape is flattened; intensities in [0, 1] are
 * binarised as {@link Binarisation} says.
 *
 * <p>With persistent contrastive divergence the model carries its fantasy particles (the negative
 * chains) as a buffer, so a checkpoint holds them and a resumed run continues the same chains.
 */
public final class Rbm implements GenerativeModel, DataRequirements {
    /**
     * How the model is trained and sampled.
     *
     * @param gibbsSteps  k of CD-k / PCD-k: Gibbs steps per negative sample
     * @param persistent  PCD: negative chains continue from step to step instead of restarting at the data
     * @param chains      number of persistent chains (PCD only)
     * @param sampleSteps Gibbs steps from random noise for {@link #sample}
     */
    public record Training(int gibbsSteps, boolean persistent, int chains, int sampleSteps) {
    }

    private static final double INIT_STD = 0.01;
    private final Parameters parameters;
    private final int[] eventShape;
    private final Training training;
    private final Tensor weight;
    private final Tensor visibleBias;
    private final Tensor hiddenBias;
    private final Tensor persistentChains;

    /**
     * Weights ~ N(0, 0.01^2) and zero biases, as Hinton's practical guide to training RBMs advises;
     * training then starts the visible biases at the data's marginals ({@link #initialiseVisibleBias}).
     */
    public Rbm(int[] eventShape, int hidden, Training training) {
        this(new Parameters(), "", eventShape, hidden, training);
    }

    /** An RBM whose tensors are registered in {@code parameters} under {@code prefix} (a layer of a deeper model). */
    public Rbm(Parameters parameters, String prefix, int[] eventShape, int hidden, Training training) {
        this.parameters = parameters;
        this.eventShape = eventShape.clone();
        this.training = training;
        int visible = 1;
        for (int s : eventShape) {
            visible *= s;
        }
        this.weight = parameters.add(prefix + "weight", torch.randn(visible, hidden).mul(new Scalar(INIT_STD)));
        this.visibleBias = parameters.add(prefix + "visible_bias", torch.zeros(visible));
        this.hiddenBias = parameters.add(prefix + "hidden_bias", torch.zeros(hidden));
        this.persistentChains = training.persistent()
                ? parameters.addBuffer(prefix + "persistent_chains", torch.bernoulli(torch.full(
                        new long[] {training.chains(), visible}, new Scalar(0.5))))
                : null;
    }

    /** W, b and c: what contrastive divergence trains. */
    public List<Tensor> trainable() {
        return List.of(weight, visibleBias, hiddenBias);
    }

    public Training training() {
        return training;
    }

    public int visibleUnits() {
        return (int) weight.size(0);
    }

    public int hiddenUnits() {
        return (int) weight.size(1);
    }

    /** W [V, H]. */
    public Tensor weight() {
        return weight;
    }

    /** b [V]. */
    public Tensor visibleBias() {
        return visibleBias;
    }

    /** c [H]. */
    public Tensor hiddenBias() {
        return hiddenBias;
    }

    /** F(v) per row of v [N, V], [N]: -log sum_h exp(-E(v, h)). */
    public Tensor freeEnergy(Tensor v) {
        Tensor visibleTerm = v.matmul(visibleBias);
        Tensor hiddenTerm = torch.softplus(torch.addmm(hiddenBias, v, weight)).sum(1);
        return visibleTerm.add(hiddenTerm).neg();
    }

    /** p(h_j = 1 | v) = sigmoid(c + v W), [N, H]. */
    public Tensor hiddenProbabilities(Tensor v) {
        return torch.addmm(hiddenBias, v, weight).sigmoid();
    }

    /** p(v_i = 1 | h) = sigmoid(b + W h), [N, V]. */
    public Tensor visibleProbabilities(Tensor h) {
        return torch.addmm(visibleBias, h, weight.t()).sigmoid();
    }

    /** k steps of block Gibbs sampling v -> h -> v from binary v [N, V], without gradients: binary [N, V]. */
    public Tensor gibbs(Tensor v, int steps) {
        try (NoGradGuard guard = new NoGradGuard()) {
            // Each step frees its own tensors; the chain's state lives in a vector made outside the
            // step scopes. Without this, the 1000 sampling steps of eval --sample-quality on 1000
            // chains held all their intermediates at once: 22 GB resident.
            TensorVector chain = new TensorVector(v);
            for (int i = 0; i < steps; i++) {
                try (PointerScope step = new PointerScope()) {
                    chain.put(0, bernoulli(visibleProbabilities(bernoulli(hiddenProbabilities(chain.get(0))))));
                }
            }
            return chain.get(0);
        }
    }

    /** n chains of binary visible states after {@code steps} Gibbs steps from uniform noise, [n, V]. */
    public Tensor gibbsFromNoise(long n, int steps) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return gibbs(bernoulli(torch.full(new long[] {n, visibleUnits()}, new Scalar(0.5))), steps);
        }
    }

    /** The persistent chains (PCD), [chains, V]; advanced in place with {@link #advanceChains}. */
    public Tensor persistentChains() {
        if (persistentChains == null) {
            throw new IllegalStateException("this RBM trains by CD, which keeps no persistent chains");
        }
        return persistentChains;
    }

    /** Runs the persistent chains k Gibbs steps further and returns them (the buffer itself). */
    public Tensor advanceChains() {
        Tensor advanced = gibbs(persistentChains(), training.gibbsSteps());
        try (NoGradGuard guard = new NoGradGuard()) {
            persistentChains.copy_(advanced);
        }
        return persistentChains;
    }

    /**
     * The logits of the columns' marginals of binary rows [N, V], kept inside [1/(N+2), (N+1)/(N+2)]
     * (add-one smoothing), so that no pixel that is always off gets an infinite bias: [V].
     */
    public static Tensor logitsOfMarginals(Tensor binaryRows) {
        long n = binaryRows.size(0);
        Tensor p = binaryRows.sum(0).add(new Scalar(1)).div(new Scalar(n + 2.0));
        return torch.log(p).sub(torch.log1p(p.neg()));
    }

    /**
     * Sets b to the logits of the data's pixel marginals, as Hinton's practical guide advises. Why it
     * matters: contrastive divergence barely moves the bias of a pixel that is always off (its data and
     * its reconstructions agree), so from b = 0 such pixels stay at p = 1/2 in a high-entropy mode of
     * noise images with the hidden units off, which CD's negatives never visit. That mode held more
     * probability than the digits after 10 epochs on MNIST (its mass alone, log Z >= sum softplus(b),
     * exceeded AIS's estimate by 35 nats).
     */
    public void initialiseVisibleBias(Tensor binaryRows) {
        try (NoGradGuard guard = new NoGradGuard()) {
            visibleBias.copy_(logitsOfMarginals(binaryRows));
        }
    }

    /**
     * A lower bound on log Z that needs no sampling: the mass of the states with all hidden units off,
     * sum_i softplus(b_i), or of those with all visible units off, sum_j softplus(c_j), whichever is
     * larger. An estimate of log Z below it is certainly wrong (AIS chains that missed a mode).
     */
    public double logPartitionLowerBound() {
        try (NoGradGuard guard = new NoGradGuard()) {
            return Math.max(torch.softplus(visibleBias).sum().item_double(),
                    torch.softplus(hiddenBias).sum().item_double());
        }
    }

    /** A draw of binary units with the given probabilities (a vectorised comparison, as in Binarisation). */
    public static Tensor bernoulli(Tensor probabilities) {
        return Binarisation.dynamic(probabilities);
    }

    /** A training batch as the model sees it: flattened and binarised afresh. */
    public Tensor trainingData(Tensor batch) {
        return Binarisation.dynamic(Tensors.rows(batch));
    }

    /** Held-out data as the likelihood is evaluated on it: flattened, with a fixed binarisation. */
    public Tensor evaluationData(Tensor x) {
        return Tensors.rows(Binarisation.fixed(x));
    }

    @Override
    public void checkData(Dataset data, String source) {
        Binarisation.checkUnitInterval(data, source, "restricted Boltzmann machine (binary units)",
                "rescale the data into [0, 1] (e.g. intensities), or use a model of real values such as realnvp");
    }

    /**
     * n draws after {@link Training#sampleSteps} Gibbs steps from uniform noise, shown as the pixel
     * probabilities p(v|h) of the last hidden state: binary draws make noisy pictures.
     */
    @Override
    public Tensor sample(long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor v = gibbsFromNoise(n, training.sampleSteps());
            Tensor probabilities = visibleProbabilities(bernoulli(hiddenProbabilities(v)));
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
