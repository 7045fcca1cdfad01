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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbn through the CLI on MNIST: greedy training, the bounds in eval, exact resume with persistent chains, bad input. */
class DbnCliTest {
    @TempDir
    static Path tmp;

    private static String[] train(Path out, long steps, String... modelArgs) {
        return Cli.concat(new String[] {"train", "--model", "dbn", "--data", "mnist10k", "--data-dir",
                Cli.SHARED_MNIST.toString(), "--steps", Long.toString(steps), "--eval-every", "10", "--batch-size", "32",
                "--opt", "units=16,8", "--opt", "layer-steps=10", "--opt", "sample-steps=10", "--threads", "1",
                "--out", out.toString()}, modelArgs);
    }

    @Test
    void trainsGreedilyAndEvaluatesItsBounds() throws IOException {
        Path out = tmp.resolve("dbn");
        ok(train(out, 20));
        List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int bottom = header.indexOf("train_free_energy_gap_1");
        int top = header.indexOf("train_free_energy_gap_2");
        String[] first = lines.get(1).split(",", -1);
        String[] second = lines.get(2).split(",", -1);
        assertTrue(!first[bottom].isEmpty() && first[top].isEmpty(), "steps 1-10 train the bottom RBM: " + lines.get(1));
        assertTrue(second[bottom].isEmpty() && !second[top].isEmpty(),
                "steps 11-20 the top one: " + lines.get(2));
        // A row across the switch (steps 1-15 with layer-steps 10) averages each layer's gap over its own steps.
        Path across = tmp.resolve("dbn-across");
        ok("train", "--model", "dbn", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(), "--steps", "20",
                "--eval-every", "15", "--batch-size", "32", "--opt", "units=16,8", "--opt", "layer-steps=10",
                "--opt", "sample-steps=10", "--threads", "1", "--out", across.toString());
        String[] spanning = Files.readAllLines(across.resolve("metrics.csv")).get(1).split(",", -1);
        assertEquals(Double.parseDouble(first[bottom]), Double.parseDouble(spanning[bottom]), 1e-9,
                "the bottom RBM's steps 1-10 are the same in both runs");
        assertFalse(spanning[top].isEmpty(), "the top RBM trained in steps 11-15");
        assertTrue(Cli.metricsHeader(out).contains("val_recon_bce"));
        assertEquals("greedy-layerwise", Cli.json(out.resolve("config.json")).getAsJsonObject("objective")
                .get("kind").getAsString());
        assertTrue(Cli.isPng(out.resolve("samples.png")));

        Cli.Result r = ok("eval", "--run", out.toString(), "--k", "20", "--ais-chains", "10", "--ais-temperatures", "50",
                "--threads", "1");
        double elbo = finite(r.value("elbo_nats"));
        double nll = finite(r.value("iwae_nll_nats"));
        assertTrue(nll <= -elbo, "the K-sample bound of the ELBO's own draws is tighter: " + r.out());
        // barely trained: between the base-rate model (~200 nats) and uniform pixels (784 log 2 = 543)
        assertTrue(nll > 150 && nll < 543, "nll " + nll);
        assertTrue(finite(r.value("log_z_lower_bound")) <= finite(r.value("ais_log_z")), r.out());
        assertEquals(nll, Cli.json(out.resolve("eval.json")).get("iwae_nll_nats").getAsDouble(), 1e-9);
    }

    /**
     * Each layer's persistent chains are in the checkpoint and the blocks follow the step, so a run resumed at
     * just after the top layer's block starts (step 11) or later (20) equals an uninterrupted one.
     */
    @Test
    void resumedRunEqualsUninterruptedRun() throws IOException {
        Path straight = tmp.resolve("straight");
        ok(train(straight, 30, "--opt", "persistent=true", "--opt", "chains=8"));
        for (long stop : new long[] {11, 20}) {
            Path stopped = tmp.resolve("stopped-" + stop);
            ok(train(stopped, stop, "--opt", "persistent=true", "--opt", "chains=8"));
            ok("train", "--resume", "--out", stopped.toString(), "--steps", "30", "--threads", "1");
            List<String> expected = withoutElapsed(straight);
            List<String> resumed = withoutElapsed(stopped);
            if (stop % 10 == 0) {
                assertEquals(expected, resumed, "stopped at " + stop);
            } else {
                // a stop between evaluations adds a row there, but from step 21 on the rows agree
                assertEquals(expected.get(expected.size() - 1), resumed.get(resumed.size() - 1), "stopped at " + stop);
            }
        }
    }

    private static List<String> withoutElapsed(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void badInputGetsOneLineErrors() {
        assertUserError(run(train(tmp.resolve("one"), 20, "--opt", "units=16")), "at least two RBMs");
        assertUserError(run(train(tmp.resolve("short"), 10)), "at least 11 steps", "layer-steps");
        assertUserError(run("train", "--model", "dbn", "--data", "moons", "--steps", "2000", "--out",
                tmp.resolve("moons").toString()), "deep belief network");
    }
}
