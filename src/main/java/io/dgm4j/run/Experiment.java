package io.dgm4j.run;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.DataOptions;
import io.dgm4j.data.DataSources;
import io.dgm4j.data.Dataset;
import io.dgm4j.data.LoadedData;
import io.dgm4j.data.Standardization;
import io.dgm4j.data.TrainTestSplit;
import io.dgm4j.eval.SampleQuality;
import io.dgm4j.models.ClassConditional;
import io.dgm4j.models.DataRequirements;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentVariableModel;
import io.dgm4j.models.ModelRegistry;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.gan.Gan;
import io.dgm4j.report.ImageGrid;
import io.dgm4j.report.RunReport;
import io.dgm4j.targets.ToyEnergy;
import io.dgm4j.tensor.MixedPrecision;
import io.dgm4j.train.Checkpoint;
import io.dgm4j.train.DensityDistillation;
import io.dgm4j.train.GeneratorFromVae;
import io.dgm4j.train.Objective;
import io.dgm4j.train.ObjectiveSpec;
import io.dgm4j.train.Objectives;
import io.dgm4j.train.ProgressBar;
import io.dgm4j.train.RunConfig;
import io.dgm4j.train.RunFolder;
import io.dgm4j.train.RunModels;
import io.dgm4j.train.Trainer;
import io.dgm4j.train.TrainingConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A training run from start (or resume) to report: what `train` and `demo` both do. */
public final class Experiment {
    /** Above this magnitude vector data gets a warning before a density model trains on it. */
    private static final float LARGE_VALUE = 1e4f;
    private final PrintStream out;
    private final PrintStream err;
    /** Warning lines of the caller (e.g. options the run ignores), printed once the run is sure to train. */
    private final List<String> warnings = new ArrayList<>();

    public Experiment(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Prints {@code lines} with the run's own warnings, once it is sure to train: a command refused later still ends
     * in its one error line.
     */
    public Experiment warnWhenTraining(List<String> lines) {
        warnings.addAll(lines);
        return this;
    }

    /** Loads the data once; the data decides the shape and, for --epochs, the number of steps. */
    public static LoadedData loadData(String data, DataOptions options) {
        DataOptions raw = new DataOptions(options.trainSize(), options.testSize(), options.seed(), options.noise(),
                options.dataDir(), false, options.testFraction());
        return DataSources.load(data, raw);
    }

    /**
     * The examples a command evaluates a run on: {@code data} (a dataset name's held-out split, or
     * every row of a CSV file) or, when null, the run's own held-out split; {@code dataDir} overrides
     * the MNIST folder the run was trained with. They must have the run's example shape;
     * {@code purpose} ends the error that says so (e.g. "evaluate it on data like its training data").
     */
    public static Dataset heldOutData(RunConfig config, String data, String dataDir, String purpose) {
        if (data == null && config.target() != null) {
            throw new InvalidInputException("the run was fitted to target " + config.target()
                    + " by reverse KL and has no data of its own: pass --data NAME|CSV");
        }
        String source = data != null ? data : config.data();
        Dataset examples = data != null ? DataSources.loadForEvaluation(source, savedOptions(config, dataDir))
                : runData(config, dataDir).test();
        if (examples.size() == 0) {
            throw new InvalidInputException("the run holds out none of '" + source + "' (trained with --test-fraction 0): "
                    + "pass --data NAME|CSV, examples like its training data, to use instead");
        }
        int[] shape = config.dataShape();
        if (examples.exampleShape().length == 1 && shape.length > 1 && examples.dimension() == Arrays.stream(shape)
                .reduce(1, (x, y) -> x * y)) {
            // flat rows of an image model's size (a CSV that `data` or `sample` wrote): the images, row-major
            examples = new Dataset(examples.name(), examples.values(), examples.size(), shape, examples.labels());
        }
        if (!Arrays.equals(examples.exampleShape(), shape)) {
            throw new InvalidInputException("data '" + source + "' has examples of shape "
                    + Arrays.toString(examples.exampleShape()) + " but the run's model was trained on shape "
                    + Arrays.toString(shape) + ": " + purpose);
        }
        return examples;
    }

    /** The run's own train/held-out split, as it was trained on; {@code dataDir} overrides the MNIST folder. */
    public static TrainTestSplit runData(RunConfig config, String dataDir) {
        return dataSplit(config, config.data(), dataDir);
    }

    /** The train/held-out split of {@code data} (a name or CSV) under the run's data settings. */
    public static TrainTestSplit dataSplit(RunConfig config, String data, String dataDir) {
        return loadData(data, savedOptions(config, dataDir)).split();
    }

    private static DataOptions savedOptions(RunConfig config, String dataDir) {
        DataOptions saved = config.dataOptions() != null ? config.dataOptions() : DataOptions.defaults();
        return new DataOptions(saved.trainSize(), saved.testSize(), saved.seed(), saved.noise(),
                dataDir != null ? dataDir : saved.dataDir(), false, saved.testFraction());
    }

    /**
     * Starts a new run in {@code dir} (what `dgm4j train` does): {@code model} a registered family name,
     * {@code data} the name or CSV path {@code loaded} came from ({@link #loadData}), recorded in config.json.
     * Returns the summary figures (also in summary.json); the trained model is {@code RunModels.load} of the folder.
     */
    public Map<String, Object> start(Path dir, String model, Map<String, String> modelOptions, String data,
                                     DataOptions dataOptions, LoadedData loaded, TrainingConfig training) {
        data = DataSources.canonical(data);
        Dataset train = loaded.split().train();
        Standardization standardization = dataOptions.standardize() ? Standardization.fit(train) : null;
        Map<String, String> options = new LinkedHashMap<>(modelOptions);
        ModelRegistry.get(model).optionsFromData(modelOptions, loaded.split()).forEach(options::putIfAbsent);
        RunConfig config = new RunConfig(model, options, data, dataOptions, train.exampleShape(),
                standardization, training, null);
        return start(dir, config, loaded);
    }

    /** Starts a new run in {@code dir} that fits the model to a target energy by reverse KL (no data). */
    public Map<String, Object> startTarget(Path dir, String model, Map<String, String> modelOptions, String target,
                                           TrainingConfig training) {
        ToyEnergy energy = ToyEnergy.named(target);
        RunConfig config = new RunConfig(model, modelOptions, null, null, new int[] {energy.dimension()}, null,
                training, ObjectiveSpec.reverseKl(energy.cliName()));
        return start(dir, config, null);
    }

    /**
     * Starts a new run in {@code dir} from a complete config (distillation and target runs bring their own
     * objective). Builds model and objective first, so that a model that cannot train this way leaves no run folder.
     */
    public Map<String, Object> start(Path dir, RunConfig config, LoadedData loaded) {
        GeneratorFromVae initial = GeneratorFromVae.of(config);
        if (initial != null) {
            config = initial.resolved();
        }
        GenerativeModel built = RunModels.buildNew(config);
        if (initial != null) {
            initial.copyInto(built);
        }
        if (config.objective() == null) {
            config = config.withObjective(Objectives.defaultFor(built));
        }
        if (loaded != null && built instanceof DataRequirements requirements) {
            requirements.checkData(loaded.split().train(), config.data());
            if (loaded.split().test().size() > 0) {
                requirements.checkData(loaded.split().test(), config.data() + " (held out)");
            }
        }
        Objective objective = Objectives.create(built, config, loaded == null ? null : loaded.split());
        if (loaded != null && (built instanceof ExactLogDensity || built instanceof LatentVariableModel)) {
            warnAboutConstantColumns(loaded.split().train(), config.data());
            if (config.standardization() == null) {
                warnAboutLargeValues(loaded.split().train(), config.data(), built instanceof Flow);
            }
        }
        RunFolder run = RunFolder.create(dir);
        run.writeConfig(config);
        return fit(run, config, built, objective, loaded, false);
    }

    /** Values far from unit scale: a loss of 1e30 at step 1 otherwise reads as a learning-rate problem. */
    private void warnAboutLargeValues(Dataset train, String data, boolean flow) {
        if (train.exampleShape().length != 1) {
            return;
        }
        float largest = 0;
        for (float v : train.values()) {
            largest = Math.max(largest, Math.abs(v));
        }
        if (largest > LARGE_VALUE) {
            err.printf(Locale.ROOT, "warning: '%s' has values up to %.3g: a density of raw values this far from unit "
                    + "scale trains badly or overflows in float32; %s%n", data, largest,
                    flow ? "pass --standardize (densities stay in the data's units)" : "rescale the data");
        }
    }

    /**
     * Vector data with a column that never changes, for a model of its density: the density can pile onto that
     * one value without bound, so the NLL falls towards minus infinity and means nothing. (Image data has
     * constant pixels, e.g. MNIST's corners, which dequantisation or a discrete likelihood handles.)
     */
    private void warnAboutConstantColumns(Dataset train, String data) {
        if (train.exampleShape().length != 1 || train.size() < 2) {
            return;
        }
        int d = train.dimension();
        float[] values = train.values();
        for (int j = 0; j < d; j++) {
            boolean constant = true;
            for (int i = 1; i < train.size() && constant; i++) {
                constant = values[i * d + j] == values[j];
            }
            if (constant) {
                err.println("warning: column " + (j + 1) + " of '" + data + "' is " + values[j] + " in every training "
                        + "row: a density on it is degenerate (the NLL can fall without bound); drop the column");
            }
        }
    }

    /**
     * Continues the run in {@code dir} to {@code steps} (null: the configured total). A non-null
     * {@code expectedModel} or {@code expectedData} (as repeated on a resume command line) must match
     * the run's own, since a resumed run keeps its configuration. {@code dataDir} (null: the run's own)
     * is where the MNIST files are now: a location, not a setting of the run.
     */
    public Map<String, Object> resume(Path dir, Long steps, String expectedModel, String expectedData, String expectedTarget,
                                      String dataDir) {
        RunFolder run = RunFolder.open(dir);
        RunConfig config = run.readConfig();
        String target = config.target();
        if (target != null && expectedData != null) {
            throw new InvalidInputException("'" + dir + "' fits target " + target + ", it was not trained on data: "
                    + "drop --data to resume it");
        }
        if (target == null && expectedTarget != null) {
            throw new InvalidInputException("'" + dir + "' was trained on data '" + config.data() + "', not against a "
                    + "target: drop --target to resume it");
        }
        if (target != null && expectedTarget != null && !expectedTarget.equals(target)) {
            throw new InvalidInputException("--target " + expectedTarget + " differs from the run's target " + target
                    + " in '" + dir + "': a resumed run keeps its configuration; drop --target or choose another --out");
        }
        if (expectedModel != null && !expectedModel.equals(config.model())) {
            throw new InvalidInputException("--model " + expectedModel + " differs from the run's model '" + config.model()
                    + "' in '" + dir + "': a resumed run keeps its configuration; drop --model or choose another --out");
        }
        if (expectedData != null && !sameData(expectedData, config.data())) {
            throw new InvalidInputException("--data " + expectedData + " differs from the run's data '" + config.data()
                    + "' in '" + dir + "': a resumed run keeps its configuration; drop --data or choose another --out");
        }
        if (!Files.isRegularFile(run.checkpointFile())) {
            throw new InvalidInputException("'" + dir + "' has no checkpoint to resume from (" + run.checkpointFile()
                    + " is missing): the run stopped before its first evaluation; train it again with a new --out");
        }
        long reached = Checkpoint.step(run.checkpointFile());
        if (steps != null && steps < reached) {
            throw new InvalidInputException("--steps " + steps + " is below the " + reached + " steps '" + dir
                    + "' has already trained: --steps is the new total, so pass more than " + reached);
        }
        long total = steps != null ? steps : config.training().steps();
        if (reached >= total) {
            // Nothing to train: going on would rewrite summary.json from an empty loop (no rate, no validation).
            throw new InvalidInputException("'" + dir + "' has already trained all its " + reached + " steps: pass "
                    + "--steps with a larger total to train it further");
        }
        if (steps != null && steps != config.training().steps()) {
            config = config.withTraining(config.training().withSteps(steps));
            run.writeConfig(config);
        }
        GenerativeModel model = RunModels.build(config);
        LoadedData loaded = target == null ? loadData(config.data(), savedOptions(config, dataDir)) : null;
        return fit(run, config, model, Objectives.create(model, config, loaded == null ? null : loaded.split()), loaded, true);
    }

    private static boolean sameData(String given, String stored) {
        if (given.equals(stored)) {
            return true;
        }
        try {
            return DataSources.canonical(given).equals(DataSources.canonical(stored));
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /** Trains and writes the run's artifacts and report; {@code loaded} is null for a run against a target. */
    private Map<String, Object> fit(RunFolder run, RunConfig config, GenerativeModel model, Objective objective,
                                    LoadedData loaded, boolean resume) {
        if (loaded == null) {
            out.printf(Locale.ROOT, "training %s against target %s by reverse KL (%d parameters) -> %s%n",
                    config.model(), config.target(), model.parameters().count(), run.dir());
        } else {
            out.printf(Locale.ROOT, "training %s on %s (%d examples, %d held out, %d parameters) -> %s%n",
                    config.model(), config.data(), loaded.split().train().size(), loaded.split().test().size(),
                    model.parameters().count(), run.dir());
        }
        TrainingConfig t = config.training();
        // Only once the run is sure to train, so that a refused command still ends in its one error line.
        String warning = MixedPrecision.hardwareWarning(t.precisionOrDefault());
        if (warning != null) {
            err.println(warning);
        }
        warnings.forEach(err::println);
        if (model instanceof Gan gan && gan.training().criticSteps() > t.steps()) {
            // The generator is updated after every critic-steps-th critic update, so it would keep its initial weights.
            err.println("warning: critic-steps " + gan.training().criticSteps() + " is more than the " + t.steps()
                    + " steps, so the generator is never updated: raise --steps or lower --opt critic-steps");
        }
        ProgressBar progress = new ProgressBar(err, "steps", t.steps());
        Trainer trainer = new Trainer(run, t, objective, model.parameters(), progress);
        if (Arrays.equals(config.dataShape(), new int[] {2}) || ImageGrid.isImageShape(config.dataShape())) {
            trainer.afterEvaluation(step -> RunArtifacts.writeSnapshot(run, model, t.seed(), step));
        }
        Trainer.Result result = loaded == null ? trainer.fit(null, null, resume)
                : trainer.fit(RunArtifacts.tensor(loaded.split().train()), RunArtifacts.labels(loaded.split().train()),
                        RunArtifacts.tensor(loaded.split().test()), RunArtifacts.labels(loaded.split().test()), resume);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("model", config.model());
        figures.put(loaded == null ? "target" : "data", loaded == null ? config.target() : config.data());
        figures.put("steps", result.steps());
        figures.put("train_seconds", result.trainSeconds());
        figures.put("steps_per_second", result.stepsPerSecond());
        figures.put("optimisation_steps_per_second", result.optimisationStepsPerSecond());
        figures.put("precision", t.precisionOrDefault());
        if (model instanceof Gan || objective instanceof DensityDistillation) {
            // What the run was trained for is its last validation: a GAN's critic figures and sample quality (it
            // has no likelihood), a distilled student's KL to its teacher (beside the held-out NLL written below).
            result.lastMetrics().forEach((name, value) -> {
                if (name.startsWith("val_")) {
                    figures.put(name, value);
                }
            });
        }
        Map<String, Object> summary = loaded == null
                ? RunArtifacts.writeForTarget(run, model, ToyEnergy.named(config.target()), t.seed(), figures)
                : RunArtifacts.write(run, model, loaded.split().train(), loaded.split().test(), t.seed(), figures);
        if (loaded != null && model instanceof ClassConditional conditional && conditional.classes() > 0) {
            if (loaded.split().train().dimension() == 2) {
                RunArtifacts.writeSamplesByLabel(run, conditional, t.seed());
            }
            SampleQuality quality = SampleQuality.forData(config.data(), config.dataNoise(), loaded.split());
            if (quality.readsDigits()) {
                RunArtifacts.writeLabelConfusion(run, conditional, quality, t.seed());
            }
        }
        Path report = RunReport.write(run.dir());
        summary.forEach((k, v) -> out.println(k + ": " + format(v)));
        out.println("report: " + report);
        return summary;
    }

    public static String format(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v);
    }
}
