package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.json;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --precision: bf16 steps train as well as fp32 ones, the choice is in the run and survives resume. */
class PrecisionCliTest {
    @TempDir
    Path tmp;

    private static final String[] MOONS = {"train", "--model", "realnvp", "--data", "moons", "--layers", "4",
        "--hidden", "32", "--train-size", "2000", "--test-size", "500", "--batch-size", "128", "--eval-every", "100",
        "--seed", "5", "--threads", "1"};

    private Path train(String precision, int steps) {
        Path out = tmp.resolve(precision);
        ok(Cli.concat(MOONS, "--steps", "" + steps, "--precision", precision, "--out", out.toString()));
        return out;
    }

    @Test
    void bf16TrainsAsWellAsFp32AndResumesInBf16() throws IOException {
        Path exact = train("fp32", 400);
        Path mixed = train("bf16", 200);
        assertEquals("bf16", json(mixed.resolve("config.json")).getAsJsonObject("training").get("precision")
                .getAsString());
        ok("train", "--resume", "--out", mixed.toString(), "--steps", "400", "--threads", "1");
        JsonObject a = json(exact.resolve("summary.json"));
        JsonObject b = json(mixed.resolve("summary.json"));
        assertEquals("fp32", a.get("precision").getAsString());
        assertEquals("bf16", b.get("precision").getAsString());
        assertEquals(400, b.get("steps").getAsLong());
        double nllExact = a.get("val_nll_nats").getAsDouble();
        double nllMixed = b.get("val_nll_nats").getAsDouble();
        System.out.printf("moons RealNVP, 400 steps: held-out NLL fp32 %.4f, bf16 %.4f%n", nllExact, nllMixed);
        // Same seed, same data order: the runs differ only by the products' rounding.
        assertTrue(Math.abs(nllMixed - nllExact) < 0.1, "fp32 " + nllExact + " against bf16 " + nllMixed);
        assertTrue(nllMixed < 1.2, "a bf16 run that does not learn: held-out NLL " + nllMixed);
    }

    @Test
    void unknownPrecisionIsOneLineAndLeavesNoRun() {
        Path out = tmp.resolve("never");
        assertUserError(run(Cli.concat(MOONS, "--steps", "5", "--precision", "fp16", "--out", out.toString())),
                "--precision", "fp16", "bf16");
        assertFalse(Files.exists(out.resolve("config.json")));
    }
}
