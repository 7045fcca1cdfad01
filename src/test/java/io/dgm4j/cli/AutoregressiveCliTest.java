package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.finite;
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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nade, made and pixelcnn through the CLI on MNIST: training, eval on the fixed binarisation, resume, bad input. */
class AutoregressiveCliTest {
    @TempDir
    static Path tmp;

    private static String[] train(Path out, long steps, String... modelArgs) {
        return Cli.concat(new String[] {"train", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(),
                "--steps", Long.toString(steps), "--eval-every", "10", "--batch-size", "32", "--threads", "1",
                "--out", out.toString()}, modelArgs);
    }

    private static double summary(Path run, String name) throws IOException {
        JsonObject s = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
        return s.get(name).getAsDouble();
    }

    @Test
    void nadeTrainsEvaluatesAndResumesExactly() throws IOException {
        Path straight = tmp.resolve("nade");
        ok(train(straight, 20, "--model", "nade", "--hidden", "16"));
        List<String> metrics = Files.readAllLines(straight.resolve("metrics.csv"));
        List<String> header = Arrays.asList(metrics.get(0).split(","));
        assertTrue(header.containsAll(List.of("train_loss", "val_nll", "val_bpd")), header.toString());
        double first = Double.parseDouble(metrics.get(1).split(",")[header.indexOf("val_nll")]);
        double last = Double.parseDouble(metrics.get(2).split(",")[header.indexOf("val_nll")]);
        assertTrue(last < first, "held-out NLL falls: " + first + " -> " + last);
        assertTrue(Files.isRegularFile(straight.resolve("samples.png")));

        // eval scores the same fixed binarisation as training's validation did
        Cli.Result r = ok("eval", "--run", straight.toString(), "--threads", "1");
        double nll = finite(r.value("nll_nats"));
        assertEquals(summary(straight, "val_nll_nats"), nll, 1e-3);
        assertEquals(nll / (784 * Math.log(2)), finite(r.value("bits_per_dim")), 1e-4);

        Path stopped = tmp.resolve("nade-stopped");
        ok(train(stopped, 10, "--model", "nade", "--hidden", "16"));
        ok("train", "--resume", "--out", stopped.toString(), "--steps", "20", "--threads", "1");
        assertEquals(withoutElapsed(straight), withoutElapsed(stopped), "resumed = uninterrupted");
        // a setting given with --resume would be ignored (the run keeps its config.json): refused, the run untouched
        List<String> before = Cli.snapshot(stopped);
        assertUserError(run("train", "--resume", "--out", stopped.toString(), "--steps", "30", "--lr", "0.1",
                "--precision", "bf16", "--threads", "1"), "--lr, --precision", "ignored", "another --out");
        assertEquals(before, Cli.snapshot(stopped));
    }

    private static List<String> withoutElapsed(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void madeWithARandomOrderAndPixelCnnTrainAndSample() throws IOException {
        Path made = tmp.resolve("made");
        ok(train(made, 10, "--model", "made", "--hidden", "32", "--opt", "order=random"));
        assertTrue(finite(Double.toString(summary(made, "val_nll_nats"))) > 0);
        // the random order is drawn from the run's seed: the loaded model scores as training did
        assertEquals(summary(made, "val_nll_nats"), finite(ok("eval", made.toString(), "--threads", "1").value("nll_nats")), 1e-3);

        Path pixelCnn = tmp.resolve("pixelcnn");
        ok(train(pixelCnn, 10, "--model", "pixelcnn", "--opt", "channels=4", "--opt", "blocks=1"));
        assertTrue(summary(pixelCnn, "val_nll_nats") > 0);
        Path samples = tmp.resolve("pixelcnn-samples.png");
        ok("sample", "--run", pixelCnn.toString(), "-n", "4", "--out", samples.toString(), "--threads", "1");
        assertTrue(Files.size(samples) > 0);
    }

    private static void trainFails(String[] args, String... fragments) {
        Path out = tmp.resolve("never-" + Math.abs(Arrays.hashCode(args)));
        assertUserError(run(Cli.concat(new String[] {"train", "--steps", "2", "--threads", "1", "--out", out.toString()},
                args)), fragments);
        assertFalse(Files.exists(out.resolve("config.json")), "a failed train left a run folder");
    }

    @Test
    void badInputIsRefusedWithOneLine() {
        trainFails(new String[] {"--model", "nade", "--data", "moons"}, "moons", "outside [0, 1]", "NADE");
        trainFails(new String[] {"--model", "pixelcnn", "--data", "moons"}, "pixelcnn", "[1, H, W]", "mnist10k");
        trainFails(new String[] {"--model", "made", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(),
                "--opt", "order=backwards"}, "order", "backwards");
        trainFails(new String[] {"--model", "nade", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(),
                "--hidden", "0"}, "hidden");
    }
}
