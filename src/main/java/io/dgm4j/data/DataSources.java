package io.dgm4j.data;

import io.dgm4j.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place that turns a user's dataset argument into data: a toy dataset name, {@code mnist}
 * or {@code mnist10k}, or the path of a CSV file.
 */
public final class DataSources {
    /**
     * Added to the seed for a toy dataset's test split, so test points are fresh draws rather than
     * copies of training points. A large prime keeps it clear of seeds users pick by hand (0, 1, 42).
     */
    static final long TEST_SEED_OFFSET = 1_000_003L;
    /** The shuffle that splits a CSV file uses this epoch, so it never equals a training epoch's order. */
    private static final long SPLIT_EPOCH = -1L;

    private DataSources() {
    }

    /** Every dataset name accepted, in the order listed to users. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(ToyDatasets.names());
        names.add(Mnist.MNIST);
        names.add(Mnist.MNIST_10K);
        return names;
    }

    /**
     * Loads training and held-out data:
     * <ul>
     *   <li>toy name: {@code trainSize} points from {@code seed}, {@code testSize} points from a derived seed;</li>
     *   <li>{@code mnist}, {@code mnist10k}: see {@link Mnist#load(String, Path)};</li>
     *   <li>CSV path: the rows in a seeded random order, the last {@code testFraction} of them held out.</li>
     * </ul>
     * With {@code standardize}, both parts are rescaled with statistics fitted on the training part.
     */
    public static LoadedData load(String nameOrPath, DataOptions options) {
        TrainTestSplit split = switch (kindOf(nameOrPath)) {
            case TOY -> new TrainTestSplit(
                    ToyDatasets.generate(nameOrPath, options.trainSize(), options.seed(), options.noise()),
                    toyTest(nameOrPath, options));
            case MNIST -> Mnist.load(nameOrPath, Mnist.resolveDataDir(options.dataDir()));
            case CSV -> splitRows(nameOrPath, CsvDataset.read(csvPath(nameOrPath)), options);
        };
        if (!options.standardize()) {
            return new LoadedData(split, null);
        }
        Standardization standardization = Standardization.fit(split.train());
        TrainTestSplit scaled = new TrainTestSplit(standardization.apply(split.train()), standardization.apply(split.test()));
        return new LoadedData(scaled, standardization);
    }

    /**
     * Data to evaluate a trained model on, in the original units (callers apply the model's own
     * standardization): every row of a CSV file, or the held-out split of a named dataset.
     */
    public static Dataset loadForEvaluation(String nameOrPath, DataOptions options) {
        return switch (kindOf(nameOrPath)) {
            case TOY -> toyTest(nameOrPath, options);
            case MNIST -> Mnist.load(nameOrPath, Mnist.resolveDataDir(options.dataDir())).test();
            case CSV -> CsvDataset.read(csvPath(nameOrPath));
        };
    }

    /**
     * The form of a dataset argument to store in a run's config: names unchanged, a CSV path made
     * absolute, so that eval, density and resume find the file from any working directory.
     */
    public static String canonical(String nameOrPath) {
        if (kindOf(nameOrPath) != Kind.CSV) {
            return nameOrPath;
        }
        return csvPath(nameOrPath).toAbsolutePath().normalize().toString();
    }

    private enum Kind { TOY, MNIST, CSV }

    private static Kind kindOf(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new InvalidInputException("no dataset given: choose one of " + String.join(", ", names())
                    + ", or give a path to a .csv file");
        }
        if (ToyDatasets.isToy(nameOrPath)) {
            return Kind.TOY;
        }
        if (Mnist.isMnist(nameOrPath)) {
            return Kind.MNIST;
        }
        if (nameOrPath.toLowerCase(Locale.ROOT).endsWith(".csv") || isExistingFile(nameOrPath)) {
            return Kind.CSV;
        }
        throw new InvalidInputException("unknown dataset '" + nameOrPath + "': choose one of " + String.join(", ", names())
                + ", or give a path to a .csv file");
    }

    private static boolean isExistingFile(String path) {
        try {
            return Files.isRegularFile(Paths.get(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Path csvPath(String path) {
        try {
            return Paths.get(path);
        } catch (InvalidPathException e) {
            throw new InvalidInputException("data file '" + path + "' is not a valid path (" + AtomicFiles.describe(e)
                    + "): check the path");
        }
    }

    private static Dataset toyTest(String name, DataOptions options) {
        return ToyDatasets.generate(name, options.testSize(), options.seed() + TEST_SEED_OFFSET, options.noise());
    }

    /** Shuffles the rows with the seed and holds out the last {@code testFraction} of them. */
    private static TrainTestSplit splitRows(String path, Dataset all, DataOptions options) {
        double fraction = options.testFraction();
        if (!(fraction >= 0 && fraction < 1)) {
            throw new InvalidInputException("test fraction must be in [0, 1), got " + fraction
                    + " for data file '" + path + "': hold out a share such as 0.1");
        }
        int testSize = fraction == 0 ? 0 : Math.max(1, (int) Math.round(all.size() * fraction));
        if (testSize >= all.size()) {
            throw new InvalidInputException("data file '" + path + "' has only " + all.size()
                    + " row(s), too few to hold out a test fraction of " + fraction + " and still train: add rows, or "
                    + "use --test-fraction 0 and evaluate with --data on other rows");
        }
        Dataset shuffled = all.select(Batches.permutation(all.size(), options.seed(), SPLIT_EPOCH));
        int trainSize = all.size() - testSize;
        return new TrainTestSplit(shuffled.subset(0, trainSize), shuffled.subset(trainSize, all.size()));
    }
}
