package io.dgm4j.train;

import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * What one training step of a model family does. The trainer owns the loop, data order,
 * schedules, checkpoints and logs; the objective owns the losses. A family with several
 * players (a GAN's critic and generator) declares one parameter group per optimizer.
 */
public interface Objective {
    /** The parameters of each optimizer, in order. */
    List<List<Tensor>> parameterGroups();

    /**
     * Names of the scalars {@link #step} returns, e.g. train_loss. A step may leave out one it did not
     * measure (a GAN's generator figures on critic-only steps): metrics.csv averages each over the
     * steps that reported it, and leaves the cell empty when none did.
     */
    List<String> trainMetrics();

    /** Names of the scalars {@link #validate} returns, e.g. val_nll. */
    List<String> validationMetrics();

    /** One step on a batch: compute losses and hand each to {@code optimization.minimize}. */
    Map<String, Double> step(Tensor batch, Optimization optimization);

    /** Held-out metrics, computed without gradients ({@code data} is null when {@link #usesData} is false). */
    Map<String, Double> validate(Tensor data);

    /**
     * True for objectives that need the examples' labels (a conditional GAN): the trainer then calls
     * {@link #step(Tensor, Tensor, Optimization)} and {@link #validate(Tensor, Tensor)} with them.
     */
    default boolean usesLabels() {
        return false;
    }

    /** One step on a batch and its labels [B] (int64); only called when {@link #usesLabels} is true. */
    default Map<String, Double> step(Tensor batch, Tensor labels, Optimization optimization) {
        return step(batch, optimization);
    }

    /** Held-out metrics with the held-out labels [M]; only called when {@link #usesLabels} is true. */
    default Map<String, Double> validate(Tensor data, Tensor labels) {
        return validate(data);
    }

    /**
     * False for objectives that draw their own samples (reverse KL against an energy, density
     * distillation): the trainer then passes a null batch to {@link #step} and null to {@link #validate}.
     */
    default boolean usesData() {
        return true;
    }
}
