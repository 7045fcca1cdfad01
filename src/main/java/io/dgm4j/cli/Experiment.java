package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.DataOptions;
import io.dgm4j.data.DataSources;
import io.dgm4j.data.Dataset;
import io.dgm4j.data.LoadedData;
import io.dgm4j.data.Standardization;
import io.dgm4j.models.DataRequirements;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.report.ImageGrid;
import io.dgm4j.report.RunReport;
import io.dgm4j.train.Checkpoint;
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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A training run from start (or resume) to report: what `train` and `demo` both do. */
final class Experiment {
    private final PrintStream out;
    private final PrintStream err;

    Experiment(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Loads the data once; the data decides the shape and, for --epochs, the number of steps. */
    static LoadedData loadData(String data, DataOptions options) {
        DataOptions raw = new DataOptions(options.trainSize(), options.testSize(), options.seed(), options.noise(),
                options.dataDir(), false, options.testFraction());
        return DataSources.load(data, raw);
    }

    /** Starts a new run in {@code dir}. */
    Map<String, Object> start(Path dir, String model, Map<String, String> modelOptions, String data,
                              DataOptions dataOptions, LoadedData loaded, TrainingConfig training) {
        Dataset train = loaded.split().train();
        Standardization standardization = dataOptions.standardize() ? Standardization.fit(train) : null;
        RunConfig config = new RunConfig(model, modelOptions, data, dataOptions, train.exampleShape(),
                standardization, training, ObjectiveSpec.likelihood());
        GenerativeModel built = RunModels.build(config);
        config = config.withObjective(Objectives.defaultFor(built));
        if (built instanceof DataRequirements requirements) {
            requirements.checkData(train, data);
        }
        RunFolder run = RunFolder.create(dir);
        run.writeConfig(config);
        return fit(run, config, built, loaded, false);
    }

    /**
     * Continues the run in {@code dir} to {@code steps} (null: the configured total). A non-null
     * {@code expectedModel} or {@code expectedData} (as repeated on a resume command line) must match
     * the run's own, since a resumed run keeps its configuration.
     */
    Map<String, Object> resume(Path dir, Long steps, String expectedModel, String expectedData) {
        RunFolder run = RunFolder.open(dir);
        RunConfig config = run.readConfig();
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
                    + "' has already trained: --steps is the new total, so pass at least " + reached);
        }
        if (steps != null && steps != config.training().steps()) {
            config = config.withTraining(config.training().withSteps(steps));
            run.writeConfig(config);
        }
        GenerativeModel model = RunModels.build(config);
        return fit(run, config, model, loadData(config.data(), config.dataOptions()), true);
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

    private Map<String, Object> fit(RunFolder run, RunConfig config, GenerativeModel model, LoadedData loaded,
                                    boolean resume) {
        Dataset train = loaded.split().train();
        Dataset test = loaded.split().test();
        out.printf(Locale.ROOT, "training %s on %s (%d examples, %d held out, %d parameters) -> %s%n",
                config.model(), config.data(), train.size(), test.size(), model.parameters().count(), run.dir());
        TrainingConfig t = config.training();
        ProgressBar progress = new ProgressBar(err, "steps", t.steps());
        Trainer trainer = new Trainer(run, t, Objectives.create(model, config), model.parameters(), progress);
        if (train.dimension() == 2 || ImageGrid.isImageShape(train.exampleShape())) {
            trainer.afterEvaluation(step -> RunArtifacts.writeSnapshot(run, model, t.seed(), step));
        }
        Trainer.Result result = trainer.fit(RunArtifacts.tensor(train), RunArtifacts.tensor(test), resume);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("model", config.model());
        figures.put("data", config.data());
        figures.put("steps", result.steps());
        figures.put("train_seconds", result.trainSeconds());
        figures.put("steps_per_second", result.stepsPerSecond());
        Map<String, Object> summary = RunArtifacts.write(run, model, train, test, t.seed(), figures);
        Path report = RunReport.write(run.dir());
        summary.forEach((k, v) -> out.println(k + ": " + format(v)));
        out.println("report: " + report);
        return summary;
    }

    static String format(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v);
    }
}
