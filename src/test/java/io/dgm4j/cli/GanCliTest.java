package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.concat;
import static io.dgm4j.cli.Cli.finite;
import static io.dgm4j.cli.Cli.isPng;
import static io.dgm4j.cli.Cli.json;
import static io.dgm4j.cli.Cli.metricsHeader;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import io.dgm4j.models.LatentDecoder;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.RunFolder;
import io.dgm4j.train.RunModels;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GAN families through the CLI: train, resume, report, eval, sample, interpolate, and their errors. */
class GanCliTest {
    /** A few steps of tiny toy nets on 2-D data. */
    private static final String[] TINY_POINTS = {"--steps", "10", "--eval-every", "5", "--hidden", "16", "--depth", "1",
            "--train-size", "300", "--test-size", "100", "--batch-size", "32", "--threads", "1"};
    /** A few steps on a small MNIST subset. */
    private static final String[] TINY_MNIST = {"--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(),
            "--steps", "2", "--batch-size", "16",
            "--latent", "8", "--threads", "1"};

    @TempDir
    Path tmp;

    /**
     * Each family that takes vector data trains on 8gaussians with its own optimizer defaults and
     * losses in metrics.csv, writes samples and the report, evaluates and interpolates between draws.
     */
    @Test
    void everyVectorFamilyTrainsEvaluatesAndInterpolates() throws IOException {
        String[][] families = {
                {"gan", "adam", "2.0E-4", "train_d_loss", "val_d_fake"},
                {"gan-minimax", "adam", "2.0E-4", "train_d_loss", "val_d_fake"},
                {"gan", "adam", "2.0E-4", "train_d_loss", "val_d_real", "minibatch=std"},
                {"wgan", "rmsprop", "5.0E-5", "train_critic_loss", "val_wasserstein"},
                {"wgan-gp", "adam", "1.0E-4", "train_wasserstein", "val_wasserstein"},
                {"cgan", "adam", "2.0E-4", "train_d_loss", "val_d_real"}};
        for (String[] f : families) {
            Path out = tmp.resolve(f[0] + (f.length > 5 ? "-" + f[5] : ""));
            String[] extra = f.length > 5 ? new String[] {"--opt", f[5]} : new String[0];
            ok(concat(concat(new String[] {"train", "--model", f[0], "--data", "8gaussians", "--out", out.toString()},
                    TINY_POINTS), extra));
            JsonObject training = json(out.resolve("config.json")).getAsJsonObject("training");
            assertEquals(f[1], training.get("optimizer").getAsString(), f[0]);
            assertEquals(Double.parseDouble(f[2]), training.get("learning_rate").getAsDouble(), 1e-12, f[0]);
            List<String> header = metricsHeader(out);
            assertTrue(header.containsAll(List.of(f[3], "train_g_loss", f[4], "val_modes_covered", "val_hq_fraction")),
                    f[0] + ": " + header);
            JsonObject summary = json(out.resolve("summary.json"));
            assertTrue(summary.has("val_modes_covered") && summary.has("val_hq_fraction"), f[0] + ": " + summary);
            assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size(), "rows at steps 5 and 10");
            assertEquals(2001, Files.readAllLines(out.resolve("samples.csv")).size(), f[0]);
            assertTrue(isPng(out.resolve("plots/loss.png")), f[0] + " loss curves");
            assertTrue(isPng(out.resolve("plots/samples.png")), f[0] + " sample scatter");
            assertFalse(Files.exists(out.resolve("density.csv")), "a GAN has no density");
            finite(ok("eval", out.toString(), "--threads", "1").value(f[4]));
            Path paths = out.resolveSibling(out.getFileName() + "-paths.csv");
            ok("interpolate", "--run", out.toString(), "--out", paths.toString(), "--pairs", "2", "--steps", "5");
            assertEquals(11, Files.readAllLines(paths).size(), "a header and 2 paths of 5 points");
        }
        assertUserError(run("interpolate", "--run", tmp.resolve("gan").toString(), "--data", "8gaussians", "--out",
                tmp.resolve("never.csv").toString()), "no encoder", "drop --data");
        // eval --data judges the samples by that data's metrics: moons has none, 25gaussians its 25 modes
        Path gan = tmp.resolve("gan");
        Cli.Result onMoons = ok("eval", gan.toString(), "--data", "moons", "--threads", "1");
        finite(onMoons.value("val_d_fake"));
        assertFalse(onMoons.out().contains("val_modes_covered"), onMoons.out());
        Cli.Result onOwn = ok("eval", gan.toString(), "--threads", "1");
        double ownHq = finite(onOwn.value("val_hq_fraction"));
        double gridHq = finite(ok("eval", gan.toString(), "--data", "25gaussians", "--threads", "1")
                .value("val_hq_fraction"));
        // After 10 steps the generator still draws near the origin: a mode of the grid, none of the ring of 8.
        assertTrue(gridHq > ownHq, "judged by the 25 modes of the grid, not the run's 8: " + gridHq + " vs " + ownHq);
        // the conditional GAN takes a class per mode from the data, scores its labels and draws them apart
        Path cgan = tmp.resolve("cgan");
        assertEquals("8", json(cgan.resolve("config.json")).getAsJsonObject("model_options").get("classes").getAsString());
        assertTrue(metricsHeader(cgan).contains("val_label_accuracy"), metricsHeader(cgan).toString());
        assertTrue(isPng(cgan.resolve("samples_by_label.png")));
        assertTrue(Files.readString(cgan.resolve("report.html")).contains("samples_by_label.png"));
        assertFalse(Files.exists(tmp.resolve("gan/samples_by_label.png")), "an unconditional GAN draws no labels");
        JsonObject wganGp = json(tmp.resolve("wgan-gp/config.json")).getAsJsonObject("training");
        assertEquals("[0.5,0.9]", wganGp.get("betas").toString());
    }

    /** Any CSV of points trains like the toy data (3 columns here); data without sample metrics logs the critic's only. */
    @Test
    void ganTrainsOnACsvFile() throws IOException {
        StringBuilder rows = new StringBuilder("a,b,c\n");
        java.util.Random random = new java.util.Random(0);
        for (int i = 0; i < 200; i++) {
            rows.append(random.nextGaussian()).append(',').append(random.nextGaussian()).append(',')
                    .append(random.nextGaussian() + 3).append('\n');
        }
        Path points = Files.writeString(tmp.resolve("points.csv"), rows);
        Path out = tmp.resolve("csv-gan");
        ok("train", "--model", "gan", "--data", points.toString(), "--steps", "10", "--eval-every", "5", "--hidden", "16",
                "--depth", "1", "--batch-size", "32", "--threads", "1", "--out", out.toString());
        assertEquals(List.of("step", "epoch", "train_d_loss", "train_g_loss", "train_g_grad_norm", "val_d_real", "val_d_fake", "lr", "elapsed_s"),
                metricsHeader(out));
        Path drawn = tmp.resolve("drawn.csv");
        ok("sample", "--run", out.toString(), "-n", "7", "--out", drawn.toString(), "--threads", "1");
        assertEquals(8, Files.readAllLines(drawn).size(), "a header and 7 points of 3 columns");
        assertEquals(3, Files.readAllLines(drawn).get(1).split(",").length);
    }

    /** A conditional GAN reads a user's classes from a CSV's label column, as written by `dgm4j data`. */
    @Test
    void cganTrainsOnTheLabelColumnOfACsvFile() throws IOException {
        Path points = tmp.resolve("8gaussians.csv");
        ok("data", "--data", "8gaussians", "--train-size", "200", "--out", points.toString());
        assertEquals("x,y,label", Files.readAllLines(points).get(0));
        Path out = tmp.resolve("csv-cgan");
        ok("train", "--model", "cgan", "--data", points.toString(), "--steps", "10", "--eval-every", "5", "--hidden", "16",
                "--depth", "1", "--batch-size", "32", "--threads", "1", "--out", out.toString());
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"classes\": \"8\""),
                "the labels 0-7 set 8 classes");
        Path drawn = tmp.resolve("sevens.csv");
        ok("sample", "--run", out.toString(), "-n", "5", "--label", "7", "--out", drawn.toString(), "--threads", "1");
        assertEquals(2, Files.readAllLines(drawn).get(1).split(",").length, "points of x, y: the label is no coordinate");
    }

    /** A resumed GAN run continues from its checkpoint (both optimizers, batch norm buffers) to the new total. */
    /** With more critic steps per generator update than --steps the generator never trains: train says so. */
    @Test
    void criticStepsAboveTheStepsAreWarnedAbout() {
        Cli.Result r = ok(concat(new String[] {"train", "--model", "gan", "--data", "8gaussians",
                "--opt", "critic-steps=11", "--out", tmp.resolve("never-g").toString()}, TINY_POINTS));
        assertEquals(List.of("warning: critic-steps 11 is more than the 10 steps, so the generator is never updated: "
                + "raise --steps or lower --opt critic-steps"), r.errLines(), r.err());
        Cli.Result once = ok(concat(new String[] {"train", "--model", "gan", "--data", "8gaussians",
                "--opt", "critic-steps=10", "--out", tmp.resolve("one-g").toString()}, TINY_POINTS));
        assertEquals(List.of(), once.errLines(), "the 10th step updates the generator once");
    }

    @Test
    void ganResumes() throws IOException {
        Path out = tmp.resolve("resume");
        ok(concat(new String[] {"train", "--model", "gan", "--data", "8gaussians", "--out", out.toString()}, TINY_POINTS));
        ok("train", "--resume", "--out", out.toString(), "--steps", "15", "--threads", "1");
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(4, rows.size(), "rows at steps 5, 10 and 15: " + rows);
        assertTrue(rows.get(3).startsWith("15,"), rows.get(3));
    }

    /**
     * dcgan, wgan-gp (double backpropagation through convolutions) and cgan (MLP and DCGAN nets) on a small MNIST subset:
     * sample grids during and after training, interpolations between latent draws, eval, sample.
     */
    @Test
    void imageFamiliesTrainOnMnistAndDrawPictures() throws IOException {
        for (String model : List.of("dcgan", "wgan-gp", "cgan", "cgan-dcgan")) {
            Path out = tmp.resolve(model);
            String[] family = model.equals("cgan-dcgan") ? new String[] {"--model", "cgan", "--opt", "net=dcgan"}
                    : new String[] {"--model", model};
            ok(concat(concat(new String[] {"train", "--out", out.toString()}, family), TINY_MNIST));
            for (String picture : List.of("samples.png", "interpolations.png", "samples/step-0000002.png")) {
                assertTrue(isPng(out.resolve(picture)), model + " " + picture);
            }
            Cli.Result eval = ok("eval", "--run", out.toString(), "--threads", "1");
            assertEquals("1000", eval.value("examples"), "the first 1000 of the 2000 held-out digits");
            if (model.equals("wgan-gp")) {
                finite(eval.value("val_wasserstein"));
            } else {
                double real = finite(eval.value("val_d_real"));
                double fake = finite(eval.value("val_d_fake"));
                assertTrue(real > 0 && real < 1 && fake > 0 && fake < 1, real + " " + fake);
            }
            // Sample quality of the barely trained generator: far from the digits, but measured.
            assertTrue(finite(eval.value("val_frechet_distance")) > 0, model);
            double coverage = finite(eval.value("val_class_coverage"));
            assertTrue(coverage >= 0 && coverage <= 1, model + " " + coverage);
            double entropy = finite(eval.value("val_class_entropy"));
            assertTrue(entropy >= 0 && entropy <= Math.log(10) + 1e-9, model + " " + entropy);
            if (model.startsWith("cgan")) {
                double accuracy = finite(eval.value("val_label_accuracy"));
                assertTrue(accuracy >= 0 && accuracy <= 1, "label accuracy " + accuracy);
            }
        }
        Path dcgan = tmp.resolve("dcgan");
        Path grid = tmp.resolve("grid.png");
        ok("sample", "--run", dcgan.toString(), "-n", "16", "--out", grid.toString(), "--threads", "1");
        assertTrue(isPng(grid));
        Path csv = tmp.resolve("samples.csv");
        ok("sample", "--run", dcgan.toString(), "-n", "5", "--out", csv.toString(), "--threads", "1");
        for (String line : Files.readAllLines(csv).subList(1, 6)) {
            for (String v : line.split(",")) {
                double pixel = Double.parseDouble(v);
                assertTrue(pixel >= 0 && pixel <= 1, "samples are in data units [0, 1]: " + pixel);
            }
        }
        Path sphere = tmp.resolve("sphere.png");
        ok("interpolate", "--run", dcgan.toString(), "--mode", "spherical", "--steps", "4", "--out", sphere.toString());
        assertTrue(isPng(sphere));

        // a conditional GAN: its report grid has a row for each class, and --label draws one class
        Path cgan = tmp.resolve("cgan");
        for (String picture : List.of("samples.png", "samples/step-0000002.png")) {
            BufferedImage classRows = ImageIO.read(cgan.resolve(picture).toFile());
            assertTrue(classRows.getHeight() > classRows.getWidth(), picture + ": a row of 8 for each of the 10 classes: "
                    + classRows.getWidth() + "x" + classRows.getHeight());
        }
        assertTrue(Files.readString(cgan.resolve("report.html")).contains("a row for each class"), "the report says so");
        assertTrue(isPng(cgan.resolve("label_confusion.png")), "what the classifier reads per label");
        assertTrue(Files.readString(cgan.resolve("report.html")).contains("label_confusion.png"));
        assertFalse(Files.exists(dcgan.resolve("label_confusion.png")), "an unconditional GAN has no labels to confuse");
        assertEquals(10, json(cgan.resolve("summary.json")).get("classes").getAsInt());
        Path three = tmp.resolve("three.csv");
        Path five = tmp.resolve("five.csv");
        ok("sample", "--run", cgan.toString(), "-n", "4", "--label", "3", "--out", three.toString(), "--threads", "1");
        ok("sample", "--run", cgan.toString(), "-n", "4", "--label", "5", "--out", five.toString(), "--threads", "1");
        assertEquals(5, Files.readAllLines(three).size());
        assertFalse(Files.readAllLines(three).equals(Files.readAllLines(five)),
                "the same latent draws (same seed) decoded with another label");
        // the convolutional critic sees the label as planes: the same draws with another label differ there too
        Path convolutional = tmp.resolve("cgan-dcgan");
        Path convThree = tmp.resolve("conv-three.csv");
        Path convFive = tmp.resolve("conv-five.csv");
        ok("sample", "--run", convolutional.toString(), "-n", "4", "--label", "3", "--out", convThree.toString(), "--threads", "1");
        ok("sample", "--run", convolutional.toString(), "-n", "4", "--label", "5", "--out", convFive.toString(), "--threads", "1");
        assertFalse(Files.readAllLines(convThree).equals(Files.readAllLines(convFive)), "dcgan nets: another label, other images");
        Path walk = tmp.resolve("sevens.png");
        ok("interpolate", "--run", cgan.toString(), "--label", "7", "--steps", "4", "--out", walk.toString());
        assertTrue(isPng(walk));
        Path refused = tmp.resolve("refused.png");
        assertUserError(run("sample", "--run", cgan.toString(), "--label", "10", "--out", refused.toString()),
                "--label", "0..9");
        assertUserError(run("sample", "--run", dcgan.toString(), "--label", "1", "--out", refused.toString()),
                "--label", "drop --label");
        assertUserError(run("interpolate", "--run", dcgan.toString(), "--label", "1", "--out", refused.toString()),
                "--label", "drop --label");
        assertFalse(Files.exists(refused));
    }

    /**
     * --opt init-from=VAE_RUN: before any generator update the GAN draws exactly the VAE's decoder
     * means (images: (tanh(l / 2) + 1) / 2 = sigmoid(l)); and the run rebuilds from its own config.
     */
    @Test
    void generatorStartsAsTheDecoderOfAVaeRun() throws IOException {
        Path vae = tmp.resolve("vae");
        ok("train", "--model", "vae", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(), "--steps", "3",
                "--batch-size", "16", "--hidden", "32", "--latent", "4", "--threads", "1", "--out", vae.toString());
        Path gan = tmp.resolve("gan-from-vae");
        ok("train", "--model", "gan", "--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(), "--steps", "1",
                "--batch-size", "16", "--opt", "init-from=" + vae, "--opt", "critic-steps=2", "--threads", "1",
                "--out", gan.toString());
        JsonObject options = json(gan.resolve("config.json")).getAsJsonObject("model_options");
        assertEquals("4", options.get("latent").getAsString());
        assertEquals("32", options.get("decoder-hidden").getAsString());
        LatentDecoder decoder = (LatentDecoder) RunModels.load(RunFolder.open(vae));
        LatentDecoder generator = (LatentDecoder) RunModels.load(RunFolder.open(gan));
        Tensor z = torch.randn(6, 4);
        float[] expected = Tensors.toFloats(decoder.decode(z));
        float[] actual = Tensors.toFloats(generator.decode(z));
        assertEquals(6 * 784, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5);
        }

        Path moonsVae = tmp.resolve("moons-vae");
        ok("train", "--model", "vae", "--data", "moons", "--steps", "2", "--hidden", "8", "--train-size", "100", "--batch-size", "32",
                "--test-size", "50", "--threads", "1", "--out", moonsVae.toString());
        String[] mnist = {"--data", "mnist10k", "--data-dir", Cli.SHARED_MNIST.toString(), "--steps", "1", "--threads",
                "1"};
        assertUserError(run(concat(new String[] {"train", "--model", "gan", "--opt", "init-from=" + moonsVae, "--out",
                tmp.resolve("x").toString()}, mnist)), "init-from", "shape");
        assertUserError(run(concat(new String[] {"train", "--model", "gan", "--opt", "init-from=" + gan, "--out",
                tmp.resolve("y").toString()}, mnist)), "init-from", "not a vae run");
        assertUserError(run(concat(new String[] {"train", "--model", "cgan", "--opt", "init-from=" + vae, "--out",
                tmp.resolve("z").toString()}, mnist)), "init-from", "conditional");
    }

    @Test
    void badInputGetsOneLineErrors() throws IOException {
        Path csv = tmp.resolve("points.csv");
        Files.writeString(csv, "x,y\n" + "0.1,0.2\n".repeat(50));
        String[] base = {"--steps", "2", "--threads", "1", "--batch-size", "8"};
        assertUserError(run(concat(new String[] {"train", "--model", "cgan", "--data", csv.toString(),
                "--out", tmp.resolve("a").toString()}, base)), "labelled data", csv.getFileName().toString());
        assertUserError(run(concat(new String[] {"train", "--model", "gan", "--data", "8gaussians", "--opt",
                "critic-steps=0", "--out", tmp.resolve("b").toString()}, base)), "critic-steps");
        assertUserError(run(concat(new String[] {"train", "--model", "gan", "--data", "8gaussians", "--opt",
                "generator-steps=-1", "--out", tmp.resolve("c").toString()}, base)), "generator-steps");
        assertUserError(run(concat(new String[] {"train", "--model", "dcgan", "--data", "moons",
                "--out", tmp.resolve("d").toString()}, base)), "dcgan", "images");
        assertUserError(run(concat(new String[] {"train", "--model", "cgan", "--data", "25gaussians", "--opt",
                "classes=10", "--out", tmp.resolve("e").toString()}, base)), "classes=25", "24");
        assertUserError(run(concat(new String[] {"train", "--model", "wgan", "--data", "moons", "--betas", "0.5,0.9",
                "--out", tmp.resolve("f").toString()}, base)), "--betas", "rmsprop");
        assertUserError(run(concat(new String[] {"train", "--model", "gan", "--data", "moons", "--betas", "0.5,1.5",
                "--out", tmp.resolve("g").toString()}, base)), "--betas");
        // Only the MNIST MLP critic has dropout: the toy critic would train without it, silently.
        assertUserError(run(concat(new String[] {"train", "--model", "gan", "--data", "8gaussians", "--opt", "dropout=0.5",
                "--out", tmp.resolve("h").toString()}, base)), "does not read option 'dropout'");
        assertUserError(run(concat(new String[] {"train", "--model", "wgan", "--data", "8gaussians", "--opt", "clip=0",
                "--out", tmp.resolve("i").toString()}, base)), "Lipschitz", "clip");
        assertUserError(run(concat(new String[] {"train", "--model", "wgan-gp", "--data", "8gaussians", "--opt",
                "gp-weight=0", "--out", tmp.resolve("j").toString()}, base)), "Lipschitz", "gp-weight");
        for (String name : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")) {
            assertFalse(Files.exists(tmp.resolve(name).resolve("config.json")), "no run folder left for " + name);
        }
    }
}
