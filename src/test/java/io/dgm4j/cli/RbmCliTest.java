package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.finite;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rbm through the CLI on MNIST: CD and PCD training, exact resume of the persistent chains, AIS in eval, bad input. */
class RbmCliTest {
    @TempDir
    static Path tmp;

    private static String[] train(Path out, long steps, String... modelArgs) {
        return Cli.concat(new String[] {"train", "--model", "rbm", "--data", "mnist10k", "--data-dir",
                Cli.SHARED_MNIST.toString(), "--steps", Long.toString(steps), "--eval-every", "10", "--batch-size", "32",
                "--hidden", "16", "--opt", "sample-steps=10", "--threads", "1", "--out", out.toString()}, modelArgs);
    }

    @Test
    void trainsByContrastiveDivergenceAndEvaluatesByAis() throws IOException {
        Path out = tmp.resolve("cd");
        ok(train(out, 20, "--opt", "k=2"));
        List<String> header = Cli.metricsHeader(out);
        assertTrue(header.containsAll(List.of("train_free_energy_gap", "val_free_energy", "val_recon_bce")),
                header.toString());
        assertEquals("contrastive-divergence", Cli.json(out.resolve("config.json")).getAsJsonObject("objective")
                .get("kind").getAsString());
        assertTrue(Cli.isPng(out.resolve("samples.png")));
        com.google.gson.JsonObject training = Cli.json(out.resolve("config.json")).getAsJsonObject("training");
        assertEquals("sgd", training.get("optimizer").getAsString(), "the family's default optimizer");
        assertEquals(0.1, training.get("learning_rate").getAsDouble());
        assertEquals(0.5, training.get("momentum").getAsDouble());

        Cli.Result r = ok("eval", "--run", out.toString(), "--ais-chains", "10", "--ais-temperatures", "50",
                "--threads", "1");
        double nll = finite(r.value("ais_nll_nats"));
        double logZ = finite(r.value("ais_log_z"));
        assertEquals(finite(r.value("free_energy")) + logZ, nll, 1e-9);
        assertTrue(finite(r.value("ais_log_z_high")) >= logZ);
        double ess = finite(r.value("ais_ess"));
        assertTrue(ess >= 1 && ess <= 10, "the effective chains of 10: " + ess);
        // 20 steps from weights of 0.01 and biases at the pixel marginals: near that base-rate model (about 200
        // nats on binarised MNIST), far better than uniform (784 log 2 = 543).
        assertTrue(nll > 150 && nll < 300, "nll " + nll);
        assertTrue(finite(r.value("log_z_lower_bound")) <= logZ, "AIS below the certain lower bound: " + r.out());
        assertEquals(nll, Cli.json(out.resolve("eval.json")).get("ais_nll_nats").getAsDouble(), 1e-9);

        // Two chains and one temperature: a band whose lower end is below 0 in w, so log -Infinity, which
        // --json still prints (as Python's json module reads it) instead of failing.
        Cli.Result wide = ok("eval", "--run", out.toString(), "--ais-chains", "2", "--ais-temperatures", "1", "--json",
                "--threads", "1");
        com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(new java.io.StringReader(wide.out()));
        reader.setLenient(true);
        com.google.gson.JsonObject printed = com.google.gson.JsonParser.parseReader(reader).getAsJsonObject();
        assertTrue(printed.get("ais_log_z_low").getAsDouble() <= printed.get("ais_log_z").getAsDouble(), wide.out());
    }

    /** The persistent chains live in the checkpoint, so a resumed PCD run continues them: resumed = uninterrupted. */
    @Test
    void resumedPersistentRunEqualsUninterruptedRun() throws IOException {
        Path straight = tmp.resolve("pcd-straight");
        Path stopped = tmp.resolve("pcd-stopped");
        ok(train(straight, 30, "--opt", "persistent=true", "--opt", "chains=8"));
        ok(train(stopped, 20, "--opt", "persistent=true", "--opt", "chains=8"));
        ok("train", "--resume", "--out", stopped.toString(), "--steps", "30", "--threads", "1");
        assertEquals(withoutElapsed(straight), withoutElapsed(stopped));
    }

    /**
     * Validation runs Gibbs chains of its own, and must hand the random stream back untouched: a run stopped at
     * step 15, which the uninterrupted run does not validate at, resumes to the same model.
     */
    @Test
    void validationDoesNotChangeTheTrainedModel() throws IOException {
        Path straight = tmp.resolve("cd-straight");
        Path stopped = tmp.resolve("cd-stopped-off-grid");
        ok(train(straight, 30));
        ok(train(stopped, 15));
        ok("train", "--resume", "--out", stopped.toString(), "--steps", "30", "--threads", "1");
        List<String> header = List.of(Files.readAllLines(straight.resolve("metrics.csv")).get(0).split(","));
        List<String> a = List.of(lastRow(straight));
        List<String> b = List.of(lastRow(stopped));
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).startsWith("val_")) {
                assertEquals(a.get(i), b.get(i), header.get(i) + " at step 30");
            }
        }
    }

    private static String[] lastRow(Path run) throws IOException {
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        return rows.get(rows.size() - 1).split(",", -1);
    }

    private static List<String> withoutElapsed(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    private static void trainFails(String[] modelArgs, String... fragments) {
        Path out = tmp.resolve("never-" + Math.abs(Arrays.hashCode(modelArgs)));
        assertUserError(run(train(out, 2, modelArgs)), fragments);
        assertFalse(Files.exists(out.resolve("config.json")), "a failed train left a run folder");
    }

    @Test
    void badInputIsRefusedWithOneLine() {
        Path moons = tmp.resolve("never-moons");
        assertUserError(run("train", "--model", "rbm", "--data", "moons", "--steps", "2", "--threads", "1", "--out",
                moons.toString()), "moons", "outside [0, 1]", "restricted Boltzmann machine");
        trainFails(new String[] {"--opt", "k=0"}, "k='0'");
        trainFails(new String[] {"--opt", "chains=5"}, "chains");
        Path out = tmp.resolve("bad-eval");
        ok(train(out, 2));
        assertUserError(run("eval", "--run", out.toString(), "--ais-chains", "1"), "--ais-chains");
        assertUserError(run("eval", "--run", out.toString(), "--naive-k", "5"), "--naive-k");
    }
}
