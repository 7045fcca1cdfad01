package io.dgm4j.cli;

import io.dgm4j.run.Experiment;
import io.dgm4j.InvalidInputException;
import io.dgm4j.data.Batches;
import io.dgm4j.data.DataOptions;
import io.dgm4j.data.LoadedData;
import io.dgm4j.models.ModelRegistry;
import io.dgm4j.models.OptimizerDefaults;
import io.dgm4j.targets.ToyEnergy;
import io.dgm4j.tensor.MixedPrecision;
import io.dgm4j.train.TrainingConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model and write a run folder with its report.",
                "The folder holds config.json, metrics.csv, checkpoint/, summary.json, plots/",
                "and report.html.",
                "Example: dgm4j train --model realnvp --data moons --steps 3000 --out runs/moons",
                "Fit an energy instead: dgm4j train --model planar --target U1 --out runs/u1"})
final class TrainCommand implements Callable<Integer> {
    /** Steps between evaluations of a --target run (it has no epochs to default to). */
    static final long TARGET_EVAL_EVERY = 100;

    @Option(names = "--model", paramLabel = "NAME", description = "Model family: realnvp, nice, glow, maf, iaf, planar, radial, ffjord, ot-flow, vae, iwae, "
            + "vae-flow-posterior, vae-flow-prior, helmholtz, gan, gan-minimax, dcgan, wgan, wgan-gp, cgan, rbm, dbn, nade, made, pixelcnn.")
    String model;

    @Option(names = "--target", paramLabel = "NAME",
            description = "Instead of --data: fit the model to an energy U by reverse KL: U1, U2, U3, U4 or moons-energy "
                    + "(any flow; planar and radial train only this way).")
    String target;

    @Option(names = "--data", paramLabel = "NAME|CSV",
            description = "moons, circles, 8gaussians, 25gaussians, checkerboard, spirals, rings, mnist, mnist10k, or a .csv file.")
    String data;

    @ArgGroup(exclusive = true)
    Length length = new Length();

    static final class Length {
        @Option(names = "--steps", paramLabel = "N", description = "Optimisation steps (default: 3000).")
        Long steps;

        @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data instead of --steps.")
        Long epochs;
    }

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize = 256;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Peak learning rate (default 1e-3; GANs 2e-4, wgan 5e-5, wgan-gp 1e-4).")
    Double lr;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<model>-<data>).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint with its own settings (--steps may raise the total; other settings are refused).")
    boolean resume;

    @Option(names = "--layers", paramLabel = "N", description = "Flow layers (realnvp 6, nice 4, maf/iaf 5, planar/radial 16).")
    Integer layers;

    @Option(names = "--hidden", paramLabel = "N", description = "Width of hidden layers (default 128; vae/iwae on images 400; helmholtz 200; GAN toy nets 256).")
    Integer hidden;

    @Option(names = "--depth", paramLabel = "N", description = "Hidden layers per network (default 2; maf/iaf 1; vae/iwae on images 1; GAN toy nets 3).")
    Integer depth;

    @Option(names = "--latent", paramLabel = "N", description = "Latent dimensions of a VAE or GAN (default 2 for vector data, 20 (VAE) or 100 (GAN) for images).")
    Integer latent;

    @Option(names = "--activation", paramLabel = "NAME", description = "relu, leaky_relu, tanh or silu (default relu).")
    String activation;

    @Option(names = "--opt", paramLabel = "KEY=VALUE",
            description = "Any other model option, repeatable, e.g. --opt permutation=learned; one the model does not read is an error that lists those it does.")
    Map<String, String> extraOptions = new LinkedHashMap<>();

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adam, adamw, rmsprop or sgd (default adam; wgan rmsprop; rbm, dbn sgd).")
    String optimizer;

    @Option(names = "--betas", paramLabel = "B1,B2", split = ",", hideParamSyntax = true,
            description = "Adam's betas (default 0.9,0.999; GANs 0.5,0.999, wgan-gp 0.5,0.9).")
    List<Double> betas;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD's momentum (default 0; rbm, dbn 0.5; sgd only).")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "W", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay = 0;

    @Option(names = "--schedule", paramLabel = "NAME", description = "constant or cosine (default: ${DEFAULT-VALUE}).")
    String schedule = "constant";

    @Option(names = "--warmup-steps", paramLabel = "N", description = "Linear learning-rate warm-up (default: ${DEFAULT-VALUE}).")
    long warmupSteps = 0;

    @Option(names = "--clip-grad", paramLabel = "NORM", description = "Clip the global gradient norm; 0 = off (default: ${DEFAULT-VALUE}).")
    double clipGrad = 0;

    @Option(names = "--precision", paramLabel = "NAME",
            description = "fp32, or bf16: the optimisation steps' matrix products and convolutions in bfloat16 under "
                    + "libtorch's autocast, 1.3-2.3x faster for GEMM- or convolution-bound models on CPUs with "
                    + "AVX512-BF16; validation and eval stay fp32 (default: ${DEFAULT-VALUE}).")
    String precision = MixedPrecision.FP32;

    @Option(names = "--eval-every", paramLabel = "N", description = "Steps between validation and checkpoint (default: one epoch).")
    Long evalEvery;

    @Mixin
    DataArgs dataArgs = new DataArgs();

    @Mixin
    EngineOptions engine = new EngineOptions();

    /** What --resume reads from the command line; --model, --data and --target must match the run's. */
    private static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--out", "--steps", "--threads", "--data-dir",
            "--model", "--data", "--target");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PathArgs.folder("--out", out);
        MixedPrecision.validate(precision);
        engine.start();
        Experiment experiment = new Experiment(System.out, System.err);
        if (resume) {
            if (out == null) {
                throw new InvalidInputException("--resume needs --out DIR, the run folder to continue");
            }
            if (length.epochs != null) {
                throw new InvalidInputException("--resume takes --steps (the new total), not --epochs");
            }
            if (length.steps != null && length.steps < 1) {
                throw new InvalidInputException("--steps must be at least 1 (got " + length.steps + ")");
            }
            ResumeSettings.refuseIgnored(spec, RESUME_OPTIONS, out);
            experiment.resume(out, length.steps, model, data, target, dataArgs.dataDir);
            return 0;
        }
        if (target != null) {
            startTarget(experiment.warnWhenTraining(dataArgs.ignoredOptions(null)));
            return 0;
        }
        if (model == null || data == null) {
            throw new InvalidInputException("train needs --model and --data, e.g. --model realnvp --data moons "
                    + "(or --target U1 to fit an energy)");
        }
        ModelRegistry.get(model);
        Map<String, String> modelOptions = modelOptions();
        DataOptions dataOptions = dataArgs.toOptions(seed);
        LoadedData loaded = Experiment.loadData(data, dataOptions);
        int perEpoch = Batches.batchesPerEpoch(loaded.split().train().size(), checkBatchSize(), true);
        TrainingConfig training = trainingConfig(steps(perEpoch), batchSize, evalEvery == null ? perEpoch : evalEvery);
        Path dir = out != null ? out : Path.of("runs", model + "-" + Path.of(data).getFileName().toString().replace(".csv", ""));
        experiment.warnWhenTraining(dataArgs.ignoredOptions(data))
                .start(dir, model, modelOptions, data, dataOptions, loaded, training);
        return 0;
    }

    /** A run that fits --model to the --target energy by reverse KL: no data, so no epochs and no standardisation. */
    private void startTarget(Experiment experiment) {
        if (data != null) {
            throw new InvalidInputException("--target and --data exclude each other: a --target run fits the model to "
                    + "the energy by reverse KL with its own samples; drop --data");
        }
        if (model == null) {
            throw new InvalidInputException("train --target needs --model, e.g. --model planar --target " + target);
        }
        ModelRegistry.get(model);
        ToyEnergy.named(target);
        if (length.epochs != null) {
            throw new InvalidInputException("--epochs counts passes over --data, a --target run has none: use --steps");
        }
        if (dataArgs.standardize) {
            throw new InvalidInputException("--standardize rescales --data, a --target run has none: drop --standardize");
        }
        long steps = length.steps == null ? 3000 : length.steps;
        TrainingConfig training = trainingConfig(steps, checkBatchSize(),
                evalEvery == null ? Math.min(steps, TARGET_EVAL_EVERY) : evalEvery);
        Path dir = out != null ? out : Path.of("runs", model + "-" + target);
        experiment.startTarget(dir, model, modelOptions(), target, training);
    }

    /**
     * The optimisation settings, where --optimizer, --lr, --betas and --momentum fall back to the family's own
     * defaults (e.g. RMSprop at 5e-5 for wgan); betas and momentum only where the optimizer used has them.
     */
    private TrainingConfig trainingConfig(long steps, int batch, long every) {
        OptimizerDefaults defaults = ModelRegistry.get(model).optimizerDefaults();
        String chosen = optimizer != null ? optimizer : defaults.optimizer();
        List<Double> chosenBetas = betas != null ? betas
                : chosen.equals(defaults.optimizer()) ? defaults.betas() : null;
        double chosenMomentum = momentum != null ? momentum
                : chosen.equals(defaults.optimizer()) ? defaults.momentum() : 0;
        return new TrainingConfig(steps, batch, lr != null ? lr : defaults.learningRate(), chosen, weightDecay,
                schedule, warmupSteps, clipGrad, seed, every, chosenBetas, chosenMomentum, precision);
    }

    private int checkBatchSize() {
        if (batchSize < 1) {
            throw new InvalidInputException("--batch-size must be at least 1 (got " + batchSize + ")");
        }
        return batchSize;
    }

    private long steps(int perEpoch) {
        if (length.epochs != null) {
            if (length.epochs < 1) {
                throw new InvalidInputException("--epochs must be at least 1 (got " + length.epochs + ")");
            }
            return length.epochs * perEpoch;
        }
        return length.steps == null ? 3000 : length.steps;
    }

    private static void checkPositive(String option, Integer value) {
        if (value != null && value < 1) {
            throw new InvalidInputException(option + " must be at least 1 (got " + value + ")");
        }
    }

    private Map<String, String> modelOptions() {
        checkPositive("--layers", layers);
        checkPositive("--hidden", hidden);
        checkPositive("--depth", depth);
        checkPositive("--latent", latent);
        Map<String, String> options = new LinkedHashMap<>(extraOptions);
        putShorthand(options, "--layers", "layers", layers);
        putShorthand(options, "--hidden", "hidden", hidden);
        putShorthand(options, "--depth", "depth", depth);
        putShorthand(options, "--latent", "latent", latent);
        putShorthand(options, "--activation", "activation", activation);
        return options;
    }

    /** An option given by its own flag, e.g. --latent 2 for --opt latent=2; both at once must agree. */
    private static void putShorthand(Map<String, String> options, String flag, String key, Object value) {
        if (value == null) {
            return;
        }
        String given = options.get(key);
        if (given != null && !given.equals(value.toString())) {
            throw new InvalidInputException(flag + " " + value + " and --opt " + key + "=" + given
                    + " set the same option: give only one of them");
        }
        options.put(key, value.toString());
    }

}
