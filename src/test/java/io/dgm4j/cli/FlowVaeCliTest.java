package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.concat;
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

/** vae-flow-posterior and vae-flow-prior through train, eval --k and sample; their bad options. */
class FlowVaeCliTest {
    private static final String[] TINY_POINTS = {"--data", "moons", "--steps", "20", "--hidden", "16",
            "--train-size", "300", "--test-size", "100", "--batch-size", "64", "--threads", "1"};

    @TempDir
    static Path tmp;

    private static void trainsEvaluatesAndSamples(String name, String... options) throws IOException {
        Path out = tmp.resolve(name);
        ok(concat(concat(new String[] {"train", "--out", out.toString()}, TINY_POINTS), options));
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        List<String> header = Arrays.asList(rows.get(0).split(","));
        String[] last = rows.get(rows.size() - 1).split(",");
        for (String metric : List.of("train_kl", "val_elbo", "val_kl", "val_mutual_info", "val_marginal_kl")) {
            assertTrue(header.contains(metric), name + " logs " + metric + ": " + header);
            assertTrue(Double.isFinite(Double.parseDouble(last[header.indexOf(metric)])), name + " " + metric);
        }
        double mutualInformation = Double.parseDouble(last[header.indexOf("val_mutual_info")]);
        assertTrue(mutualInformation <= Math.log(100) + 1e-4, "I(x; z) <= log N: " + mutualInformation);

        Cli.Result r = ok("eval", "--run", out.toString(), "--k", "20", "--threads", "1");
        double elbo = Double.parseDouble(r.value("elbo_nats"));
        double iwaeNll = Double.parseDouble(r.value("iwae_nll_nats"));
        assertTrue(Double.isFinite(elbo) && Double.isFinite(iwaeNll), r.toString());
        assertTrue(iwaeNll <= -elbo, name + ": iwae_nll " + iwaeNll + " vs elbo " + elbo + " of the same draws");

        Path samples = tmp.resolve(name + "-samples.csv");
        ok("sample", "--run", out.toString(), "-n", "50", "--out", samples.toString(), "--threads", "1");
        assertEquals(51, Files.readAllLines(samples).size(), "a header and 50 points");
    }

    @Test
    void flowPosteriorsTrainAndEvaluate() throws IOException {
        trainsEvaluatesAndSamples("planar", "--model", "vae-flow-posterior", "--opt", "flow-steps=2");
        trainsEvaluatesAndSamples("iaf", "--model", "vae-flow-posterior", "--opt", "posterior-flow=iaf",
                "--opt", "flow-steps=2");
    }

    @Test
    void flowPriorsTrainAndEvaluate() throws IOException {
        trainsEvaluatesAndSamples("realnvp", "--model", "vae-flow-prior", "--opt", "flow-steps=2");
        trainsEvaluatesAndSamples("maf", "--model", "vae-flow-prior", "--opt", "prior-flow=maf",
                "--opt", "flow-steps=2");
    }

    private static Cli.Result trainFails(String... args) {
        Path out = tmp.resolve("never-" + Math.abs(Arrays.hashCode(args)));
        Cli.Result r = run(concat(concat(new String[] {"train", "--out", out.toString()}, TINY_POINTS), args));
        assertFalse(Files.exists(out.resolve("config.json")), () -> "a failed train left a run folder: " + r);
        return r;
    }

    @Test
    void badOptionsGetOneLineErrors() {
        assertUserError(trainFails("--model", "vae-flow-posterior", "--opt", "posterior-flow=radial"),
                "posterior-flow='radial'", "planar, iaf");
        assertUserError(trainFails("--model", "vae-flow-prior", "--opt", "prior-flow=glow"),
                "prior-flow='glow'", "realnvp, maf");
        assertUserError(trainFails("--model", "vae-flow-posterior", "--opt", "flow-steps=0"), "flow-steps='0'");
        assertUserError(trainFails("--model", "vae-flow-posterior", "--opt", "posterior-flow=iaf", "--latent", "1"),
                "iaf", "latent=1", "--opt latent=2");
        assertUserError(trainFails("--model", "vae-flow-prior", "--opt", "prior-flow=maf", "--latent", "1"),
                "maf", "latent=1");
    }
}
