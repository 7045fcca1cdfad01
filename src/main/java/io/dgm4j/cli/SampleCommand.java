package io.dgm4j.cli;

import io.dgm4j.run.ModelPictures;
import io.dgm4j.run.RunArtifacts;
import io.dgm4j.InvalidInputException;
import io.dgm4j.data.CsvWriter;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentDecoder;
import io.dgm4j.report.ImageGrid;
import io.dgm4j.report.Plots;
import io.dgm4j.tensor.Engine;
import io.dgm4j.train.RunFolder;
import io.dgm4j.train.RunModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Draw samples from a trained run into a CSV or PNG file.",
                "A .csv file gets one sample per row; a .png file, a scatter plot (2-D data)",
                "or a grid of images (image data).",
                "--temperature T decodes z = T * eps, or f^-1(T * eps) for a flow prior f",
                "(T < 1: fewer, more typical shapes).",
                "--label K draws class K of a conditional model (cgan).",
                "Models of binary pixels (Bernoulli VAE, Helmholtz, RBM, DBN, NADE, MADE,",
                "PixelCNN) write each pixel's probability of being 1 given the rest of the",
                "draw, not a 0/1 draw: the pictures of their papers.",
                "Example: dgm4j sample --run runs/mnist -n 64 --temperature 0.7 --out grid.png"})
final class SampleCommand implements Callable<Integer> {
    @Mixin
    RunArgs runArgs = new RunArgs();

    /** The run folder, from --run or the argument. */
    private Path runDir;

    @Option(names = "-n", paramLabel = "N", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int n = 1000;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file: .csv or .png.")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the draw (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Scale the latent prior's base noise eps by T, map it through the prior (z = T * eps; a flow prior f: "
                    + "f^-1(T * eps)) and decode it (T > 0; models with a latent space).")
    Double temperature;

    @Option(names = "--label", paramLabel = "K",
            description = "Draw class K only (conditional models: cgan; K in 0..classes-1).")
    Integer label;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Mixin
    ReplaceOption replace = new ReplaceOption();

    @Override
    public Integer call() {
        if (n < 1) {
            throw new InvalidInputException("-n must be at least 1 (got " + n + ")");
        }
        ModelPictures.checkTemperature(temperature);
        String name = PathArgs.outputFile("--out", out, ".csv", ".png");
        if (name.endsWith(".png") && n > ImageGrid.MAX_IMAGES) {
            throw new InvalidInputException("-n " + n + " is more samples than a PNG shows (at most "
                    + ImageGrid.MAX_IMAGES + "): lower -n, or write them to --out FILE.csv");
        }
        replace.check(out);
        runDir = runArgs.folder("sample");
        engine.start();
        RunFolder run = RunFolder.open(runDir);
        GenerativeModel model = RunModels.load(run);
        ModelPictures.checkTemperature(temperature, model, run.readConfig().model());
        LatentDecoder ofClass = ModelPictures.labelled(label, model, run.readConfig().model());
        int[] shape = model.eventShape();
        boolean image = ImageGrid.isImageShape(shape);
        int d = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (name.endsWith(".png") && d != 2 && !image) {
            throw new InvalidInputException("a PNG shows 2-D points or images, but this model's examples have shape "
                    + Arrays.toString(shape) + ": use --out FILE.csv");
        }
        Engine.seed(seed);
        IntFunction<float[]> draw = count -> ofClass == null ? ModelPictures.samples(model, count, temperature)
                : ModelPictures.samples(ofClass, count, temperature);
        if (name.endsWith(".csv")) {
            writeCsv(draw, d);
        } else {
            writePng(ModelPictures.allInBatches(n, d, draw), shape, image);
        }
        System.out.println("wrote " + n + " samples to " + out);
        return 0;
    }

    /** Streamed batch by batch: a CSV may hold more samples than memory would. */
    private void writeCsv(IntFunction<float[]> draw, int d) {
        try (CsvWriter csv = CsvWriter.create(out, RunArtifacts.columnNames(d), d)) {
            ModelPictures.inBatches(n, d, draw, batch -> csv.append(batch, null));
            csv.commit();
        }
    }

    /** A grid of images, or a scatter plot of 2-D points. */
    private void writePng(float[] values, int[] shape, boolean image) {
        if (image) {
            new ImageGrid(values, shape).write(out, ImageGrid.squareColumns(n));
            return;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = values[2 * i];
            y[i] = values[2 * i + 1];
        }
        String title = n + " samples from " + runDir.getFileName() + (label == null ? "" : " of class " + label)
                + (temperature == null ? "" : " at T = " + temperature);
        Plots.scatter(out, title, x, y);
    }
}
