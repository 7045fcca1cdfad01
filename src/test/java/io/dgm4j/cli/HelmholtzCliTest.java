package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.finite;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** helmholtz through the CLI on MNIST, eval's importance-sampled and naive estimates (also for a VAE), and bad input. */
class HelmholtzCliTest {
    @TempDir
    static Path tmp;

    private static Path trainOnMnist(String name, String... modelArgs) {
        Path out = tmp.resolve(name);
        ok(Cli.concat(new String[] {"train", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(),
                "--steps", "20", "--eval-every", "10", "--batch-size", "64", "--threads", "1", "--out", out.toString()},
                modelArgs));
        return out;
    }

    /**
     * elbo, iwae and naive figures; the naive estimate from prior samples is at least {@code naiveGap} nats worse
     * than the importance-sampled one (both are below log p(x) in expectation; with K = 20 the difference is noise
     * for a model that barely uses its latents yet, and large for one that does).
     */
    private static void evaluatesAllThreeEstimates(Path run, double naiveGap) {
        Cli.Result r = ok("eval", "--run", run.toString(), "--k", "20", "--naive-k", "20", "--threads", "1");
        double elbo = finite(r.value("elbo_nats"));
        double iwaeNll = finite(r.value("iwae_nll_nats"));
        double naiveNll = finite(r.value("naive_nll_nats"));
        double naiveStd = finite(r.value("naive_nll_std"));
        assertEquals("20", r.value("naive_k"));
        assertTrue(iwaeNll <= -elbo, "iwae_nll " + iwaeNll + " vs elbo " + elbo + " of the same draws");
        assertTrue(naiveNll > iwaeNll + naiveGap, "naive " + naiveNll + " vs iwae " + iwaeNll);
        assertTrue(naiveStd > 0, "5 independent naive estimates differ: " + naiveStd);
        double exampleStd = finite(r.value("naive_nll_example_std"));
        assertTrue(exampleStd > naiveStd, "one example's estimate " + exampleStd + " is noisier than the mean over "
                + "all held-out examples " + naiveStd);
    }

    @Test
    void helmholtzOnMnistTrainsByWakeSleepAndEvaluates() throws IOException {
        Path out = trainOnMnist("helmholtz", "--model", "helmholtz", "--opt", "units=16,8");
        List<String> header = Arrays.asList(Files.readAllLines(out.resolve("metrics.csv")).get(0).split(","));
        assertTrue(header.containsAll(List.of("train_wake", "train_sleep", "val_elbo")), header.toString());
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size(), "a header and rows at steps 10 and 20");
        assertEquals("wake-sleep", JsonParser.parseString(Files.readString(out.resolve("config.json")))
                .getAsJsonObject().getAsJsonObject("objective").get("kind").getAsString());
        assertTrue(Files.isRegularFile(out.resolve("samples.png")));
        // After 20 wake-sleep steps p(x|h) barely depends on h, so prior samples do about as well as q's.
        evaluatesAllThreeEstimates(out, -1);
        assertUserError(run("eval", "--run", out.toString(), "--naive-k", "0"), "--naive-k");
    }

    @Test
    void vaeEvaluatesTheNaiveEstimateToo() {
        evaluatesAllThreeEstimates(trainOnMnist("vae", "--model", "vae", "--hidden", "32", "--latent", "4"), 1);
    }

    private static void trainFails(String[] args, String... fragments) {
        Path out = tmp.resolve("never-" + Math.abs(Arrays.hashCode(args)));
        assertUserError(run(Cli.concat(new String[] {"train", "--model", "helmholtz", "--steps", "2", "--threads", "1",
                "--out", out.toString()}, args)), fragments);
        assertFalse(Files.exists(out.resolve("config.json")), "a failed train left a run folder");
    }

    @Test
    void badInputIsRefusedWithOneLine() {
        trainFails(new String[] {"--data", "moons"}, "moons", "outside [0, 1]", "Helmholtz");
        trainFails(new String[] {"--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(), "--opt", "units=16,x"},
                "units='16,x'", "--opt units=200,200");
        trainFails(new String[] {"--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(), "--opt", "units=16",
                "--hidden", "8"}, "units='16'", "drop --hidden");
    }
}
