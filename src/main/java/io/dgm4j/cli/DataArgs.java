package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.DataOptions;
import io.dgm4j.data.ToyDatasets;
import picocli.CommandLine.Option;

/** How a dataset is produced: options shared by train, eval and data. */
final class DataArgs {
    @Option(names = "--train-size", paramLabel = "N", description = "Points generated for training, toy data (default: ${DEFAULT-VALUE}).")
    int trainSize = DataOptions.DEFAULT_TRAIN_SIZE;

    @Option(names = "--test-size", paramLabel = "N", description = "Points generated for held-out evaluation, toy data (default: ${DEFAULT-VALUE}).")
    int testSize = DataOptions.DEFAULT_TEST_SIZE;

    @Option(names = "--noise", paramLabel = "STD", description = "Noise of a toy dataset (default: the dataset's own).")
    Double noise;

    @Option(names = "--test-fraction", paramLabel = "F", description = "Share of CSV rows held out (default: ${DEFAULT-VALUE}).")
    double testFraction = DataOptions.DEFAULT_TEST_FRACTION;

    @Option(names = "--standardize", description = "Standardise each feature with training-set mean and std (densities stay in the original units).")
    boolean standardize;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the MNIST IDX files (default: $DGM4J_DATA_DIR, else ./data/mnist).")
    String dataDir;

    DataOptions toOptions(long seed) {
        if (trainSize < 1 || testSize < 1) {
            throw new InvalidInputException("--train-size and --test-size must be at least 1 (got " + trainSize
                    + " and " + testSize + ")");
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new InvalidInputException("--test-fraction must be in [0, 1) (got " + testFraction + ")");
        }
        if (noise != null && !(noise >= 0 && Double.isFinite(noise))) {
            throw new InvalidInputException("--noise must be a finite number >= 0 (got " + noise + ")");
        }
        return new DataOptions(trainSize, testSize, seed, noise == null ? ToyDatasets.DEFAULT_NOISE : noise, dataDir,
                standardize, testFraction);
    }
}
