package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.report.Plots;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.RunFolder;
import io.dgm4j.train.RunModels;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Draw samples from a trained run into a CSV or PNG file.",
                "A .csv file gets one sample per row; a .png file (2-D data), a scatter plot.",
                "Example: dgm4j sample --run runs/moons -n 1000 --out samples.png"})
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run folder written by train.")
    Path runDir;

    @Option(names = "-n", paramLabel = "N", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int n = 1000;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file: .csv or .png.")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the draw (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Override
    public Integer call() {
        if (n < 1) {
            throw new InvalidInputException("-n must be at least 1 (got " + n + ")");
        }
        String name = PathArgs.outputFile("--out", out, ".csv", ".png");
        PathArgs.folder("--run", runDir);
        engine.start();
        RunFolder run = RunFolder.open(runDir);
        GenerativeModel model = RunModels.load(run);
        int d = 1;
        for (int s : model.eventShape()) {
            d *= s;
        }
        if (name.endsWith(".png") && d != 2) {
            throw new InvalidInputException("a PNG scatter plot needs 2-D data, this model has " + d
                    + " features: use --out FILE.csv");
        }
        Engine.seed(seed);
        float[] values = Tensors.toFloats(model.sample(n));
        if (name.endsWith(".csv")) {
            RunArtifacts.writeCsv(out, values, d);
        } else {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = values[2 * i];
                y[i] = values[2 * i + 1];
            }
            Plots.scatter(out, n + " samples from " + runDir.getFileName(), x, y);
        }
        System.out.println("wrote " + n + " samples to " + out);
        return 0;
    }
}
