package io.dgm4j.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dgm4j.InvalidInputException;
import io.dgm4j.report.Html.Figure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Several run folders side by side: one table of their final figures (summary.json, and eval.json
 * where {@code dgm4j eval} was run), one chart per training curve that at least two of them log (a
 * line per run), and their final samples (2-D point clouds on shared axes, image grids as they
 * are). Reads the run folders only, like {@link RunReport}, and writes into a folder of its own,
 * never into a run.
 */
public final class RunComparison {
    public static final String PAGE = "comparison.html";
    /** One colour per run in the charts (see {@link Plots#lineChart}). */
    public static final int MAX_RUNS = Plots.LINE_COLOR_COUNT;
    /** summary.json keys that head the table as rows of their own, so not repeated among the figures. */
    private static final Set<String> DESCRIPTION_KEYS = Set.of("model", "data");

    /** The x axis of the curves: optimisation steps, or wall-clock seconds of training. */
    public enum Axis {
        STEP("step", "step"), SECONDS("elapsed_s", "training seconds");

        final String column;
        final String label;

        Axis(String column, String label) {
            this.column = column;
            this.label = label;
        }
    }

    /** What one run folder contributes; summary, evaluation, metrics and samples are null when the run has none. */
    private record Run(String label, Path dir, JsonObject config, JsonObject summary, JsonObject evaluation,
                       CsvTable metrics, CsvTable samples, Path sampleGrid) {
        /** summary.json's figures, without the model and data that head the table. */
        Map<String, String> summaryFigures() {
            Map<String, String> figures = summary == null ? new LinkedHashMap<>() : JsonTable.flatten(summary);
            DESCRIPTION_KEYS.forEach(figures::remove);
            return figures;
        }

        /** eval.json's figures as "eval.&lt;name&gt;" (eval.data: the data they were measured on). */
        Map<String, String> evalFigures() {
            Map<String, String> figures = new LinkedHashMap<>();
            if (evaluation != null) JsonTable.flatten(evaluation).forEach((k, v) -> figures.put("eval." + k, v));
            return figures;
        }
    }

    /** Rows of text, first the header: what the page shows and the CLI prints. */
    public record Table(List<String> header, List<List<String>> rows) {
    }

    private final List<Run> runs;

    private RunComparison(List<Run> runs) {
        this.runs = runs;
    }

    /**
     * Reads and checks every run folder before anything is drawn, so a bad folder fails fast and
     * leaves no half-written comparison behind.
     *
     * @throws InvalidInputException for fewer than two runs, a folder given twice, or a folder that
     *                               is not a run or holds a malformed file
     */
    public static RunComparison read(List<Path> runDirs) {
        if (runDirs.size() < 2) {
            throw new InvalidInputException("compare needs at least two run folders (got " + runDirs.size()
                    + "): dgm4j compare RUN_A RUN_B [RUN ...]");
        }
        if (runDirs.size() > MAX_RUNS) {
            throw new InvalidInputException("compare shows at most " + MAX_RUNS + " runs (one colour each), got "
                    + runDirs.size() + ": compare fewer at a time");
        }
        Set<Path> seen = new HashSet<>();
        for (Path dir : runDirs) {
            if (!seen.add(dir.toAbsolutePath().normalize())) {
                throw new InvalidInputException("run folder '" + dir + "' is given twice: give each run once");
            }
        }
        List<String> labels = labels(runDirs);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < runDirs.size(); i++) {
            Path dir = runDirs.get(i);
            if (!Files.exists(dir)) {
                throw new InvalidInputException("run folder '" + dir + "' does not exist: pass folders that `train` wrote");
            }
            if (!Files.isRegularFile(dir.resolve(RunReport.CONFIG))) {
                throw new InvalidInputException("'" + dir + "' is not a dgm4j run folder (no config.json): "
                        + "pass folders that `train` wrote");
            }
            CsvTable samples = RunReport.ifPresent(dir, RunReport.SAMPLES, RunReport::readPoints);
            Path grid = dir.resolve(RunReport.SAMPLE_GRID);
            runs.add(new Run(labels.get(i), dir, JsonTable.readObject(dir.resolve(RunReport.CONFIG)),
                    RunReport.ifPresent(dir, RunReport.SUMMARY, JsonTable::readObject),
                    RunReport.ifPresent(dir, RunReport.EVALUATION, JsonTable::readObject),
                    RunReport.ifPresent(dir, RunReport.METRICS, CsvTable::readLog),
                    samples, Files.isRegularFile(grid) ? grid : null));
        }
        return new RunComparison(runs);
    }

    /**
     * A column per run, a row per figure: model and data, then every figure of any run's
     * summary.json, then of its eval.json, in the order first met ("-" where a run lacks one).
     * Runs are columns because they are few and the figures of different families many.
     */
    public Table table() {
        List<String> header = new ArrayList<>(List.of("figure"));
        runs.forEach(run -> header.add(run.label()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("model", run -> orDash(text(run.config().get("model")))));
        rows.add(row("data", run -> orDash(dataOf(run.config()))));
        for (Function<Run, Map<String, String>> source : List.<Function<Run, Map<String, String>>>of(
                Run::summaryFigures, Run::evalFigures)) {
            List<Map<String, String>> figures = runs.stream().map(source).toList();
            Set<String> keys = new LinkedHashSet<>();
            figures.forEach(f -> keys.addAll(f.keySet()));
            for (String key : keys) {
                List<String> row = new ArrayList<>(List.of(key));
                figures.forEach(f -> row.add(f.getOrDefault(key, "-")));
                rows.add(row);
            }
        }
        return new Table(header, rows);
    }

    private List<String> row(String name, Function<Run, String> value) {
        List<String> row = new ArrayList<>(List.of(name));
        runs.forEach(run -> row.add(value.apply(run)));
        return row;
    }

    /**
     * A sentence for each reason the figures may not compare: today, runs on different data (a
     * held-out NLL on moons says nothing about one on MNIST). Empty when there is none.
     */
    public List<String> warnings() {
        Set<String> data = new LinkedHashSet<>();
        for (Run run : runs) data.add(orDash(dataOf(run.config())));
        if (data.size() < 2) return List.of();
        return List.of("the runs use different data (" + String.join(", ", data)
                + "): their held-out figures do not compare");
    }

    /**
     * Writes {@value #PAGE}, plots/ and samples/ into {@code outDir}.
     *
     * @return the path of the page
     * @throws InvalidInputException if {@code outDir} is a file, one of the runs or any run folder, or if
     *                               {@code axis} is seconds and a run's metrics.csv has no elapsed_s
     */
    public Path write(Path outDir, Axis axis) {
        for (Run run : runs) {
            if (run.dir().toAbsolutePath().normalize().equals(outDir.toAbsolutePath().normalize())) {
                throw new InvalidInputException("--out '" + outDir + "' is one of the runs being compared: "
                        + "choose a folder of its own, e.g. --out runs/comparison");
            }
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new InvalidInputException("--out '" + outDir + "' is a file: give a folder for the comparison");
        }
        if (Files.isRegularFile(outDir.resolve(RunReport.CONFIG))) {
            throw new InvalidInputException("--out '" + outDir + "' holds a run (config.json), whose report a "
                    + "comparison would mix with: choose another folder");
        }
        if (axis == Axis.SECONDS) {
            for (Run run : runs) {
                if (run.metrics() != null && !run.metrics().has(axis.column)) {
                    throw new InvalidInputException("run '" + run.label() + "' logs no " + axis.column
                            + " in metrics.csv, so its curves have no time axis: compare against steps instead");
                }
            }
        }
        Path plots = outDir.resolve(RunReport.PLOTS);
        String title = "Comparison of " + runs.size() + " runs";
        List<String> labels = runs.stream().map(Run::label).toList();
        Html html = new Html().header(title, String.join(", ", labels));
        for (String warning : warnings()) html.note("Note", "Careful: " + warning + ".");
        Table table = table();
        html.grid("Final figures", table.header(), table.rows());
        List<Figure> curves = curves(plots, axis);
        if (!curves.isEmpty()) html.figures("Training curves", curves);
        List<Figure> samples = samples(outDir);
        if (!samples.isEmpty()) html.figures("Samples", samples);
        html.links("Each run's own report", reportLinks(outDir));

        String footer = Html.generatedFrom(String.join(", ",
                runs.stream().map(r -> r.dir().toAbsolutePath().normalize().toString()).toList()));
        return html.write(outDir.resolve(PAGE), title + " - dgm4j", footer);
    }

    /**
     * One chart per metrics.csv column that at least two runs log with a finite value, a line per
     * run; none for a column that is one constant in all of them.
     */
    private List<Figure> curves(Path plots, Axis axis) {
        Set<String> columns = new LinkedHashSet<>();
        for (Run run : runs) {
            if (run.metrics() != null) columns.addAll(run.metrics().columns());
        }
        columns.removeAll(List.of("step", "epoch", axis.column));
        List<Figure> figures = new ArrayList<>();
        for (String column : columns) {
            Map<String, double[][]> series = new LinkedHashMap<>();
            for (Run run : runs) {
                CsvTable m = run.metrics();
                if (m == null || !m.has(column) || !m.has(axis.column)) continue;
                double[][] xy = Plots.finitePairs(m.column(axis.column), m.column(column), Integer.MAX_VALUE);
                if (xy[0].length > 0) series.put(run.label(), xy);
            }
            if (series.size() < 2 || oneConstant(series.values())) continue;
            String file = "compare_" + column.replaceAll("[^A-Za-z0-9_-]", "_") + ".png";
            Plots.lineChart(plots.resolve(file), column, axis.label, column, series, colorSlots());
            figures.add(new Figure(RunReport.PLOTS + "/" + file, column + " vs " + axis.label
                    + (series.size() < runs.size() ? " (" + String.join(", ", series.keySet()) + ")" : "")));
        }
        return figures;
    }

    /** Whether every series holds one and the same value (a shared constant learning rate): a flat line compares nothing. */
    private static boolean oneConstant(Iterable<double[][]> series) {
        Double value = null;
        for (double[][] xy : series) {
            for (double y : xy[1]) {
                if (value == null) value = y;
                else if (y != value) return false;
            }
        }
        return true;
    }

    /**
     * Links from the page to each run's report.html (train writes one into every run), relative so
     * that the runs and their comparison can move together.
     */
    private Map<String, String> reportLinks(Path outDir) {
        Map<String, String> links = new LinkedHashMap<>();
        for (Run run : runs) {
            Path report = run.dir().resolve(RunReport.REPORT);
            Path relative = outDir.toAbsolutePath().normalize().relativize(report.toAbsolutePath().normalize());
            links.put(run.label() + " (" + run.dir() + ")", relative.toString().replace('\\', '/'));
        }
        return links;
    }

    /** Run i draws in colour i on every chart, whichever runs a chart shows. */
    private Map<String, Integer> colorSlots() {
        Map<String, Integer> slots = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) slots.put(runs.get(i).label(), i);
        return slots;
    }

    /**
     * Each run's final samples: 2-D point clouds drawn on one set of axis limits, so shapes compare
     * point for point; image grids copied in, so the comparison folder stands alone.
     */
    private List<Figure> samples(Path outDir) {
        List<double[][]> clouds = new ArrayList<>();
        for (Run run : runs) {
            if (run.samples() != null) clouds.add(new double[][] {run.samples().column("x"), run.samples().column("y")});
        }
        AxisLimits shared = clouds.isEmpty() ? null : AxisLimits.squareCovering(clouds.toArray(new double[0][][]));
        List<Figure> figures = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            String file = String.format(Locale.ROOT, "%02d-%s.png", i + 1, run.label().replaceAll("[^A-Za-z0-9_-]", "_"));
            if (run.samples() != null) {
                CsvTable s = run.samples();
                Plots.scatter(outDir.resolve(RunReport.PLOTS).resolve("samples_" + file), run.label(), "x", "y",
                        s.column("x"), s.column("y"), Plots.SAMPLE_COLOR, shared);
                figures.add(new Figure(RunReport.PLOTS + "/samples_" + file, run.label() + ": " + s.rowCount() + " samples"));
            } else if (run.sampleGrid() != null) {
                Path copy = outDir.resolve(RunReport.SNAPSHOTS).resolve(file);
                try {
                    Files.createDirectories(copy.getParent());
                    Files.copy(run.sampleGrid(), copy, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new InvalidInputException("cannot copy '" + run.sampleGrid() + "' to '" + copy + "': "
                            + e.getMessage(), e);
                }
                figures.add(new Figure(RunReport.SNAPSHOTS + "/" + file, run.label() + ": samples"));
            }
        }
        return figures;
    }

    /** Folder names, or the paths as given where two folders share a name (runs/a/vae and runs/b/vae). */
    private static List<String> labels(List<Path> dirs) {
        List<String> names = new ArrayList<>();
        for (Path dir : dirs) {
            Path name = dir.toAbsolutePath().normalize().getFileName();
            names.add(name == null ? dir.toString() : name.toString());
        }
        if (new HashSet<>(names).size() == names.size()) return names;
        return dirs.stream().map(Path::toString).toList();
    }

    /** The run's data, or "target U1" for a run fitted to an energy. */
    private static String dataOf(JsonObject config) {
        String data = text(config.get("data"));
        if (data != null) return data;
        String target = RunReport.target(config);
        return target == null ? null : "target " + target;
    }

    private static String text(JsonElement e) {
        return e == null || e.isJsonNull() ? null : JsonTable.display(e);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
