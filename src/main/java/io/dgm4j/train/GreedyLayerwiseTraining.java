package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ebm.DeepBeliefNetwork;
import io.dgm4j.models.ebm.Rbm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Greedy layer-wise training of a deep belief network (Hinton et al. 2006): RBM l learns by contrastive
 * divergence (CD-k or PCD-k, as {@link ContrastiveDivergence}) on the representation the frozen layers
 * below infer from each batch, during its own block of steps; the top RBM then trains to the end of the
 * run. Each RBM has its own optimizer, so a frozen layer keeps no momentum. When a layer's block starts,
 * its visible biases are set from the marginals of that first batch, as for a single RBM. Logged:
 * train_free_energy_gap_L for layer L (1-based) on the steps that train it, so that a metrics row
 * spanning a layer's switch averages each layer's gap over its own steps (and a row of one layer's
 * steps leaves the others' empty); on held-out data val_recon_bce, the cross-entropy of
 * reconstructions up to the top and back down (eval estimates the likelihood).
 */
public final class GreedyLayerwiseTraining implements Objective {
    private static final long NO_REDUCTION = 0;
    private final DeepBeliefNetwork model;
    private final PreparedValidationData validationData;

    /** @param totalSteps the run's steps: every layer must get its block, and the top layer at least one step */
    public GreedyLayerwiseTraining(DeepBeliefNetwork model, long totalSteps) {
        long needed = (long) (model.depth() - 1) * model.layerSteps() + 1;
        if (totalSteps < needed) {
            throw new InvalidInputException("a deep belief network of " + model.depth() + " RBMs trains each below the "
                    + "top for layer-steps=" + model.layerSteps() + " steps, so it needs at least " + needed
                    + " steps, not " + totalSteps + ": raise --steps (or --epochs) or lower --opt layer-steps");
        }
        this.model = model;
        this.validationData = new PreparedValidationData(model::evaluationData);
    }

    @Override
    public List<List<Tensor>> parameterGroups() {
        List<List<Tensor>> groups = new ArrayList<>();
        for (int l = 0; l < model.depth(); l++) {
            groups.add(model.layer(l).trainable());
        }
        return groups;
    }

    @Override
    public List<String> trainMetrics() {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < model.depth(); l++) {
            names.add(gapOf(l));
        }
        return names;
    }

    /** The metric of layer {@code l} (0-based). */
    private static String gapOf(int l) {
        return "train_free_energy_gap_" + (l + 1);
    }

    @Override
    public List<String> validationMetrics() {
        return List.of("val_recon_bce");
    }

    @Override
    public Map<String, Double> step(Tensor batch, Optimization optimization) {
        int layer = model.trainingLayer(optimization.step());
        Rbm rbm = model.layer(layer);
        Tensor x = model.representation(model.trainingData(batch), layer);
        if (optimization.step() == (long) layer * model.layerSteps()) {
            rbm.initialiseVisibleBias(x);
        }
        double gap = optimization.minimize(layer, ContrastiveDivergence.loss(rbm, x));
        return Map.of(gapOf(layer), gap);
    }

    @Override
    public Map<String, Double> validate(Tensor data) {
        Tensor x = validationData.of(data);
        double bce = torch.binary_cross_entropy_with_logits(model.reconstructionLogits(x), x, new TensorOptional(),
                new TensorOptional(), NO_REDUCTION).sum(1).mean().item_double();
        return Map.of("val_recon_bce", bce);
    }
}
