package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dgm4j.data.CsvDataset;
import io.dgm4j.data.Dataset;
import io.dgm4j.data.Mnist;
import io.dgm4j.data.ToyDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dgm4j score and dgm4j classifier. The MNIST cases share the digit classifier the build caches
 * (DGM4J_CACHE_DIR in the pom), so they do not train it again.
 */
class ScoreCliTest {
    @TempDir
    static Path tmp;

    /** The examples of {@code data} as a samples file: values only, as a generator writes them. */
    private static Path csv(String name, Dataset data, String... header) {
        Path file = tmp.resolve(name);
        CsvDataset.write(file, header.length == 0 ? null : header,
                new Dataset(data.name(), data.values(), data.size(), data.exampleShape(), null));
        return file;
    }

    private static String mnistDir() {
        assumeTrue(Files.isRegularFile(Cli.SHARED_MNIST.resolve("t10k-images-idx3-ubyte.gz")),
                "shared MNIST copy not found at " + Cli.SHARED_MNIST);
        return Cli.SHARED_MNIST.toString();
    }

    @Test
    void evalSampleQualityScoresWhatSampleAndScoreScore() {
        Path run = tmp.resolve("maf-8gaussians");
        ok(Cli.concat(new String[] {"train", "--model", "maf", "--data", "8gaussians", "--seed", "3",
                "--out", run.toString()}, Cli.TINY));
        Cli.Result eval = ok("eval", run.toString(), "--sample-quality", "--threads", "1");
        assertEquals("200", eval.value("quality_samples"), "as many as a GAN's validation: min(1000, held-out size)");
        Path samples = tmp.resolve("maf-samples.csv");
        ok("sample", run.toString(), "-n", "200", "--seed", "3", "--out", samples.toString(), "--threads", "1");
        Cli.Result score = ok("score", "--samples", samples.toString(), "--data", "8gaussians", "--threads", "1");
        assertEquals(score.value("modes_covered"), eval.value("val_modes_covered"));
        assertEquals(score.value("hq_fraction"), eval.value("val_hq_fraction"));

        assertUserError(run("eval", run.toString(), "--sample-quality", "--data", "25gaussians", "--threads", "1"),
                "--sample-quality", "run's own data (8gaussians)");
        assertUserError(run("eval", SharedRun.moons().toString(), "--sample-quality", "--threads", "1"),
                "data 'moons' has no sample metrics");
        assertUserError(run("eval", run.toString(), "--temperature", "0.7", "--threads", "1"), "add --sample-quality");
        assertUserError(run("eval", run.toString(), "--sample-quality", "--temperature", "0", "--threads", "1"),
                "--temperature must be a finite number > 0");

        // At T = 0 every latent is 0: a flow maps it to one point, far from most modes; at T = 0.05 the
        // samples sit close to that point too, so they cover fewer modes than at T = 1.
        Cli.Result cold = ok("eval", run.toString(), "--sample-quality", "--temperature", "0.05", "--threads", "1");
        assertEquals("0.05", cold.value("quality_temperature"));
        assertTrue(Double.parseDouble(cold.value("val_modes_covered")) <= 1, cold.out());
    }

    @Test
    void mixtureSamplesScoreTheirModes() {
        Dataset points = ToyDatasets.generate("25gaussians", 5000, 3, ToyDatasets.DEFAULT_NOISE);
        Path file = csv("grid.csv", points, "x", "y");
        Cli.Result r = ok("score", "--samples", file.toString(), "--data", "25gaussians", "--threads", "1");
        assertEquals(25.0, Double.parseDouble(r.value("modes_covered")));
        assertTrue(Double.parseDouble(r.value("hq_fraction")) > 0.97, r.out());
        assertEquals("5000", r.value("samples"));

        Cli.Result json = ok("score", "--samples", file.toString(), "--data", "25gaussians", "--json");
        JsonObject o = JsonParser.parseString(json.out().strip()).getAsJsonObject();
        assertEquals(25.0, o.get("modes_covered").getAsDouble());
        assertEquals(Double.parseDouble(r.value("hq_fraction")), o.get("hq_fraction").getAsDouble());
    }

    @Test
    void heldOutDigitsScoreAsRealDigits() {
        String dir = mnistDir();
        Dataset digits = Mnist.load(Mnist.MNIST_10K, Path.of(dir)).train().subset(0, 500);
        Path file = csv("digits.csv", Dataset.tabular("digits", digits.values(), 784));
        Cli.Result r = ok("score", "--samples", file.toString(), "--data", "mnist10k", "--data-dir", dir);
        assertEquals(1.0, Double.parseDouble(r.value("class_coverage")));
        assertEquals(Math.log(10), Double.parseDouble(r.value("class_entropy")), 0.05);
        double frechet = Double.parseDouble(r.value("frechet_distance"));
        assertTrue(frechet > 0 && frechet < 200, r.out());
    }

    @Test
    void classifierReportsItsHeldOutAccuracy() {
        Cli.Result r = ok("classifier", "--data", "mnist10k", "--data-dir", mnistDir());
        assertTrue(Double.parseDouble(r.value("held_out_accuracy")) >= 0.97, r.out());
        assertEquals("2000", r.value("held_out_examples"));
        assertTrue(Files.isRegularFile(Path.of(r.value("cache_file"))), r.out());
    }

    /** A cache file that is not there (here: removed; for a user: an unwritable cache folder) is not named as one. */
    @Test
    void classifierNamesOnlyACacheFileThatExists() throws IOException {
        Path cache = Path.of(ok("classifier", "--data", "mnist10k", "--data-dir", mnistDir()).value("cache_file"));
        Path aside = cache.resolveSibling(cache.getFileName() + ".aside");
        Files.move(cache, aside);
        try {
            // The classifier is still known to this process, so it is neither trained nor saved again.
            Cli.Result r = ok("classifier", "--data", "mnist10k", "--data-dir", mnistDir());
            assertEquals("none (not written to " + cache + ")", r.value("cache_file"), r.out());
        } finally {
            Files.move(aside, cache);
        }
    }

    @Test
    void samplesOfTheWrongWidth() throws IOException {
        Path file = Files.writeString(tmp.resolve("three.csv"), "1,2,3\n4,5,6\n");
        assertUserError(run("score", "--samples", file.toString(), "--data", "8gaussians"),
                file.toString(), "3 columns", "8gaussians examples have 2");
    }

    @Test
    void pixelsOutsideTheUnitInterval() throws IOException {
        StringBuilder row = new StringBuilder("-1");
        for (int i = 1; i < 784; i++) {
            row.append(",0.5");
        }
        Path file = Files.writeString(tmp.resolve("tanh.csv"), row + "\n" + row + "\n");
        assertUserError(run("score", "--samples", file.toString(), "--data", "mnist10k", "--data-dir", mnistDir()),
                file.toString(), "[0, 1]", "(x + 1) / 2");
        Path bytes = Files.writeString(tmp.resolve("bytes.csv"), (row.toString().replace("-1", "255") + "\n").repeat(2));
        assertUserError(run("score", "--samples", bytes.toString(), "--data", "mnist10k", "--data-dir", mnistDir()),
                bytes.toString(), "[0, 1]", "divide 8-bit values by 255");
    }

    @Test
    void dataWithoutSampleMetrics() throws IOException {
        Path file = Files.writeString(tmp.resolve("moons.csv"), "1,2\n3,4\n");
        assertUserError(run("score", "--samples", file.toString(), "--data", "moons"),
                "'moons' has no sample metrics", "25gaussians", "mnist10k");
    }

    @Test
    void missingMnistFiles() throws IOException {
        Path file = Files.writeString(tmp.resolve("one.csv"), "0.5,0.5\n");
        Path empty = Files.createDirectories(tmp.resolve("no-mnist"));
        assertUserError(run("score", "--samples", file.toString(), "--data", "mnist10k", "--data-dir", empty.toString()),
                "t10k-images-idx3-ubyte", "not found", "--data-dir");
        assertUserError(run("classifier", "--data", "mnist", "--data-dir", empty.toString()), "not found", "download-mnist");
    }

    @Test
    void missingSamplesFile() {
        assertUserError(run("score", "--samples", "/nonexistent/samples.csv", "--data", "rings"),
                "/nonexistent/samples.csv", "not found");
    }

    @Test
    void classifierOnDataWithoutDigits() {
        assertUserError(run("classifier", "--data", "25gaussians"), "'25gaussians'", "mnist10k");
    }
}
