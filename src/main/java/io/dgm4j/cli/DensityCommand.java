package io.dgm4j.cli;

import io.dgm4j.run.RunArtifacts;
import io.dgm4j.run.Experiment;
import io.dgm4j.InvalidInputException;
import io.dgm4j.eval.DensityGrid;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.targets.ToyEnergy;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.report.CsvTable;
import io.dgm4j.report.Plots;
import io.dgm4j.train.RunConfig;
import io.dgm4j.train.RunFolder;
import io.dgm4j.train.RunModels;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "density", mixinStandardHelpOptions = true,
        description = {"Map a 2-D model's log density on a grid, to CSV and PNG.",
                "Writes x,y,log_density rows to a CSV file and a heatmap PNG beside it;",
                "the grid covers the training data with a margin.",
                "Example: dgm4j density --run runs/moons --out density.csv"})
final class DensityCommand implements Callable<Integer> {
    @Mixin
    RunArgs runArgs = new RunArgs();

    /** The run folder, from --run or the argument. */
    private Path runDir;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "CSV output; the heatmap goes to the same name with .png.")
    Path out;

    @Option(names = "--resolution", paramLabel = "N", description = "Grid points per axis (default: ${DEFAULT-VALUE}).")
    int resolution = RunArtifacts.DENSITY_RESOLUTION;

    @Option(names = "--margin", paramLabel = "F", description = "Margin around the data, as a share of its range (default: ${DEFAULT-VALUE}).")
    double margin = RunArtifacts.DENSITY_MARGIN;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Mixin
    ReplaceOption replace = new ReplaceOption();

    @Override
    public Integer call() {
        PathArgs.outputFile("--out", out, ".csv");
        String csvName = out.getFileName().toString();
        Path png = out.resolveSibling(csvName.substring(0, csvName.length() - 4) + ".png");
        replace.check(out, png);
        runDir = runArgs.folder("density");
        if (resolution < 2 || resolution > 2000) {
            throw new InvalidInputException("--resolution must be between 2 and 2000 (got " + resolution + ")");
        }
        if (!(margin >= 0 && margin <= 10)) {
            throw new InvalidInputException("--margin must be between 0 and 10, a share of the data's range (got "
                    + margin + ")");
        }
        engine.start();
        RunFolder run = RunFolder.open(runDir);
        RunConfig config = run.readConfig();
        if (config.dataShape().length != 1 || config.dataShape()[0] != 2) {
            throw new InvalidInputException("density maps need a model of 2-D data; '" + runDir
                    + "' models shape " + java.util.Arrays.toString(config.dataShape()) + ": map a run trained on "
                    + "2-D data (e.g. --data moons), or look at this one with sample, interpolate or eval");
        }
        GenerativeModel model = RunModels.load(run);
        if (!(model instanceof ExactLogDensity density)) {
            throw new InvalidInputException("model '" + config.model() + "' has no exact density to map");
        }
        DensityGrid grid;
        if (config.target() != null) {
            // No data to cover: the grid spans the target's box, as the run's own density.csv does.
            double[] box = ToyEnergy.named(config.target()).box();
            grid = DensityGrid.evaluate(density, box[0], box[1], box[2], box[3], resolution, resolution);
        } else {
            float[] train = Experiment.loadData(config.data(), config.dataOptions()).split().train().values();
            grid = DensityGrid.covering(density, train, margin, resolution);
        }
        RunArtifacts.writeDensity(out, grid);
        Plots.densityHeatmap(png, "density of " + runDir.getFileName(),
                io.dgm4j.report.DensityCsv.from(CsvTable.read(out)));
        System.out.printf(Locale.ROOT, "wrote %dx%d grid to %s and %s (mass on the grid: %.4f)%n",
                resolution, resolution, out, png, grid.integral());
        return 0;
    }
}
