package io.dgm4j.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dgm4j.InvalidInputException;
import io.dgm4j.report.Html.Figure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns a run folder written by {@code train} into plots/*.png and report.html. Reads files only
 * (no model, no libtorch), so a report can be rebuilt anywhere the folder is copied to. Every file
 * except config.json is optional; a section is shown only when its file exists.
 */
public final class RunReport {
    static final String CONFIG = "config.json";
    static final String SUMMARY = "summary.json";
    /** The latest `dgm4j eval` figures, with the data they were measured on (an IWAE-5000 bound takes minutes to recompute). */
    public static final String EVALUATION = "eval.json";
    static final String METRICS = "metrics.csv";
    static final String DATA = "data.csv";
    static final String SAMPLES = "samples.csv";
    static final String LATENT = "latent.csv";
    static final String DENSITY = "density.csv";
    /** Image runs: the final grid of samples and the latent interpolations, written by the trainer. */
    static final String SAMPLE_GRID = "samples.png";
    static final String INTERPOLATIONS = "interpolations.png";
    static final String LABEL_CONFUSION = "label_confusion.png";
    /** A conditional model of 2-D data: samples coloured by the label they were drawn with. */
    static final String SAMPLES_BY_LABEL = "samples_by_label.png";
    /** Latent variable models of images: examples beside their reconstructions; for a 2-D latent, the manifold. */
    static final String RECONSTRUCTIONS = "reconstructions.png";
    static final String MANIFOLD = "manifold.png";
    /**
     * samples/step-0000500.csv (2-D points, drawn here as scatter plots) or samples/step-0000500.png
     * (image grids, shown as they are): samples drawn at evaluations during training.
     */
    /** A run fitted to a target energy: exp(-U) normalised on a grid, what the samples should look like. */
    static final String TARGET_DENSITY = "target_density.csv";
    static final String SNAPSHOTS = "samples";
    static final int SHOWN_SNAPSHOTS = 6;
    static final String PLOTS = "plots";
    static final String REPORT = "report.html";

    private RunReport() {
    }

    /**
     * Writes the plots and report.html into {@code runDir}.
     *
     * @return the path of report.html
     * @throws InvalidInputException if the folder is not a run folder or one of its files is malformed
     */
    public static Path write(Path runDir) {
        if (!Files.isRegularFile(runDir.resolve(CONFIG))) {
            throw new InvalidInputException("'" + runDir + "' is not a dgm4j run folder (no config.json): "
                    + "pass the folder that `train` wrote");
        }
        // Read and check every file before drawing anything: a malformed file fails in
        // milliseconds and leaves no half-updated plots behind.
        JsonObject config = JsonTable.readObject(runDir.resolve(CONFIG));
        JsonObject summary = ifPresent(runDir, SUMMARY, JsonTable::readObject);
        JsonObject evaluation = ifPresent(runDir, EVALUATION, JsonTable::readObject);
        CsvTable data = ifPresent(runDir, DATA, RunReport::readPoints);
        CsvTable samples = ifPresent(runDir, SAMPLES, RunReport::readPoints);
        CsvTable latent = ifPresent(runDir, LATENT, RunReport::readPoints);
        DensityCsv density = ifPresent(runDir, DENSITY, f -> DensityCsv.from(CsvTable.read(f)));
        DensityCsv targetDensity = ifPresent(runDir, TARGET_DENSITY, f -> DensityCsv.from(CsvTable.read(f)));
        CsvTable metrics = ifPresent(runDir, METRICS, CsvTable::readLog);
        List<Path> snapshotFiles = snapshots(runDir.resolve(SNAPSHOTS));
        List<CsvTable> snapshots = new ArrayList<>(); // null where the snapshot is a picture
        for (Path f : snapshotFiles) {
            snapshots.add(isPicture(f) ? null : readPoints(f));
        }

        String model = text(config.get("model"));
        String dataName = text(config.get("data"));
        String target = target(config);
        if (dataName == null && target != null) dataName = "target " + target;
        Path name = runDir.toAbsolutePath().normalize().getFileName();
        String title = model != null && dataName != null ? model + " on " + dataName
                : model != null ? model : dataName != null ? dataName : "dgm4j run";
        Html html = new Html().header(title, "run " + (name == null ? runDir.toString() : name.toString()));
        Path plots = runDir.resolve(PLOTS);

        if (summary != null) html.table("Summary", JsonTable.flatten(summary));
        if (evaluation != null) html.table(evaluationTitle(evaluation, summary), JsonTable.flatten(evaluation));

        List<Figure> comparison = dataVsSamples(data, samples, plots);
        if (!comparison.isEmpty()) html.figures("Data vs samples", comparison);

        if (Files.isRegularFile(runDir.resolve(SAMPLE_GRID))) {
            boolean classRows = summary != null && summary.has("classes");
            html.figures("Samples", List.of(new Figure(SAMPLE_GRID, classRows
                    ? "samples of the trained model, a row for each class (0 at the top)" : "samples of the trained model")));
        }

        if (!snapshots.isEmpty()) {
            html.figures("Samples during training", evolution(data, snapshotFiles, snapshots, plots));
        }

        if (Files.isRegularFile(runDir.resolve(SAMPLES_BY_LABEL))) {
            html.figures("Labels", List.of(new Figure(SAMPLES_BY_LABEL, "samples of a conditional model, coloured by "
                    + "the label each was drawn with: a model that obeys its labels puts each colour on its own class")));
        }

        if (Files.isRegularFile(runDir.resolve(LABEL_CONFUSION))) {
            html.figures("Labels", List.of(new Figure(LABEL_CONFUSION, "for each label a conditional model was "
                    + "asked for, the digits dgm4j's classifier reads in its samples (the diagonal: label accuracy)")));
        }

        if (Files.isRegularFile(runDir.resolve(INTERPOLATIONS))) {
            html.figures("Interpolations", List.of(new Figure(INTERPOLATIONS,
                    "each row: two held-out examples (ends) encoded, joined by a straight line in latent space, decoded")));
        }

        if (targetDensity != null) {
            Plots.densityHeatmap(plots.resolve("target_density.png"), "Target density exp(-U) / Z", targetDensity);
            html.figures("Target density", List.of(new Figure(PLOTS + "/target_density.png",
                    "the target the model was fitted to, exp(-U) normalised on a " + targetDensity.nx() + "x"
                            + targetDensity.ny() + " grid; compare with the model samples")));
        }

        if (density != null) {
            Plots.densityHeatmap(plots.resolve("density.png"), "Learned density exp(log p(x, y))", density);
            html.figures("Learned density", List.of(new Figure(PLOTS + "/density.png",
                    "model density exp(log p) on a " + density.nx() + "x" + density.ny()
                            + " grid; viridis: dark = low, yellow = high")));
        }

        if (latent != null) {
            if (latent.has("label")) {
                Plots.labelledScatter(plots.resolve("latent.png"), "Held-out data in latent space", "z1", "z2",
                        latent.column("x"), latent.column("y"), latent.column("label"));
            } else {
                Plots.scatter(plots.resolve("latent.png"), "Held-out data in latent space", "z1", "z2",
                        latent.column("x"), latent.column("y"), Plots.DATA_COLOR, null);
            }
            html.figures("Data in latent space", List.of(new Figure(PLOTS + "/latent.png",
                    "held-out data mapped to latent space (" + latent.rowCount() + " points"
                            + (latent.has("label") ? ", coloured by label" : "") + ")")));
        }

        if (Files.isRegularFile(runDir.resolve(RECONSTRUCTIONS))) {
            html.figures("Reconstructions", List.of(new Figure(RECONSTRUCTIONS,
                    "rows in pairs: held-out examples, then their reconstructions decode(encode(x))")));
        }

        if (Files.isRegularFile(runDir.resolve(MANIFOLD))) {
            html.figures("Latent manifold", List.of(new Figure(MANIFOLD,
                    "decoder means over a grid of z: the prior's base noise eps1 (left to right) and eps2 "
                            + "(bottom to top) at the N(0, 1) quantiles 0.05 .. 0.95, mapped to z by the prior "
                            + "(z = eps for a Gaussian prior, the flow's image for a flow prior)")));
        }

        if (metrics != null) {
            List<Figure> curves = TrainingCurves.write(metrics, plots);
            if (!curves.isEmpty()) html.figures("Training curves", curves);
        }

        html.table("Configuration", JsonTable.flatten(config));

        String footer = Html.generatedFrom(runDir.toAbsolutePath().normalize().toString());
        return html.write(runDir.resolve(REPORT), title + " - dgm4j report", footer);
    }

    /** data.png and samples.png with one set of axis limits, so shapes compare point for point. */
    private static List<Figure> dataVsSamples(CsvTable data, CsvTable samples, Path plots) {
        List<double[][]> clouds = new ArrayList<>();
        for (CsvTable t : new CsvTable[] {data, samples}) {
            if (t != null) clouds.add(new double[][] {t.column("x"), t.column("y")});
        }
        if (clouds.isEmpty()) return List.of();
        AxisLimits shared = AxisLimits.squareCovering(clouds.toArray(new double[0][][]));
        List<Figure> figures = new ArrayList<>();
        if (data != null) {
            Plots.scatter(plots.resolve("data.png"), "Training data", "x", "y",
                    data.column("x"), data.column("y"), Plots.DATA_COLOR, shared);
            figures.add(new Figure(PLOTS + "/data.png", "training data (" + data.rowCount() + " points)"));
        }
        if (samples != null) {
            Plots.scatter(plots.resolve("samples.png"), "Model samples", "x", "y",
                    samples.column("x"), samples.column("y"), Plots.SAMPLE_COLOR, shared);
            figures.add(new Figure(PLOTS + "/samples.png", "model samples (" + samples.rowCount() + " points)"));
        }
        return figures;
    }

    /** Up to SHOWN_SNAPSHOTS snapshot files, evenly spaced over training and always with the last. */
    private static List<Path> snapshots(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> all;
        try (var files = Files.list(dir)) {
            all = files.filter(f -> f.getFileName().toString().matches("step-\\d+\\.(csv|png)")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("cannot list '" + dir + "': " + e.getMessage(), e);
        }
        if (all.size() <= SHOWN_SNAPSHOTS) return all;
        List<Path> chosen = new ArrayList<>();
        for (int i = 0; i < SHOWN_SNAPSHOTS; i++) {
            chosen.add(all.get((int) Math.round(i * (all.size() - 1) / (double) (SHOWN_SNAPSHOTS - 1))));
        }
        return chosen;
    }

    /**
     * One figure per snapshot: image grids as they are; point clouds as scatter plots, all with the
     * data's axis limits, so the eye sees the samples converge.
     */
    private static List<Figure> evolution(CsvTable data, List<Path> files, List<CsvTable> snapshots, Path plots) {
        CsvTable lastCloud = null;
        for (CsvTable t : snapshots) {
            if (t != null) lastCloud = t;
        }
        CsvTable frame = data != null ? data : lastCloud;
        AxisLimits shared = frame == null ? null
                : AxisLimits.squareCovering(new double[][] {frame.column("x"), frame.column("y")});
        List<Figure> figures = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i).getFileName().toString();
            String name = file.substring(0, file.length() - ".csv".length());
            long step = Long.parseLong(name.substring("step-".length()));
            CsvTable t = snapshots.get(i);
            if (t == null) {
                figures.add(new Figure(SNAPSHOTS + "/" + file, "samples after " + step + " steps"));
                continue;
            }
            Plots.scatter(plots.resolve(name + ".png"), "Samples at step " + step, "x", "y",
                    t.column("x"), t.column("y"), Plots.SAMPLE_COLOR, shared);
            figures.add(new Figure(PLOTS + "/" + name + ".png", t.rowCount() + " samples after " + step + " steps"));
        }
        return figures;
    }

    private static boolean isPicture(Path file) {
        return file.getFileName().toString().endsWith(".png");
    }

    /** A point cloud file: must have x and y columns (checked here, before any plotting). */
    static CsvTable readPoints(Path file) {
        CsvTable t = CsvTable.read(file);
        t.column("x");
        t.column("y");
        return t;
    }

    static <T> T ifPresent(Path runDir, String file, Function<Path, T> reader) {
        Path path = runDir.resolve(file);
        return Files.isRegularFile(path) ? reader.apply(path) : null;
    }

    /** The target energy of a run fitted by reverse KL (objective.options.target in config.json), or null. */
    static String target(JsonObject config) {
        JsonElement objective = config.get("objective");
        if (objective == null || !objective.isJsonObject()) return null;
        JsonElement options = objective.getAsJsonObject().get("options");
        return options != null && options.isJsonObject() ? text(options.getAsJsonObject().get("target")) : null;
    }

    private static String text(JsonElement e) {
        return e == null || e.isJsonNull() ? null : JsonTable.display(e);
    }

    /** The eval table's title, which says when the run has trained on since (a resumed run keeps the old eval.json). */
    private static String evaluationTitle(JsonObject evaluation, JsonObject summary) {
        if (evaluation.has("step") && summary != null && summary.has("steps")
                && evaluation.get("step").getAsLong() < summary.get("steps").getAsLong()) {
            return "Evaluation (latest dgm4j eval, of the model at step " + evaluation.get("step").getAsLong() + " of "
                    + summary.get("steps").getAsLong() + ": run dgm4j eval again for the final one)";
        }
        return "Evaluation (latest dgm4j eval)";
    }
}
