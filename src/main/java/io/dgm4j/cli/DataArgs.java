package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.DataOptions;
import io.dgm4j.data.Mnist;
import io.dgm4j.data.ToyDatasets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How a dataset is produced: options shared by train and data. */
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

    /** The command this is mixed into: what was given on its command line. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /**
     * One warning line for each of --train-size, --test-size, --noise, --test-fraction and --data-dir given on the
     * command line that {@code data} (null: a --target run, which has no data) never reads: toy data reads the first
     * three, a CSV file only --test-fraction, MNIST only --data-dir (its split is fixed). Without it a user would
     * believe they took effect. Defaults are not warned about: every run carries them.
     */
    List<String> ignoredOptions(String data) {
        boolean toy = data != null && ToyDatasets.isToy(data);
        boolean csv = data != null && !toy && !Mnist.isMnist(data);
        String source = data == null ? "a --target run has no data (it draws its own samples)"
                : toy ? "'" + data + "' is generated toy data, whose held-out part is --test-size points"
                : csv ? "'" + data + "' is a CSV file, whose rows are split by --test-fraction"
                : "'" + data + "' comes with its own fixed train/test split";
        List<String> warnings = new ArrayList<>();
        for (String option : List.of("--train-size", "--test-size", "--noise")) {
            if (!toy && given(option)) {
                warnings.add("warning: " + option + " is ignored: it applies to generated toy data, and " + source);
            }
        }
        if (!csv && given("--test-fraction")) {
            warnings.add("warning: --test-fraction is ignored: it splits a CSV file's rows, and " + source);
        }
        if ((data == null || toy || csv) && given("--data-dir")) {
            warnings.add("warning: --data-dir is ignored: it is where MNIST is read from, and " + source);
        }
        return warnings;
    }

    private boolean given(String option) {
        return mixee != null && mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

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
