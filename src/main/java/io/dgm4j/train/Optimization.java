package io.dgm4j.train;

import io.dgm4j.nn.FlatParameters;
import org.bytedeco.javacpp.DoublePointer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.RMSprop;
import org.bytedeco.pytorch.RMSpropOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The optimizers of a run (libtorch's own Adam/AdamW/RMSprop over each group's parameters packed into one
 * buffer, see {@link FlatParameters}) and the one way a loss becomes an update: check it is
 * finite, back-propagate, clip, step.
 */
public final class Optimization {
    private final List<Optimizer> optimizers = new ArrayList<>();
    private final List<FlatParameters> groups = new ArrayList<>();
    private final double clipGradNorm;
    private long step;

    public Optimization(List<List<Tensor>> parameterGroups, TrainingConfig config) {
        this.clipGradNorm = config.clipGradNorm();
        for (List<Tensor> group : parameterGroups) {
            FlatParameters flat = new FlatParameters(group);
            groups.add(flat);
            TensorVector params = new TensorVector(flat.values());
            double beta1 = config.betasOrDefault().get(0);
            double beta2 = config.betasOrDefault().get(1);
            switch (config.optimizer()) {
                case "adamw" -> {
                    AdamWOptions options = new AdamWOptions(config.learningRate());
                    options.weight_decay().put(config.weightDecay());
                    putBetas(options.betas(), beta1, beta2);
                    optimizers.add(new AdamW(params, options));
                }
                case "rmsprop" -> {
                    RMSpropOptions options = new RMSpropOptions(config.learningRate());
                    options.weight_decay().put(config.weightDecay());
                    optimizers.add(new RMSprop(params, options));
                }
                default -> {
                    AdamOptions options = new AdamOptions(config.learningRate());
                    options.weight_decay().put(config.weightDecay());
                    putBetas(options.betas(), beta1, beta2);
                    optimizers.add(new Adam(params, options));
                }
            }
        }
    }

    /**
     * Writes Adam's (beta1, beta2) into libtorch's {@code std::tuple<double, double>}: libstdc++ lays
     * a tuple out last element first, so beta2 sits at index 0 (measured: a fresh AdamOptions reads
     * 0.999, 0.9).
     */
    static void putBetas(DoublePointer tuple, double beta1, double beta2) {
        tuple.put(0, beta2).put(1, beta1);
    }

    /** The (beta1, beta2) stored in a libtorch betas tuple, see {@link #putBetas}. */
    static double[] betas(DoublePointer tuple) {
        return new double[] {tuple.get(1), tuple.get(0)};
    }

    void setStep(long step) {
        this.step = step;
    }

    /** The 0-based index of the step being taken: what schedules inside an objective (KL warm-up) follow. */
    public long step() {
        return step;
    }

    void setLearningRate(double lr) {
        for (Optimizer o : optimizers) {
            for (long i = 0; i < o.param_groups().size(); i++) {
                o.param_groups().get(i).options().set_lr(lr);
            }
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
        Optimizer optimizer = optimizers.get(group);
        FlatParameters params = groups.get(group);
        params.zeroGradients();
        loss.backward();
        if (clipGradNorm > 0) {
            torch.clip_grad_norm_(params.values(), clipGradNorm);
        }
        optimizer.step();
        return value;
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
