package io.dgm4j.cli;

import io.dgm4j.run.ModelPictures;
import io.dgm4j.run.Experiment;
import io.dgm4j.InvalidInputException;
import io.dgm4j.data.Dataset;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentDecoder;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.report.ImageGrid;
import io.dgm4j.train.RunConfig;
import io.dgm4j.train.RunFolder;
import io.dgm4j.train.RunModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = {"Walk in latent space between held-out examples (or GAN draws) and decode.",
                "linear: z(t) = (1-t) z1 + t z2 for --pairs pairs, a row of --steps per pair.",
                "spherical: z = cos(a)(cos(b) z1 + sin(b) z2) + sin(a)(cos(b) z3 + sin(b) z4)",
                "  for a, b in [0, pi/2] through 4 examples (RealNVP's manifold figure),",
                "  a --steps x --steps grid.",
                "A GAN has no encoder: its paths join latent draws picked by --seed",
                "  (a conditional GAN's within class --label, 0 by default).",
                "Image models write a PNG; other models a CSV of the decoded points.",
                "Example: dgm4j interpolate --run runs/mnist --mode spherical --out grid.png"})
final class InterpolateCommand implements Callable<Integer> {
    /**
     * The most points a CSV interpolation decodes: they are decoded in one batch, and at this count a wide
     * decoder's activations still take some hundreds of MB, not all the memory there is.
     */
    static final int MAX_CSV_POINTS = 100_000;

    @Mixin
    RunArgs runArgs = new RunArgs();

    /** The run folder, from --run or the argument. */
    private Path runDir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file: .png (image data) or .csv (other data).")
    Path out;

    @Option(names = "--mode", paramLabel = "MODE", description = "linear or spherical (default: ${DEFAULT-VALUE}).")
    String mode = "linear";

    @Option(names = "--steps", paramLabel = "N", description = "Points along each path or grid side, ends included (default: ${DEFAULT-VALUE}).")
    int steps = ModelPictures.INTERPOLATION_STEPS;

    @Option(names = "--pairs", paramLabel = "N", description = "Paths drawn in linear mode (default: ${DEFAULT-VALUE}).")
    int pairs = ModelPictures.INTERPOLATION_PAIRS;

    @Option(names = "--seed", paramLabel = "N", description = "Seed that picks the examples, or a GAN's latent draws (default: ${DEFAULT-VALUE}).")
    long seed = ModelPictures.INTERPOLATION_SEED;

    @Option(names = "--data", paramLabel = "NAME|CSV", description = "Dataset name (its held-out split) or a .csv file to pick examples from (default: the run's held-out data).")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the MNIST IDX files.")
    String dataDir;

    @Option(names = "--label", paramLabel = "K",
            description = "Class of a conditional model's paths (cgan; K in 0..classes-1; default: 0).")
    Integer label;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Mixin
    ReplaceOption replace = new ReplaceOption();

    @Override
    public Integer call() {
        boolean linear = switch (mode) {
            case "linear" -> true;
            case "spherical" -> false;
            default -> throw new InvalidInputException("--mode '" + mode + "' is unknown: choose linear or spherical");
        };
        if (steps < 2) {
            throw new InvalidInputException("--steps must be at least 2 (got " + steps + "): a path has two ends");
        }
        if (pairs < 1) {
            throw new InvalidInputException("--pairs must be at least 1 (got " + pairs + ")");
        }
        String extension = PathArgs.outputFile("--out", out, ".png", ".csv");
        checkCount(linear, extension.equals(".png"));
        replace.check(out);
        runDir = runArgs.folder("interpolate");
        engine.start();
        RunFolder run = RunFolder.open(runDir);
        RunConfig config = run.readConfig();
        GenerativeModel model = RunModels.load(run);
        if (!(model instanceof LatentDecoder decoder)) {
            throw new InvalidInputException("model '" + config.model() + "' has no latent space to interpolate in: "
                    + "use a run of a flow, a VAE or a GAN");
        }
        int[] shape = model.eventShape();
        boolean image = ImageGrid.isImageShape(shape);
        if (image && extension.equals(".csv")) {
            throw new InvalidInputException("interpolations of image data are pictures: use --out FILE.png");
        }
        if (!image && extension.equals(".png")) {
            throw new InvalidInputException("an interpolation picture needs image data, but this model's examples have shape "
                    + Arrays.toString(shape) + ": use --out FILE.csv for the decoded points");
        }
        LatentDecoder ofClass = ModelPictures.labelled(label, model, config.model());
        float[] decoded;
        if (model instanceof LatentSpace latent) {
            Dataset points = Experiment.heldOutData(config, data, dataDir,
                    "interpolate between examples like its training data");
            int needed = linear ? 2 * pairs : 4;
            if (points.size() < needed) {
                throw new InvalidInputException(mode + " interpolation needs " + needed + " examples, but the data has "
                        + points.size() + (linear ? ": lower --pairs or pass a larger --data" : ": pass a larger --data"));
            }
            Dataset ends = ModelPictures.pick(points, needed, seed);
            decoded = linear ? ModelPictures.linearPaths(latent, ends, steps)
                    : ModelPictures.sphericalGrid(latent, ends, steps);
        } else {
            if (data != null) {
                throw new InvalidInputException("model '" + config.model() + "' has no encoder, so it interpolates "
                        + "between latent draws (picked by --seed), not between examples: drop --data");
            }
            decoded = ModelPictures.betweenDraws(ofClass == null ? decoder : ofClass, linear, pairs, steps, seed);
        }
        if (image) {
            new ImageGrid(decoded, shape).write(out, steps);
        } else {
            InterpolationCsv.write(out, decoded, shape[0], linear, steps);
        }
        int rows = linear ? pairs : steps;
        System.out.println("wrote " + rows + " x " + steps + " " + mode + " interpolation to " + out);
        return 0;
    }

    /** Refuses, before any work, more points than the output holds: a PNG grid's images, or {@link #MAX_CSV_POINTS}. */
    private void checkCount(boolean linear, boolean png) {
        long points = linear ? (long) pairs * steps : (long) steps * steps;
        int limit = png ? ImageGrid.MAX_IMAGES : MAX_CSV_POINTS;
        if (points > limit) {
            String asked = linear ? "--pairs " + pairs + " x --steps " + steps : "--steps " + steps + " squared";
            throw new InvalidInputException(asked + " is " + points + " points, more than an interpolation "
                    + (png ? "picture shows" : "CSV holds") + " (at most " + limit + "): lower "
                    + (linear ? "--pairs or --steps" : "--steps"));
        }
    }
}
