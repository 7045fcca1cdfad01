package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import io.dgm4j.tensor.MixedPrecision;
import java.util.List;

/**
 * How to train, independent of the model family. Stored in config.json so that a run can be
 * resumed and reproduced exactly.
 *
 * @param steps          total optimisation steps
 * @param batchSize      examples per step
 * @param learningRate   peak learning rate
 * @param optimizer      adam, adamw, rmsprop (alpha 0.99, eps 1e-8, as PyTorch's) or sgd
 * @param weightDecay    L2 (adam) or decoupled (adamw) weight decay
 * @param schedule       constant or cosine (decays to 0 at the last step)
 * @param warmupSteps    linear warm-up from 0 to the peak rate
 * @param clipGradNorm   maximum global gradient norm, 0 for no clipping
 * @param seed           the one seed every random draw of the run flows from
 * @param evalEvery      steps between validation, metrics row and checkpoint (one epoch by default)
 * @param betas          Adam's (beta1, beta2); null for (0.9, 0.999), as in config.json files that predate the field
 * @param momentum       SGD's momentum (PyTorch's heavy ball, no dampening); 0 for plain SGD and for every other optimizer
 * @param precision      fp32, or bf16 for the optimisation steps' products under autocast ({@link MixedPrecision});
 *                       null for fp32, as in config.json files that predate the field
 */
public record TrainingConfig(long steps, int batchSize, double learningRate, String optimizer, double weightDecay,
                             String schedule, long warmupSteps, double clipGradNorm, long seed, long evalEvery,
                             List<Double> betas, double momentum, String precision) {
    /** Adam's usual betas, for configs without any. */
    public static final List<Double> DEFAULT_BETAS = List.of(0.9, 0.999);

    public TrainingConfig {
        if (steps < 1) {
            throw new InvalidInputException("--steps must be at least 1 (got " + steps + ")");
        }
        if (batchSize < 1) {
            throw new InvalidInputException("--batch-size must be at least 1 (got " + batchSize + ")");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidInputException("--lr must be a positive number (got " + learningRate + ")");
        }
        if (!List.of("adam", "adamw", "rmsprop", "sgd").contains(optimizer)) {
            throw new InvalidInputException("unknown optimizer '" + optimizer + "': choose adam, adamw, rmsprop or sgd");
        }
        if (betas != null) {
            if (optimizer.equals("rmsprop") || optimizer.equals("sgd")) {
                throw new InvalidInputException("--betas are Adam's; " + optimizer
                        + " has none: drop --betas or use --optimizer adam");
            }
            if (betas.size() != 2 || betas.stream().anyMatch(b -> b == null || !(b >= 0 && b < 1))) {
                throw new InvalidInputException("--betas must be two numbers in [0, 1), e.g. --betas 0.5,0.999 (got "
                        + betas + ")");
            }
            betas = List.copyOf(betas);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new InvalidInputException("--momentum must be in [0, 1), e.g. 0.9 (got " + momentum + ")");
        }
        if (momentum > 0 && !optimizer.equals("sgd")) {
            throw new InvalidInputException("--momentum is SGD's; " + optimizer
                    + " has its own moments: drop --momentum or use --optimizer sgd");
        }
        if (weightDecay < 0) {
            throw new InvalidInputException("--weight-decay must be >= 0 (got " + weightDecay + ")");
        }
        LearningRateSchedule.validate(schedule);
        if (warmupSteps < 0) {
            throw new InvalidInputException("--warmup-steps must be >= 0 (got " + warmupSteps + ")");
        }
        if (clipGradNorm < 0) {
            throw new InvalidInputException("--clip-grad must be >= 0, 0 meaning off (got " + clipGradNorm + ")");
        }
        if (precision != null) {
            MixedPrecision.validate(precision);
        }
        if (evalEvery < 1) {
            throw new InvalidInputException("--eval-every must be at least 1 step (got " + evalEvery + ")");
        }
    }

    /**
     * A config built from the three settings every run chooses, the rest at their defaults: Adam with its usual
     * betas, no weight decay, a constant rate without warm-up or clipping, seed 0, fp32, validation only at the
     * last step. E.g. {@code TrainingConfig.builder(2000, 256, 1e-3).schedule("cosine").evalEvery(500).build()}.
     */
    public static Builder builder(long steps, int batchSize, double learningRate) {
        return new Builder(steps, batchSize, learningRate);
    }

    /** The optional settings of a {@link TrainingConfig}; {@link #build()} checks them all. */
    public static final class Builder {
        private final long steps;
        private final int batchSize;
        private final double learningRate;
        private String optimizer = "adam";
        private double weightDecay = 0;
        private String schedule = "constant";
        private long warmupSteps = 0;
        private double clipGradNorm = 0;
        private long seed = 0;
        private Long evalEvery = null;
        private List<Double> betas = null;
        private double momentum = 0;
        private String precision = null;

        private Builder(long steps, int batchSize, double learningRate) {
            this.steps = steps;
            this.batchSize = batchSize;
            this.learningRate = learningRate;
        }

        public Builder optimizer(String name) {
            this.optimizer = name;
            return this;
        }

        public Builder weightDecay(double decay) {
            this.weightDecay = decay;
            return this;
        }

        public Builder schedule(String name) {
            this.schedule = name;
            return this;
        }

        public Builder warmupSteps(long warmup) {
            this.warmupSteps = warmup;
            return this;
        }

        public Builder clipGradNorm(double maxNorm) {
            this.clipGradNorm = maxNorm;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder evalEvery(long every) {
            this.evalEvery = every;
            return this;
        }

        public Builder betas(double beta1, double beta2) {
            this.betas = List.of(beta1, beta2);
            return this;
        }

        public Builder momentum(double value) {
            this.momentum = value;
            return this;
        }

        public Builder precision(String name) {
            this.precision = name;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(steps, batchSize, learningRate, optimizer, weightDecay, schedule, warmupSteps,
                    clipGradNorm, seed, evalEvery == null ? steps : evalEvery, betas, momentum, precision);
        }
    }

    /** The betas Adam and AdamW use. */
    public List<Double> betasOrDefault() {
        return betas == null ? DEFAULT_BETAS : betas;
    }

    /** The precision of the optimisation steps, fp32 for configs without one. */
    public String precisionOrDefault() {
        return precision == null ? MixedPrecision.FP32 : precision;
    }

    public TrainingConfig withSteps(long newSteps) {
        return new TrainingConfig(newSteps, batchSize, learningRate, optimizer, weightDecay, schedule, warmupSteps,
                clipGradNorm, seed, evalEvery, betas, momentum, precision);
    }
}
