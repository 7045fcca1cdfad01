package io.dgm4j.train;

import io.dgm4j.data.Batches;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.MixedPrecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The one training loop for every family. Per step: the batch given by the seeded permutation of
 * its epoch, the scheduled learning rate, the objective's update, all inside a native memory
 * scope so resident memory stays flat, and in the configured precision (fp32, or bf16 autocast).
 * Every {@code evalEvery} steps, always in fp32: validation, a metrics.csv row and an atomic
 * checkpoint. Because the data order and the learning rate are functions of
 * (seed, step) and the checkpoint holds optimizer and generator state, a resumed run continues
 * exactly as if it had never stopped.
 */
public final class Trainer {
    /**
     * What a finished (or resumed-and-finished) training reports. {@code trainSeconds} is the whole run's, every
     * session's together (as metrics.csv's elapsed_s); {@code stepsPerSecond} counts this session's whole loop,
     * validations, checkpoints and snapshots included; {@code optimisationStepsPerSecond} this session's
     * optimisation steps alone, which is what the Python references in bench/ time.
     */
    public record Result(long steps, double trainSeconds, double stepsPerSecond, double optimisationStepsPerSecond,
                         Map<String, Double> lastMetrics) {
    }

    private final RunFolder run;
    private final TrainingConfig config;
    private final Objective objective;
    private final Parameters parameters;
    private final ProgressBar progress;
    private LongConsumer afterEvaluation = step -> { };

    public Trainer(RunFolder run, TrainingConfig config, Objective objective, Parameters parameters,
                   ProgressBar progress) {
        this.run = run;
        this.config = config;
        this.objective = objective;
        this.parameters = parameters;
        this.progress = progress;
    }

    /** Called after each evaluation and checkpoint, e.g. to snapshot samples. */
    public Trainer afterEvaluation(LongConsumer hook) {
        this.afterEvaluation = hook;
        return this;
    }

    /**
     * Trains from step 0, or from the run's checkpoint when {@code resume} is set.
     *
     * @param train      [N, ...] training examples (null for an objective that does not use data)
     * @param validation [M, ...] held-out examples; with M = 0 validation is skipped (null: no data)
     */
    public Result fit(Tensor train, Tensor validation, boolean resume) {
        return fit(train, null, validation, null, resume);
    }

    /**
     * As {@link #fit(Tensor, Tensor, boolean)}, with the examples' labels ([N] and [M], int64), which
     * an objective that {@link Objective#usesLabels uses labels} needs and the others ignore.
     */
    public Result fit(Tensor train, Tensor trainLabels, Tensor validation, Tensor validationLabels, boolean resume) {
        boolean usesLabels = objective.usesLabels();
        if (usesLabels && (trainLabels == null || validationLabels == null)) {
            throw new IllegalArgumentException("the objective needs labels");
        }
        Optimization optimization = new Optimization(objective.parameterGroups(), config);
        List<String> columns = new ArrayList<>(objective.trainMetrics());
        columns.addAll(objective.validationMetrics());
        MetricsLog log = new MetricsLog(run.file("metrics.csv"), columns);
        long step = 0;
        double elapsedBefore = 0;
        if (resume) {
            step = Checkpoint.load(run.checkpointFile(), parameters, optimization);
            elapsedBefore = log.truncateAfter(step);
        } else {
            log.create();
        }
        boolean usesData = objective.usesData();
        int n = usesData ? (int) train.size(0) : 0;
        // Without data there are no epochs; the metrics' epoch column then counts evaluations.
        int batchesPerEpoch = usesData ? Batches.batchesPerEpoch(n, config.batchSize(), true)
                : (int) Math.min(Integer.MAX_VALUE, config.evalEvery());
        long firstStep = step;
        progress.start(step);
        long start = System.nanoTime();
        Map<String, Double> sums = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Double> last = Map.of();
        String statusLine = "";
        Tensor order = null;
        long orderEpoch = -1;
        double lr = Double.NaN;
        long optimisationNanos = 0;
        while (step < config.steps()) {
            long epoch = step / batchesPerEpoch;
            if (usesData && epoch != orderEpoch) {
                order = permutation(n, epoch);
                orderEpoch = epoch;
            }
            double stepLr = LearningRateSchedule.at(config, step);
            if (stepLr != lr) {
                optimization.setLearningRate(stepLr);
                lr = stepLr;
            }
            optimization.setStep(step);
            long stepStart = System.nanoTime();
            try (PointerScope scope = new PointerScope();
                 MixedPrecision precision = MixedPrecision.enter(config.precisionOrDefault())) {
                long offset = (step % batchesPerEpoch) * config.batchSize();
                Tensor indices = usesData ? order.narrow(0, offset, config.batchSize()) : null;
                Tensor batch = usesData ? train.index_select(0, indices) : null;
                Map<String, Double> metrics = usesLabels
                        ? objective.step(batch, trainLabels.index_select(0, indices), optimization)
                        : objective.step(batch, optimization);
                metrics.forEach((k, v) -> {
                    sums.merge(k, v, Double::sum);
                    counts.merge(k, 1, Integer::sum);
                });
            } catch (TrainingDivergedException e) {
                throw diverged(e.getMessage());
            }
            optimisationNanos += System.nanoTime() - stepStart;
            step++;
            if (step % config.evalEvery() == 0 || step == config.steps()) {
                Map<String, Double> row = new LinkedHashMap<>();
                for (String k : sums.keySet()) {
                    row.put(k, sums.get(k) / counts.get(k));
                }
                sums.clear();
                counts.clear();
                if (!usesData || validation.size(0) > 0) {
                    // Validation draws its own noise (a VAE's z, a GAN's fakes, an RBM's chains) and then hands the
                    // generator back as it found it: otherwise --eval-every changed the trained weights, and a run
                    // resumed from a step the uninterrupted run did not validate at went another way.
                    Tensor trainingStream = torch.getDefaultCPUGenerator().get_state();
                    try (PointerScope scope = new PointerScope()) {
                        row.putAll(usesLabels ? objective.validate(validation, validationLabels)
                                : objective.validate(usesData ? validation : null));
                    }
                    torch.getDefaultCPUGenerator().set_state(trainingStream);
                }
                for (Map.Entry<String, Double> e : row.entrySet()) {
                    if (!Double.isFinite(e.getValue())) {
                        throw diverged(e.getKey() + " became " + e.getValue() + " at step " + step);
                    }
                }
                double elapsed = elapsedBefore + (System.nanoTime() - start) / 1e9;
                log.append(step, (double) step / batchesPerEpoch, row, lr, elapsed);
                try (PointerScope scope = new PointerScope()) {
                    Checkpoint.save(run.checkpointFile(), parameters, optimization, step);
                }
                last = row;
                statusLine = status(row);
                afterEvaluation.accept(step);
            }
            progress.update(step, statusLine);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(step, elapsedBefore + seconds, (step - firstStep) / Math.max(seconds, 1e-9),
                (step - firstStep) / Math.max(optimisationNanos / 1e9, 1e-9), last);
    }

    /** What went wrong, what to do, and whether a good checkpoint survives: one line for the user. */
    private TrainingDivergedException diverged(String what) {
        String kept = java.nio.file.Files.isRegularFile(run.checkpointFile())
                ? "the run folder keeps the last good checkpoint"
                : "no checkpoint was saved before it";
        return new TrainingDivergedException(what + ": lower --lr or set --clip-grad; " + kept);
    }

    private Tensor permutation(int n, long epoch) {
        int[] perm = Batches.permutation(n, config.seed(), epoch);
        long[] indices = new long[n];
        for (int i = 0; i < n; i++) {
            indices[i] = perm[i];
        }
        return AbstractTensor.create(indices, n);
    }

    private static String status(Map<String, Double> metrics) {
        StringBuilder s = new StringBuilder();
        metrics.forEach((k, v) -> s.append(String.format(Locale.ROOT, "%s %.4f  ", k, v)));
        return s.toString().trim();
    }
}
