package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --target (reverse KL against an energy) end to end: run folder, resume, eval, sample, density, errors. */
class CliTargetTest {
    /** A tiny budget: 4 planar layers, 60 steps of 64 samples, evaluated every 30. */
    static final String[] TINY_TARGET = {"--steps", "60", "--layers", "4", "--batch-size", "64", "--eval-every", "30",
            "--lr", "1e-2", "--threads", "1"};

    @TempDir
    static Path tmp;
    static Path planarRun;

    @BeforeAll
    static void trainOnce() {
        planarRun = tmp.resolve("planar-u1");
        ok(Cli.concat(new String[] {"train", "--model", "planar", "--target", "U1", "--out", planarRun.toString()},
                TINY_TARGET));
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    private static Cli.Result trainFails(String... args) {
        Path out = tmp.resolve("never-" + Math.abs(java.util.Arrays.hashCode(args)));
        Cli.Result r = run(Cli.concat(Cli.concat(new String[] {"train", "--out", out.toString()}, TINY_TARGET), args));
        assertFalse(Files.exists(out.resolve("config.json")), () -> "a failed train left a run folder: " + r);
        return r;
    }

    @Test
    void trainWritesATargetRunFolder() throws IOException {
        for (String f : List.of("config.json", "metrics.csv", "checkpoint/model.pt", "summary.json", "samples.csv",
                "target_density.csv", "report.html", "plots/target_density.png", "plots/samples.png")) {
            assertTrue(Files.isRegularFile(planarRun.resolve(f)), f);
        }
        assertFalse(Files.exists(planarRun.resolve("density.csv")), "a planar flow has no density at grid points");
        JsonObject config = json(planarRun.resolve("config.json"));
        assertEquals("reverse-kl", config.getAsJsonObject("objective").get("kind").getAsString());
        assertEquals("U1", config.getAsJsonObject("objective").getAsJsonObject("options").get("target").getAsString());
        JsonObject summary = json(planarRun.resolve("summary.json"));
        double ess = summary.get("ess").getAsDouble();
        assertTrue(ess > 0 && ess <= 1, "ess " + ess);
        assertTrue(Double.isFinite(summary.get("reverse_kl").getAsDouble()));
        assertTrue(Double.isFinite(summary.get("log_z").getAsDouble()));
        String header = Files.readAllLines(planarRun.resolve("metrics.csv")).get(0);
        assertTrue(header.contains("val_reverse_kl") && header.contains("val_ess") && header.contains("val_log_z"), header);
        String report = Files.readString(planarRun.resolve("report.html"));
        assertTrue(report.contains("Target density") && report.contains("planar on target U1"), "report");
        assertEquals(2001, Files.readAllLines(planarRun.resolve("samples.csv")).stream().filter(l -> !l.isBlank()).count());
    }

    @Test
    void evalPrintsTheImportanceSamplingFigures() {
        Cli.Result r = ok("eval", "--run", planarRun.toString());
        double ess = Double.parseDouble(r.value("ess"));
        assertTrue(ess > 0 && ess <= 1, "ess " + ess);
        assertTrue(Double.isFinite(Double.parseDouble(r.value("reverse_kl"))));
        assertTrue(Double.isFinite(Double.parseDouble(r.value("log_z"))));
        assertEquals(r.out(), ok("eval", "--run", planarRun.toString()).out(), "eval is repeatable");
        assertUserError(run("eval", "--run", planarRun.toString(), "--data", "moons"), "target U1", "drop --data");
        double se = Double.parseDouble(r.value("log_z_se"));
        long samples = Long.parseLong(r.value("samples"));
        assertEquals(Math.sqrt((1 / ess - 1) / samples), se, 1e-9 * se, "log_z_se from the printed ess");
        assertTrue(Double.parseDouble(r.value("reverse_kl_se")) > 0);

        // One step from the initial flow on U2's thin band: a handful of weights carry the estimate (8 of
        // 20000 when measured), and eval says so.
        Path barely = tmp.resolve("barely");
        ok("train", "--model", "planar", "--target", "U2", "--steps", "1", "--layers", "2", "--batch-size", "64",
                "--out", barely.toString());
        Cli.Result early = ok("eval", barely.toString());
        double effective = Double.parseDouble(early.value("ess")) * Long.parseLong(early.value("samples"));
        assertTrue(effective < 100, "the untrained flow's effective samples: " + effective);
        assertTrue(early.err().contains("warning: the importance weights rest on") && early.err().contains("log_z"),
                early.err());
    }

    /** A target run reads no data options, and its eval neither times nor runs AIS: each given is warned about. */
    @Test
    void optionsATargetRunDoesNotReadAreWarnedAbout() {
        Cli.Result train = ok(Cli.concat(new String[] {"train", "--model", "planar", "--target", "U1",
                "--out", tmp.resolve("ignored").toString(), "--train-size", "100", "--test-fraction", "0.2"}, TINY_TARGET));
        assertEquals(List.of(
                "warning: --train-size is ignored: it applies to generated toy data, and a --target run has no data "
                        + "(it draws its own samples)",
                "warning: --test-fraction is ignored: it splits a CSV file's rows, and a --target run has no data "
                        + "(it draws its own samples)"), train.errLines(), train.err());
        Cli.Result eval = ok("eval", planarRun.toString(), "--timing", "--ais-chains", "5");
        assertEquals(List.of(
                "warning: --timing is ignored: '" + planarRun + "' was fitted to target U1, whose eval prints "
                        + "importance-sampling figures only",
                "warning: --ais-chains is ignored: AIS estimates log Z only for an RBM or a DBN, and '" + planarRun
                        + "' is a planar run"), eval.errLines(), eval.err());
        assertFalse(eval.out().contains("ms_per_1000"), eval.out());
        assertEquals(List.of(), ok("eval", planarRun.toString()).errLines());
    }

    @Test
    void sampleWorksAndDensityFailsClearly() throws IOException {
        Path csv = tmp.resolve("s.csv");
        ok("sample", "--run", planarRun.toString(), "-n", "50", "--out", csv.toString());
        assertEquals(51, Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).count());
        assertUserError(run("density", "--run", planarRun.toString(), "--out", tmp.resolve("d.csv").toString()),
                "planar", "no exact density");
    }

    @Test
    void resumeContinuesAndKeepsTheTarget() throws IOException {
        Path copy = tmp.resolve("resumed");
        Cli.copyTree(planarRun, copy);
        assertUserError(run("train", "--resume", "--out", copy.toString(), "--data", "moons"), "fits target U1",
                "drop --data");
        assertUserError(run("train", "--resume", "--out", copy.toString(), "--target", "U2"), "--target U2", "U1");
        ok("train", "--resume", "--out", copy.toString(), "--target", "U1", "--steps", "90", "--threads", "1");
        List<String> rows = Files.readAllLines(copy.resolve("metrics.csv")).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(4, rows.size(), rows.toString());
        assertTrue(rows.get(3).startsWith("90,"), rows.get(3));
        assertEquals(90, json(copy.resolve("summary.json")).get("steps").getAsLong());
    }

    /** A flow with a density (realnvp) trained against a target also maps its own density over the target's box. */
    @Test
    void realNvpAgainstATargetAlsoWritesItsDensity() {
        Path out = tmp.resolve("realnvp-moons-energy");
        ok("train", "--model", "realnvp", "--target", "moons-energy", "--out", out.toString(), "--steps", "20",
                "--layers", "2", "--hidden", "16", "--batch-size", "64", "--threads", "1");
        assertTrue(Files.isRegularFile(out.resolve("density.csv")));
        assertTrue(Files.isRegularFile(out.resolve("target_density.csv")));
        ok("density", "--run", out.toString(), "--out", tmp.resolve("rd.csv").toString(), "--resolution", "20");
        // A target run has no held-out split to interpolate between: it says so (once an internal error).
        assertUserError(run("interpolate", "--run", out.toString(), "--out", tmp.resolve("i.csv").toString()),
                "target moons-energy", "--data");
        ok("interpolate", "--run", out.toString(), "--data", "moons", "--out", tmp.resolve("i.csv").toString());
    }

    @Test
    void badInput() {
        assertUserError(trainFails("--model", "planar", "--target", "U9"), "unknown target 'U9'", "U1", "moons-energy");
        assertUserError(trainFails("--model", "planar", "--target", "U1", "--data", "moons"), "--target", "--data");
        assertUserError(trainFails("--model", "planar", "--data", "moons"), "planar", "--target", "reverse KL");
        assertUserError(trainFails("--model", "radial", "--data", "moons"), "radial", "--target");
        assertUserError(trainFails("--target", "U1"), "--model");
        Path out = tmp.resolve("never-epochs");
        assertUserError(run("train", "--model", "planar", "--target", "U1", "--epochs", "2", "--out", out.toString()),
                "--epochs counts passes over --data", "use --steps");
        assertFalse(Files.exists(out));
        assertUserError(trainFails("--model", "planar", "--target", "U1", "--standardize"), "--standardize");
        assertUserError(run("train", "--resume", "--out", SharedRun.moons().toString(), "--target", "U1"),
                "drop --target");
    }
}
