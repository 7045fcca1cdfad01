package io.dgm4j.cli;

import io.dgm4j.run.RunArtifacts;
import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.concat;
import static io.dgm4j.cli.Cli.finite;
import static io.dgm4j.cli.Cli.isPng;
import static io.dgm4j.cli.Cli.json;
import static io.dgm4j.cli.Cli.metricsHeader;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vae and iwae through the CLI: training on MNIST and 2-D data, eval's bounds, and bad input. */
class VaeCliTest {
    /** A tiny 2-D run: seconds. */
    private static final String[] TINY_POINTS = {"--steps", "30", "--hidden", "16", "--train-size", "500",
            "--test-size", "200", "--batch-size", "64", "--threads", "1"};
    private static final List<String> COLUMNS = List.of("train_loss", "train_recon", "train_kl", "val_elbo", "val_recon",
            "val_kl", "val_active_units");

    @TempDir
    static Path tmp;

    @Test
    void vaeOnMnistLogsItsTermsDrawsPicturesAndEvaluatesBothBounds() throws IOException {
        Path out = tmp.resolve("mnist");
        ok("train", "--model", "vae", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(), "--steps", "20",
                "--eval-every", "10", "--batch-size", "64", "--hidden", "32", "--latent", "4", "--threads", "1",
                "--out", out.toString());
        assertTrue(metricsHeader(out).containsAll(COLUMNS), metricsHeader(out).toString());
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(3, rows.size(), "a header and rows at steps 10 and 20");
        JsonObject config = json(out.resolve("config.json"));
        assertEquals("elbo", config.getAsJsonObject("objective").get("kind").getAsString());
        assertEquals("4", config.getAsJsonObject("model_options").get("latent").getAsString());
        for (String picture : List.of("samples.png", "interpolations.png", "samples/step-0000010.png",
                "samples/step-0000020.png")) {
            assertTrue(isPng(out.resolve(picture)), picture);
        }
        assertTrue(Files.readString(out.resolve("report.html")).contains("samples.png"));

        Cli.Result r = ok("eval", "--run", out.toString(), "--k", "20", "--threads", "1");
        double elbo = finite(r.value("elbo_nats"));
        double iwaeNll = finite(r.value("iwae_nll_nats"));
        assertEquals("20", r.value("iwae_k"));
        assertTrue(r.err().lines().anyMatch(l -> l.matches("\\[=+\\] (\\d+)/\\1 examples .*IWAE-20 bound.*")),
                "the IWAE bound's progress reaches all examples: " + r.err());
        assertTrue(elbo < -50, "an MNIST ELBO after 20 steps is far below 0 nats: " + elbo);
        // Both from the same 20 draws per digit: IWAE_20 >= ELBO for the printed figures, not only in expectation.
        assertTrue(iwaeNll <= -elbo, "iwae_nll " + iwaeNll + " vs elbo " + elbo);
        // The same figure as the last validation row (same held-out split, same fixed binarisation), up to sampling noise.
        String[] last = rows.get(2).split(",");
        double valElbo = Double.parseDouble(last[metricsHeader(out).indexOf("val_elbo")]);
        assertEquals(valElbo, elbo, 2.0);
    }

    /**
     * The conv encoder/decoder through the CLI with a 2-D latent: trains, leaves reconstructions,
     * the manifold and the labelled latent scatter in the report, and evaluates.
     */
    @Test
    void convVaeOnMnistDrawsReconstructionsManifoldAndLabelledLatents() throws IOException {
        Path out = tmp.resolve("conv");
        ok("train", "--model", "vae", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(), "--steps", "6",
                "--eval-every", "6", "--batch-size", "32", "--latent", "2", "--opt", "net=conv", "--threads", "1",
                "--out", out.toString());
        assertEquals("conv", json(out.resolve("config.json")).getAsJsonObject("model_options").get("net").getAsString());
        for (String picture : List.of("samples.png", "reconstructions.png", "manifold.png", "plots/latent.png")) {
            assertTrue(isPng(out.resolve(picture)), picture);
        }
        List<String> latent = Files.readAllLines(out.resolve("latent.csv"));
        assertEquals("x,y,label", latent.get(0));
        assertEquals(RunArtifacts.SHOWN_POINTS + 1, latent.size(), "the first 2000 held-out digits");
        assertEquals(10, latent.stream().skip(1).map(line -> line.split(",")[2]).distinct().count(), "ten digits");
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("reconstructions.png") && report.contains("manifold.png"), "report shows the pictures");
        double elbo = finite(ok("eval", "--run", out.toString(), "--k", "2", "--threads", "1").value("elbo_nats"));
        assertTrue(elbo < -50, "an MNIST ELBO after 6 steps is far below 0 nats: " + elbo);

        assertUserError(run("train", "--model", "vae", "--data", "moons", "--opt", "net=conv", "--steps", "1",
                "--out", tmp.resolve("conv-moons").toString()), "net=conv", "--opt net=mlp");
    }

    @Test
    void vaeAndIwaeOnTwoDimensionalData() throws IOException {
        Path vae = tmp.resolve("vae-moons");
        ok(concat(new String[] {"train", "--model", "vae", "--data", "moons", "--out", vae.toString()}, TINY_POINTS));
        assertTrue(metricsHeader(vae).containsAll(COLUMNS));
        assertEquals("elbo", json(vae.resolve("config.json")).getAsJsonObject("objective").get("kind").getAsString());
        assertTrue(Files.isRegularFile(vae.resolve("latent.csv")), "a 2-D latent is drawn in the report");

        Path iwae = tmp.resolve("iwae-moons");
        ok(concat(new String[] {"train", "--model", "iwae", "--data", "moons", "--opt", "k=3", "--opt",
                "kl-warmup-steps=10", "--latent", "3", "--out", iwae.toString()}, TINY_POINTS));
        assertEquals("iwae", json(iwae.resolve("config.json")).getAsJsonObject("objective").get("kind").getAsString());
        assertFalse(Files.exists(iwae.resolve("latent.csv")), "a 3-D latent is not drawn as x,y points");
        List<String> samples = Files.readAllLines(iwae.resolve("samples.csv"));
        assertArrayEquals(new String[] {"x", "y"}, samples.get(0).split(","));

        Cli.Result r = ok("eval", "--run", iwae.toString(), "--k", "50", "--threads", "1");
        double elbo = finite(r.value("elbo_nats"));
        double iwaeNll = finite(r.value("iwae_nll_nats"));
        assertTrue(iwaeNll <= -elbo, "iwae_nll " + iwaeNll + " vs elbo " + elbo);
    }

    private static Cli.Result trainFails(String... args) {
        Path out = tmp.resolve("never-" + Math.abs(Arrays.hashCode(args)));
        Cli.Result r = run(concat(concat(new String[] {"train", "--out", out.toString()}, TINY_POINTS), args));
        assertFalse(Files.exists(out.resolve("config.json")), () -> "a failed train left a run folder: " + r);
        return r;
    }

    /** A Bernoulli VAE trained on [0, 1] data refuses to evaluate data outside [0, 1]. */
    @Test
    void evalChecksTheDataFitsTheDecoder() throws IOException {
        StringBuilder inside = new StringBuilder("a,b\n");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 300; i++) {
            inside.append(random.nextFloat()).append(',').append(random.nextFloat()).append('\n');
        }
        Path train = Files.writeString(tmp.resolve("unit-square.csv"), inside);
        Path outside = Files.writeString(tmp.resolve("outside.csv"), "a,b\n0.5,0.5\n0.2,1.5\n");
        Path out = tmp.resolve("bernoulli-points");
        ok("train", "--model", "vae", "--data", train.toString(), "--opt", "decoder=bernoulli", "--steps", "5",
                "--hidden", "8", "--threads", "1", "--out", out.toString());
        assertUserError(run("eval", "--run", out.toString(), "--data", outside.toString(), "--k", "5", "--threads", "1"),
                outside.toString(), "1.5", "--opt decoder=gaussian");
    }

    @Test
    void badInputGetsOneLineErrors() {
        assertUserError(trainFails("--model", "vae", "--data", "moons", "--latent", "0"), "--latent", "at least 1");
        assertUserError(trainFails("--model", "vae", "--data", "moons", "--latent", "-4"), "--latent", "(got -4)");
        assertUserError(trainFails("--model", "vae", "--data", "moons", "--opt", "latent=0"), "latent='0'");
        assertUserError(trainFails("--model", "vae", "--data", "moons", "--opt", "decoder=bernoulli"),
                "'moons'", "outside [0, 1]", "--opt decoder=gaussian");
        assertUserError(trainFails("--model", "vae", "--data", "moons", "--opt", "decoder=poisson"),
                "decoder='poisson'", "bernoulli, gaussian");
        assertUserError(trainFails("--model", "iwae", "--data", "moons", "--opt", "k=0"), "k='0'");
        assertUserError(run("eval", "--run", tmp.toString(), "--k", "0", "--threads", "1"), "--k", "(got 0)");
    }
}
