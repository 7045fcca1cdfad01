package io.dgm4j.train;

import io.dgm4j.nn.FlatParameters;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The optimizers of a run (Adam and AdamW as libtorch's fused kernel, {@link FusedAdam}; RMSprop and
 * SGD as libtorch's), each over one group's parameters packed into one buffer (see {@link FlatParameters}),
 * and the one way a loss becomes an update: check it is finite, back-propagate, clip, step.
 */
public final class Optimization {
    private final List<ParameterUpdate> optimizers = new ArrayList<>();
    private final List<FlatParameters> groups = new ArrayList<>();
    private final double clipGradNorm;
    private long step;

    public Optimization(List<List<Tensor>> parameterGroups, TrainingConfig config) {
        this.clipGradNorm = config.clipGradNorm();
        for (List<Tensor> group : parameterGroups) {
            FlatParameters flat = new FlatParameters(group);
            groups.add(flat);
            double lr = config.learningRate();
            double beta1 = config.betasOrDefault().get(0);
            double beta2 = config.betasOrDefault().get(1);
            optimizers.add(switch (config.optimizer()) {
                case "adamw" -> new FusedAdam(flat, lr, beta1, beta2, config.weightDecay(), true);
                case "rmsprop" -> LibtorchOptimizer.rmsprop(flat, lr, config.weightDecay());
                case "sgd" -> LibtorchOptimizer.sgd(flat, lr, config.momentum(), config.weightDecay());
                default -> new FusedAdam(flat, lr, beta1, beta2, config.weightDecay(), false);
            });
        }
    }

    void setStep(long step) {
        this.step = step;
    }

    /** The 0-based index of the step being taken: what schedules inside an objective (KL warm-up) follow. */
    public long step() {
        return step;
    }

    void setLearningRate(double lr) {
        for (ParameterUpdate o : optimizers) {
            o.setLearningRate(lr);
        }
    }

    /**
     * Updates group {@code group} to decrease {@code loss}; returns the loss value.
     *
     * @throws TrainingDivergedException before touching the parameters if the loss is NaN or infinite
     *         (the trainer adds what the user can do about it)
     */
    public double minimize(int group, Tensor loss) {
        double value = loss.item_double();
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException("the training loss became " + value + " at step " + (step + 1));
        }
        ParameterUpdate optimizer = optimizers.get(group);
        FlatParameters params = groups.get(group);
        params.zeroGradients();
        if (groups.size() == 1) {
            loss.backward();
        } else {
            // Only to this group's parameters: a GAN's generator loss also reaches the critic's weights,
            // whose gradients (a convolution's weight gradient each) nobody would read. With one group
            // there is nothing to skip, and naming the inputs would cost the engine a search of the graph.
            torch.backward(new TensorVector(loss), new TensorVector(), new BoolOptional(), false, params.parameters());
        }
        if (clipGradNorm > 0) {
            torch.clip_grad_norm_(params.values(), clipGradNorm);
        }
        optimizer.step();
        return value;
    }

    /**
     * The norm of the gradient that group {@code group}'s last update used (after --clip-grad, if set).
     * Costs one pass over the group's gradients, so objectives ask for it only where it tells something.
     */
    public double gradientNorm(int group) {
        return groups.get(group).gradientNorm();
    }

    void save(OutputArchive archive) {
        for (int i = 0; i < optimizers.size(); i++) {
            OutputArchive sub = new OutputArchive();
            optimizers.get(i).save(sub);
            archive.write("optimizer" + i, sub);
        }
    }

    void load(InputArchive archive) {
        for (int i = 0; i < optimizers.size(); i++) {
            InputArchive sub = new InputArchive();
            archive.read("optimizer" + i, sub);
            optimizers.get(i).load(sub);
        }
    }
}
