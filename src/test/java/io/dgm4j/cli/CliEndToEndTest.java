package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.TINY;
import static io.dgm4j.cli.Cli.concat;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI from train to eval, sample, density, data and resume, on one tiny shared run. */
class CliEndToEndTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void trainOnce() {
        run = SharedRun.moons();
    }

    private static double finite(String text) {
        double v = Double.parseDouble(text);
        assertTrue(Double.isFinite(v), text);
        return v;
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void trainWritesACompleteRunFolder() throws IOException {
        for (String f : List.of("config.json", "metrics.csv", "checkpoint/model.pt", "summary.json", "report.html")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        try (Stream<Path> plots = Files.list(run.resolve("plots"))) {
            List<Path> pngs = plots.filter(p -> p.toString().endsWith(".png")).toList();
            assertTrue(pngs.size() >= 4, pngs.toString());
            for (Path p : pngs) {
                byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(p), 4);
                assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, p.toString());
            }
        }
        JsonObject summary = json(run.resolve("summary.json"));
        assertEquals(30, summary.get("steps").getAsLong());
        finite(summary.get("val_nll_nats").getAsString());
        assertEquals("realnvp", json(run.resolve("config.json")).get("model").getAsString());
        List<String> metrics = lines(run.resolve("metrics.csv"));
        assertTrue(metrics.get(0).startsWith("step"), metrics.get(0));
        assertEquals("30", metrics.get(metrics.size() - 1).split(",")[0]);
    }

    @Test
    void evalPrintsNllAndBitsPerDim() throws IOException {
        Cli.Result r = ok("eval", "--run", run.toString(), "--threads", "1");
        double nll = finite(r.value("nll_nats"));
        double bpd = finite(r.value("bits_per_dim"));
        assertEquals(nll / (2 * Math.log(2)), bpd, 1e-9);
        // The run's own held-out split: the same figure as summary.json.
        assertEquals(json(run.resolve("summary.json")).get("val_nll_nats").getAsDouble(), nll, 1e-4);

        Cli.Result j = ok("eval", "--run", run.toString(), "--json", "--threads", "1");
        JsonObject o = JsonParser.parseString(j.out().trim()).getAsJsonObject();
        assertEquals(nll, o.get("nll_nats").getAsDouble(), 1e-12);
        assertEquals(bpd, o.get("bits_per_dim").getAsDouble(), 1e-12);

        Cli.Result named = ok("eval", "--run", run.toString(), "--data", "moons", "--threads", "1");
        assertEquals(nll, finite(named.value("nll_nats")), 1e-9);
    }

    @Test
    void sampleToCsvAndPng() throws IOException {
        Path csv = tmp.resolve("s.csv");
        ok("sample", "--run", run.toString(), "-n", "50", "--out", csv.toString(), "--threads", "1");
        List<String> rows = lines(csv);
        assertEquals("x,y", rows.get(0));
        assertEquals(51, rows.size());
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertEquals(2, f.length, row);
            finite(f[0]);
            finite(f[1]);
        }
        Path png = tmp.resolve("s.png");
        ok("sample", "--run", run.toString(), "-n", "50", "--out", png.toString(), "--threads", "1");
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
    }

    /** A file that exists may be something a user saved: refused before any work, replaced only with --force. */
    @Test
    void outputFilesThatExistAreReplacedOnlyWithForce() throws IOException {
        Path saved = tmp.resolve("saved.csv");
        Files.writeString(saved, "mine\n");
        String[][] commands = {
            {"data", "--data", "moons", "--out", saved.toString()},
            {"sample", "--run", run.toString(), "-n", "5", "--threads", "1", "--out", saved.toString()},
            {"interpolate", "--run", run.toString(), "--threads", "1", "--out", saved.toString()},
            {"density", "--run", run.toString(), "--resolution", "4", "--threads", "1", "--out", saved.toString()},
        };
        for (String[] command : commands) {
            Cli.assertUserError(run(command), "'" + saved + "' exists", "--force");
            assertEquals("mine\n", Files.readString(saved), command[0]);
        }
        // density's heatmap goes beside its CSV, under the same name: a picture of that name is kept as well.
        Path picture = tmp.resolve("fresh.png");
        Files.writeString(picture, "mine");
        Cli.assertUserError(run("density", "--run", run.toString(), "--out", tmp.resolve("fresh.csv").toString()),
                "'" + picture + "' exists");
        assertFalse(Files.exists(tmp.resolve("fresh.csv")));
        for (String[] command : commands) {
            ok(concat(command, "--force"));
            assertTrue(lines(saved).size() > 1, command[0]);
        }
    }

    @Test
    void densityOnARegularGridCoveringTheData() throws IOException {
        Path csv = tmp.resolve("d.csv");
        int resolution = 20;
        ok("density", "--run", run.toString(), "--out", csv.toString(), "--resolution", "" + resolution,
                "--threads", "1");
        assertTrue(Files.isRegularFile(tmp.resolve("d.png")));
        List<String> rows = lines(csv);
        assertEquals("x,y,log_density", rows.get(0));
        assertEquals(resolution * resolution, rows.size() - 1);
        java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
        java.util.TreeSet<Double> ys = new java.util.TreeSet<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            xs.add(finite(f[0]));
            ys.add(finite(f[1]));
            finite(f[2]);
        }
        assertEquals(resolution, xs.size());
        assertEquals(resolution, ys.size());
        // data.csv holds the (500) training points the grid must cover.
        List<String> data = lines(run.resolve("data.csv"));
        assertEquals(501, data.size());
        for (String row : data.subList(1, data.size())) {
            String[] f = row.split(",");
            double x = Double.parseDouble(f[0]);
            double y = Double.parseDouble(f[1]);
            assertTrue(xs.first() <= x && x <= xs.last(), row);
            assertTrue(ys.first() <= y && y <= ys.last(), row);
        }
    }

    /** data writes a CSV that train reads back; --standardize keeps eval in the data's own units. */
    @Test
    void dataThenTrainOnCsvWithStandardize() throws IOException {
        Path f = tmp.resolve("f.csv");
        Cli.Result d = ok("data", "--data", "moons", "--split", "test", "--test-size", "600", "--out", f.toString());
        assertTrue(d.out().contains("600 rows"), d.out());
        assertEquals(601, lines(f).size());
        Path dir = tmp.resolve("csv-run");
        ok(concat(new String[] {"train", "--model", "realnvp", "--data", f.toString(), "--standardize",
                "--out", dir.toString()}, TINY));
        // The CSV path is stored absolute, so eval/density/resume work from any working directory.
        assertTrue(Path.of(json(dir.resolve("config.json")).get("data").getAsString()).isAbsolute());
        double summaryNll = json(dir.resolve("summary.json")).get("val_nll_nats").getAsDouble();
        assertTrue(Double.isFinite(summaryNll));
        double heldOut = finite(ok("eval", "--run", dir.toString(), "--threads", "1").value("nll_nats"));
        assertEquals(summaryNll, heldOut, 1e-4);
        Cli.Result all = ok("eval", "--run", dir.toString(), "--data", f.toString(), "--threads", "1");
        double nllAll = finite(all.value("nll_nats"));
        assertEquals("600", all.value("examples"));
        // All rows vs the 10% held out: same model, same units, so about the same figure.
        assertEquals(heldOut, nllAll, 0.5);
    }

    /** A column that never changes makes any continuous density degenerate: train says so, and trains the rest. */
    @Test
    void aConstantColumnIsWarnedAbout() throws IOException {
        StringBuilder rows = new StringBuilder("a,b,c\n");
        java.util.Random random = new java.util.Random(0);
        for (int i = 0; i < 300; i++) {
            rows.append(random.nextGaussian()).append(",3.5,").append(random.nextGaussian()).append('\n');
        }
        Path f = Files.writeString(tmp.resolve("constant.csv"), rows);
        Cli.Result r = ok(concat(new String[] {"train", "--model", "realnvp", "--data", f.toString(),
                "--out", tmp.resolve("constant-run").toString()}, Cli.TINY_FILE));
        List<String> warnings = r.errLines().stream().filter(l -> l.startsWith("warning:")).toList();
        assertEquals(1, warnings.size(), r.err());
        assertTrue(warnings.get(0).contains("column 2") && warnings.get(0).contains("3.5")
                && warnings.get(0).contains("drop the column"), warnings.get(0));
        Cli.Result moons = ok(concat(new String[] {"train", "--model", "realnvp", "--data", "moons",
                "--out", tmp.resolve("no-warning").toString()}, TINY));
        assertFalse(moons.err().contains("warning:"), moons.err());
    }

    /**
     * --train-size, --test-size and --noise shape generated toy data, --test-fraction splits a CSV file, and MNIST
     * reads none of them: one given for data that does not read it is warned about (a default never is).
     */
    @Test
    void dataOptionsTheDataDoesNotReadAreWarnedAbout() throws IOException {
        Path f = tmp.resolve("ignored.csv");
        assertEquals(List.of(), ok("data", "--data", "moons", "--train-size", "400", "--out", f.toString()).errLines());
        Cli.Result csv = ok(concat(new String[] {"train", "--model", "realnvp", "--data", f.toString(),
                "--noise", "0.1", "--test-fraction", "0.2", "--out", tmp.resolve("ignored-csv").toString()}, TINY));
        List<String> warnings = csv.errLines().stream().filter(l -> l.startsWith("warning:")).toList();
        assertEquals(3, warnings.size(), csv.err());
        for (String option : List.of("--train-size", "--test-size", "--noise")) {
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("warning: " + option + " is ignored")
                    && w.contains("'" + f + "' is a CSV file")), option + ": " + csv.err());
        }
        Cli.Result toy = ok(concat(new String[] {"train", "--model", "realnvp", "--data", "moons",
                "--test-fraction", "0.2", "--out", tmp.resolve("ignored-toy").toString()}, TINY));
        assertEquals(List.of("warning: --test-fraction is ignored: it splits a CSV file's rows, and 'moons' is generated "
                + "toy data, whose held-out part is --test-size points"), toy.errLines(), toy.err());
        Cli.Result toyDir = ok("data", "--data", "moons", "--data-dir", Cli.SHARED_MNIST.toString(),
                "--out", tmp.resolve("ignored-dir.csv").toString());
        assertEquals(List.of("warning: --data-dir is ignored: it is where MNIST is read from, and 'moons' is generated "
                + "toy data, whose held-out part is --test-size points"), toyDir.errLines(), toyDir.err());
        Cli.Result mnist = ok("data", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(), "--split", "test",
                "--noise", "0.1", "--test-fraction", "0.5", "--out", tmp.resolve("ignored-mnist.csv").toString());
        assertEquals(2, mnist.errLines().size(), mnist.err());
        assertTrue(mnist.err().contains("warning: --noise is ignored")
                && mnist.err().contains("warning: --test-fraction is ignored")
                && mnist.err().contains("'mnist10k' comes with its own fixed train/test split"), mnist.err());
    }

    /** Raw values of 1e6 (prices, counts): a density of them needs --standardize, and the warning says so up front. */
    @Test
    void valuesFarFromUnitScaleAreWarnedAbout() throws IOException {
        StringBuilder rows = new StringBuilder("a,b\n");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 300; i++) {
            rows.append(1e6 * random.nextGaussian()).append(',').append(random.nextGaussian()).append('\n');
        }
        Path f = Files.writeString(tmp.resolve("large.csv"), rows);
        Cli.Result raw = ok(concat(new String[] {"train", "--model", "realnvp", "--data", f.toString(),
                "--out", tmp.resolve("large-raw").toString()}, TINY));
        assertTrue(raw.err().contains("warning: '" + f + "' has values up to") && raw.err().contains("--standardize"),
                raw.err());
        Cli.Result standardized = ok(concat(new String[] {"train", "--model", "realnvp", "--data", f.toString(),
                "--standardize", "--out", tmp.resolve("large-standardized").toString()}, Cli.TINY_FILE));
        assertFalse(standardized.err().contains("warning:"), standardized.err());
    }

    @Test
    void dataWithStandardizeWritesStandardizedValues() throws IOException {
        Path f = tmp.resolve("std.csv");
        ok("data", "--data", "moons", "--train-size", "400", "--standardize", "--out", f.toString());
        List<String> rows = lines(f);
        assertEquals(401, rows.size());
        double[] sum = new double[2];
        double[] sq = new double[2];
        for (String row : rows.subList(1, rows.size())) {
            String[] v = row.split(",");
            for (int j = 0; j < 2; j++) {
                double x = Double.parseDouble(v[j]);
                sum[j] += x;
                sq[j] += x * x;
            }
        }
        for (int j = 0; j < 2; j++) {
            double mean = sum[j] / 400;
            assertEquals(0, mean, 1e-3);
            assertEquals(1, Math.sqrt(sq[j] / 400 - mean * mean), 0.01);
        }
    }

    /**
     * Through the CLI too (data reloaded, sample snapshots taken on the way), with each optimizer and its
     * saved state: resumed = uninterrupted.
     */
    @ParameterizedTest
    @ValueSource(strings = {"adam", "adamw", "rmsprop", "sgd"})
    void resumedRunEqualsUninterruptedRun(String optimizer) throws IOException {
        Path straight = tmp.resolve("straight-" + optimizer);
        Path stopped = tmp.resolve("stopped-" + optimizer);
        String[] common = {"train", "--model", "realnvp", "--data", "moons", "--eval-every", "10", "--layers", "2",
            "--hidden", "16", "--train-size", "500", "--test-size", "200", "--batch-size", "64", "--threads", "1",
            "--optimizer", optimizer, "--weight-decay", "0.01"};
        if (optimizer.equals("sgd")) {
            common = concat(common, new String[] {"--momentum", "0.9", "--lr", "0.01"});
        }
        ok(concat(common, new String[] {"--out", straight.toString(), "--steps", "30"}));
        ok(concat(common, new String[] {"--out", stopped.toString(), "--steps", "20"}));
        ok("train", "--resume", "--out", stopped.toString(), "--steps", "30", "--threads", "1");
        assertEquals(optimizer, json(stopped.resolve("config.json")).getAsJsonObject("training").get("optimizer")
                .getAsString());
        assertEquals(withoutElapsed(straight.resolve("metrics.csv")), withoutElapsed(stopped.resolve("metrics.csv")));
        assertEquals(ok("eval", "--run", straight.toString(), "--threads", "1").out(),
                ok("eval", "--run", stopped.toString(), "--threads", "1").out());
        try (Stream<Path> files = Files.list(straight.resolve("samples"))) {
            assertEquals(3, files.filter(f -> f.getFileName().toString().matches("step-\\d{7}\\.csv")).count());
        }
        assertTrue(Files.readString(straight.resolve("report.html")).contains("Samples during training"));
    }

    private static List<String> withoutElapsed(Path metrics) throws IOException {
        return lines(metrics).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void resumeContinuesToTheNewTotal() throws IOException {
        Path copy = tmp.resolve("resumed");
        Cli.copyTree(run, copy);
        ok("train", "--resume", "--out", copy.toString(), "--steps", "45", "--threads", "1");
        List<String> metrics = lines(copy.resolve("metrics.csv"));
        assertEquals("45", metrics.get(metrics.size() - 1).split(",")[0]);
        long[] steps = metrics.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[0])).toArray();
        for (int i = 1; i < steps.length; i++) {
            assertTrue(steps[i] > steps[i - 1], "metrics steps must increase: " + metrics);
        }
        assertEquals(45, json(copy.resolve("summary.json")).get("steps").getAsLong());
        assertEquals(45, json(copy.resolve("config.json")).getAsJsonObject("training").get("steps").getAsLong());
    }

    @Test
    void reportRewritesTheReport() {
        Path copy = tmp.resolve("report-copy");
        Cli.copyTree(run, copy);
        Cli.Result r = ok("report", "--run", copy.toString());
        assertTrue(r.out().contains("report.html"), r.out());
    }

    /** A 3-D CSV trains end to end (no 2-D plots), and constant data still gets a density grid. */
    @Test
    void nonPlanarAndDegenerateData() throws IOException {
        StringBuilder three = new StringBuilder("a,b,c\n");
        StringBuilder constant = new StringBuilder("x,y\n");
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 200; i++) {
            three.append(rnd.nextGaussian()).append(',').append(rnd.nextGaussian()).append(',')
                    .append(rnd.nextGaussian()).append('\n');
            constant.append("1.5,").append(rnd.nextGaussian()).append('\n');
        }
        Path f3 = Files.writeString(tmp.resolve("three.csv"), three);
        Path fc = Files.writeString(tmp.resolve("constant.csv"), constant);
        Path d3 = tmp.resolve("run3");
        ok(concat(new String[] {"train", "--model", "realnvp", "--data", f3.toString(), "--out", d3.toString()}, TINY));
        ok("sample", "--run", d3.toString(), "-n", "10", "--out", tmp.resolve("s3.csv").toString(), "--threads", "1");
        assertEquals("x0,x1,x2", lines(tmp.resolve("s3.csv")).get(0));
        Path dc = tmp.resolve("runc");
        ok(concat(new String[] {"train", "--model", "realnvp", "--data", fc.toString(), "--out", dc.toString()}, TINY));
        ok("density", "--run", dc.toString(), "--out", tmp.resolve("dc.csv").toString(), "--resolution", "10",
                "--threads", "1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "train", "sample", "interpolate", "eval", "compare", "score", "classifier", "density", "report", "data",
            "download-mnist"})
    void helpOnEveryCommand(String command) {
        Cli.Result r = ok(command, "--help");
        assertTrue(r.out().contains("Usage"), r.out());
        Cli.Result viaHelp = ok("help", command);
        assertTrue(viaHelp.out().contains("Usage: dgm4j " + command), viaHelp.out());
    }

    @Test
    void topLevelHelpListsEveryCommandWithASentence() {
        Cli.Result r = ok("--help");
        assertTrue(r.out().contains("Usage: dgm4j"), r.out());
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        for (var e : cli.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue; // picocli's own, described by its header
            }
            String[] description = e.getValue().getCommandSpec().usageMessage().description();
            assertTrue(description.length > 0, e.getKey());
            String first = description[0].strip();
            assertTrue(first.endsWith("."), "first description line of '" + e.getKey() + "' must be a sentence: " + first);
            assertTrue(Character.isUpperCase(first.charAt(0)), first);
            for (String line : description) {
                // picocli prints each element as a line and wraps at 80 columns: keep them short.
                assertTrue(line.length() < 80, "description line of '" + e.getKey() + "' too long: " + line);
            }
            assertTrue(r.out().contains(e.getKey()), e.getKey());
        }
        assertEquals(0, ok("--version").code());
    }
}
