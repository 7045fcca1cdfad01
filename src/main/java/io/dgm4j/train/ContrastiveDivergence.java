package io.dgm4j.train;

import io.dgm4j.models.ebm.Rbm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Contrastive divergence (Hinton 2002) for an RBM, CD-k or persistent (PCD-k, Tieleman 2008). The
 * gradient of the negative log-likelihood is E_data[dF/dtheta] - E_model[dF/dtheta]; the model
 * expectation is replaced by negative samples, k Gibbs steps from the batch (CD) or from chains kept
 * across steps (PCD). Minimising mean F(data) - mean F(negatives), with the negatives held fixed,
 * has exactly that gradient. The first step sets the visible biases from its batch's pixel marginals
 * ({@link Rbm#initialiseVisibleBias} says why); a resumed run does not repeat it. Logged:
 * train_free_energy_gap (that loss, per example, in nats); on held-out data, the one-step
 * reconstruction cross-entropy val_recon_bce (of p(v | h ~ p(h|x))) and val_free_energy, the mean
 * F(x). Neither is the likelihood: eval estimates that with AIS. (A training reconstruction figure
 * would cost two more matrix products a step, a quarter of a CD-1 step, so there is none.)
 */
public final class ContrastiveDivergence implements Objective {
    private static final long NO_REDUCTION = 0;
    private final Rbm model;
    private final PreparedValidationData validationData;

    public ContrastiveDivergence(Rbm model) {
        this.model = model;
        this.validationData = new PreparedValidationData(model::evaluationData);
    }

    @Override
    public List<List<Tensor>> parameterGroups() {
        return List.of(model.parameters().list());
    }

    @Override
    public List<String> trainMetrics() {
        return List.of("train_free_energy_gap");
    }

    @Override
    public List<String> validationMetrics() {
        return List.of("val_free_energy", "val_recon_bce");
    }

    @Override
    public Map<String, Double> step(Tensor batch, Optimization optimization) {
        Tensor x = model.trainingData(batch);
        if (optimization.step() == 0) {
            model.initialiseVisibleBias(x);
        }
        return Map.of("train_free_energy_gap", optimization.minimize(0, loss(model, x)));
    }

    /**
     * mean F(x) - mean F(negatives) for binary data x, the negatives drawn as the RBM's training says (k Gibbs
     * steps from x, or the persistent chains advanced k steps) and held fixed: its gradient is CD's.
     */
    static Tensor loss(Rbm rbm, Tensor x) {
        Tensor negatives = rbm.training().persistent() ? rbm.advanceChains() : rbm.gibbs(x, rbm.training().gibbsSteps());
        return rbm.freeEnergy(x).mean().sub(rbm.freeEnergy(negatives).mean());
    }

    /** Mean over rows of -log p(x | h), h ~ p(h|x): how well one Gibbs step keeps the data. */
    private double reconstructionCrossEntropy(Tensor x) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor h = Rbm.bernoulli(model.hiddenProbabilities(x));
            Tensor logits = torch.addmm(model.visibleBias(), h, model.weight().t());
            return torch.binary_cross_entropy_with_logits(logits, x, new TensorOptional(), new TensorOptional(),
                    NO_REDUCTION).sum(1).mean().item_double();
        }
    }

    @Override
    public Map<String, Double> validate(Tensor data) {
        Tensor x = validationData.of(data);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_free_energy", model.freeEnergy(x).mean().item_double());
        metrics.put("val_recon_bce", reconstructionCrossEntropy(x));
        return metrics;
    }
}
