package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.concat;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nice family and the flow-layer options (--opt permutation/actnorm/batchnorm) through the CLI. */
class FlowOptionsCliTest {
    /** 200 steps on moons, small nets, two evaluations: a few seconds. */
    private static final String[] SHORT = {"--data", "moons", "--steps", "200", "--hidden", "32",
            "--train-size", "1000", "--test-size", "500", "--batch-size", "128", "--lr", "1e-2",
            "--eval-every", "100", "--threads", "1"};

    @TempDir
    static Path tmp;

    private static double summaryNll(Path run) throws IOException {
        return JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject()
                .get("val_nll_nats").getAsDouble();
    }

    /** The best Gaussian fit to moons has a held-out NLL of about 2.0 nats; NICE must beat it clearly. */
    @Test
    void niceLearnsMoons() throws IOException {
        Path dir = tmp.resolve("nice");
        ok(concat(new String[] {"train", "--model", "nice", "--out", dir.toString()}, SHORT));
        double nll = summaryNll(dir);
        assertTrue(nll < 1.6 && nll > 0, "held-out NLL after 200 steps: " + nll);
    }

    /**
     * A model with every extra layer trains, and eval on the reloaded run reproduces the NLL the
     * training reported: ActNorm must not re-initialise and batch norm must get its running
     * averages back from the checkpoint, or the figures would differ.
     */
    @Test
    void extraLayersTrainAndSurviveReloading() throws IOException {
        Path dir = tmp.resolve("realnvp-extras");
        ok(concat(new String[] {"train", "--model", "realnvp", "--layers", "4", "--out", dir.toString(),
                "--opt", "permutation=learned", "--opt", "actnorm=true", "--opt", "batchnorm=true"}, SHORT));
        double trained = summaryNll(dir);
        assertTrue(trained < 1.6, "held-out NLL after 200 steps: " + trained);
        double reloaded = Double.parseDouble(ok("eval", "--run", dir.toString(), "--threads", "1").value("nll_nats"));
        assertEquals(trained, reloaded, 1e-4);
    }

    @Test
    void unknownPermutationIsABadInput() {
        Path dir = tmp.resolve("never-permutation");
        Cli.Result r = run(concat(new String[] {"train", "--model", "nice", "--out", dir.toString(),
                "--data", "moons", "--opt", "permutation=shuffle"}, Cli.TINY));
        assertUserError(r, "permutation='shuffle'", "reverse, random, learned");
        assertFalse(Files.exists(dir.resolve("config.json")));
    }

    @Test
    void imageDataIsABadInputForNice() {
        assumeTrue(Files.isRegularFile(Cli.SHARED_MNIST.resolve("t10k-images-idx3-ubyte.gz")),
                "shared MNIST copy not found at " + Cli.SHARED_MNIST);
        Path dir = tmp.resolve("never-mnist");
        Cli.Result r = run(concat(new String[] {"train", "--model", "nice", "--data", "mnist10k", "--data-dir",
                Cli.SHARED_MNIST.toString(), "--out", dir.toString()}, Cli.TINY));
        assertUserError(r, "nice takes vector data", "[1, 28, 28]");
        assertFalse(Files.exists(dir.resolve("config.json")));
    }
}
