package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image flows through the CLI on MNIST: train, bits/dim in metrics and summary, eval, bad input. */
class ImageCliTest {
    /** A few steps of tiny nets: the point is the plumbing, not the fit. */
    static final String[] TINY_IMAGES = {"--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(),
            "--steps", "3", "--batch-size", "8", "--eval-every", "3", "--threads", "1"};

    @TempDir
    static Path tmp;

    @BeforeAll
    static void requireMnist() {
        assumeTrue(Files.isRegularFile(Cli.SHARED_MNIST.resolve("t10k-images-idx3-ubyte.gz")),
                "shared MNIST copy not found at " + Cli.SHARED_MNIST);
    }

    private static void assertImageRun(Path run, Cli.Result trained) throws IOException {
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> header = List.of(metrics.get(0).split(","));
        assertTrue(header.contains("train_bpd") && header.contains("val_bpd"), "metrics.csv header: " + header);
        String[] row = metrics.get(metrics.size() - 1).split(",");
        double trainBpd = Double.parseDouble(row[header.indexOf("train_bpd")]);
        double trainLoss = Double.parseDouble(row[header.indexOf("train_loss")]);
        assertEquals(trainLoss / (784 * Math.log(2)), trainBpd, 1e-9 * trainLoss, "train_bpd is train_loss in bits/dim");
        JsonObject summary = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
        double bpd = summary.get("val_bits_per_dim").getAsDouble();
        // an untrained flow on MNIST: well above a trained one (~1-2) yet finite and below 8 bits per 8-bit pixel + slack
        assertTrue(bpd > 1 && bpd < 12, "val_bits_per_dim " + bpd);
        assertEquals(bpd, Double.parseDouble(row[header.indexOf("val_bpd")]), 1e-9, "summary matches the last val_bpd");
        assertEquals(bpd, Double.parseDouble(trained.value("val_bits_per_dim")), 1e-4);
        // evaluation draws its dequantisation noise from a fixed seed: eval repeats the figure exactly
        Cli.Result eval = Cli.ok("eval", "--run", run.toString(), "--data-dir", Cli.SHARED_MNIST.toString(),
                "--threads", "1");
        assertEquals(bpd, Double.parseDouble(eval.value("bits_per_dim")), 1e-12);
    }

    @Test
    void realNvpTrainsAndEvaluatesOnMnist() throws IOException {
        Path run = tmp.resolve("realnvp");
        Cli.Result r = Cli.ok(concat(new String[] {"train", "--model", "realnvp", "--out", run.toString(),
                "--opt", "couplings=1", "--opt", "blocks=1", "--opt", "channels=4"}, TINY_IMAGES));
        assertImageRun(run, r);
        Path samples = tmp.resolve("samples.csv");
        Cli.ok("sample", "--run", run.toString(), "-n", "3", "--out", samples.toString(), "--threads", "1");
        List<String> rows = Files.readAllLines(samples);
        assertEquals(4, rows.size(), "header and 3 samples");
        for (String value : rows.get(1).split(",")) {
            double pixel = Double.parseDouble(value);
            assertTrue(pixel >= 0 && pixel <= 1, "sample pixel " + pixel);
        }
        assertEquals(784, rows.get(1).split(",").length);
        // the held-out split exported by `data` is the run's own held-out data, read back from flat rows
        Path heldOut = tmp.resolve("held-out.csv");
        Cli.ok("data", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(), "--split", "test",
                "--out", heldOut.toString());
        String[] fromCsv = {"eval", run.toString(), "--data", heldOut.toString(), "--threads", "1"};
        assertEquals(Cli.ok("eval", run.toString(), "--data-dir", Cli.SHARED_MNIST.toString(), "--threads", "1")
                .value("nll_nats"), Cli.ok(fromCsv).value("nll_nats"));
    }

    @Test
    void glowWithLuAndVariationalDequantisationTrainsAndEvaluatesOnMnist() throws IOException {
        Path run = tmp.resolve("glow");
        Cli.Result r = Cli.ok(concat(new String[] {"train", "--model", "glow", "--out", run.toString(),
                "--opt", "steps=1", "--opt", "channels=4", "--opt", "lu=true", "--opt", "dequantization=variational",
                "--opt", "dequant_channels=4"}, TINY_IMAGES));
        assertImageRun(run, r);
        Cli.Result plain = Cli.ok("eval", run.toString(), "--data-dir", Cli.SHARED_MNIST.toString(), "--threads", "1");
        assertTrue(!plain.out().contains("iw_"), "no --k, no importance-weighted figures: " + plain.out());
        Cli.Result weighted = Cli.ok("eval", run.toString(), "--k", "4", "--data-dir", Cli.SHARED_MNIST.toString(),
                "--threads", "1");
        assertEquals("4", weighted.value("iw_k"));
        double bpd = Double.parseDouble(weighted.value("bits_per_dim"));
        double iwBpd = Double.parseDouble(weighted.value("iw_bits_per_dim"));
        assertEquals(Double.parseDouble(plain.value("bits_per_dim")), bpd, 1e-12, "--k leaves the one-draw figure alone");
        // an untrained q is far from p(u | k): four draws tighten the bound by far more than its noise
        assertTrue(iwBpd < bpd, "iw_bits_per_dim " + iwBpd + " vs bits_per_dim " + bpd);
        assertEquals(Double.parseDouble(weighted.value("iw_nll_nats")) / (784 * Math.log(2)), iwBpd, 1e-9);
    }

    /** Dequantisation noise comes from the checkpointed generator and ActNorm's init flag is checkpointed: exact resume. */
    @Test
    void resumedGlowRunEqualsUninterruptedRun() throws IOException {
        String[] common = {"train", "--model", "glow", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(),
            "--opt", "steps=1", "--opt", "channels=4", "--batch-size", "8", "--eval-every", "2", "--threads", "1"};
        Path straight = tmp.resolve("glow-straight");
        Path stopped = tmp.resolve("glow-stopped");
        Cli.ok(concat(common, "--out", straight.toString(), "--steps", "4"));
        Cli.ok(concat(common, "--out", stopped.toString(), "--steps", "2"));
        Cli.ok("train", "--resume", "--out", stopped.toString(), "--steps", "4", "--threads", "1");
        assertEquals(withoutElapsed(straight), withoutElapsed(stopped));
    }

    private static List<String> withoutElapsed(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void imageModelsRejectWhatTheyCannotModel() {
        assertUserError(Cli.run(concat(concat(new String[] {"train", "--model", "glow", "--out",
                tmp.resolve("a").toString()}, Cli.TINY), "--data", "moons")), "glow", "[C, H, W]", "[2]");
        assertUserError(Cli.run(concat(new String[] {"train", "--model", "realnvp", "--out",
                tmp.resolve("b").toString(), "--opt", "scales=4"}, TINY_IMAGES)), "--opt scales", "28x28");
        assertUserError(Cli.run(concat(new String[] {"train", "--model", "glow", "--out",
                tmp.resolve("c").toString(), "--opt", "levels=3"}, TINY_IMAGES)), "--opt levels", "28x28");
        assertUserError(Cli.run(concat(new String[] {"train", "--model", "glow", "--out",
                tmp.resolve("d").toString(), "--opt", "dequantization=gaussian"}, TINY_IMAGES)), "dequantization");
        assertUserError(Cli.run(concat(new String[] {"train", "--model", "realnvp", "--out",
                tmp.resolve("e").toString(), "--standardize"}, TINY_IMAGES)), "--standardize", "image");
    }
}
