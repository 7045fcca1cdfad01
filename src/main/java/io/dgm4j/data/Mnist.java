package io.dgm4j.data;

import io.dgm4j.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;

/**
 * The MNIST digits from the canonical IDX files, as labelled datasets of shape {1, 28, 28} with
 * pixels in [0, 1]. Two variants:
 * <ul>
 *   <li>{@code mnist}: the 60,000 training images for training, the 10,000 test images held out;</li>
 *   <li>{@code mnist10k}: only the 10,000 test images (for machines without the training files),
 *       the first 8,000 for training and the last 2,000 held out.</li>
 * </ul>
 * Each file may be gzipped ({@code name.gz}) or raw ({@code name}).
 */
public final class Mnist {
    public static final String MNIST = "mnist";
    public static final String MNIST_10K = "mnist10k";
    public static final String DATA_DIR_ENV = "DGM4J_DATA_DIR";
    public static final Path DEFAULT_DATA_DIR = Paths.get("data", "mnist");
    /** How users are told to fetch missing files; keep in step with the CLI's download command. */
    static final String DOWNLOAD_HINT = "run 'dgm4j download-mnist' to fetch the files";

    private static final int SIDE = 28;
    private static final int MNIST_10K_TRAIN = 8_000;
    private static final int LABEL_COUNT = 10;

    private Mnist() {
    }

    public static boolean isMnist(String name) {
        return name != null && (MNIST.equalsIgnoreCase(name.trim()) || MNIST_10K.equalsIgnoreCase(name.trim()));
    }

    /** Loads {@code mnist} or {@code mnist10k} from the IDX files in {@code dataDir}. */
    public static TrainTestSplit load(String name, Path dataDir) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals(MNIST)) {
            return new TrainTestSplit(read(MNIST, dataDir, "train"), read(MNIST, dataDir, "t10k"));
        }
        if (key.equals(MNIST_10K)) {
            Dataset all = read(MNIST_10K, dataDir, "t10k");
            return new TrainTestSplit(all.subset(0, MNIST_10K_TRAIN), all.subset(MNIST_10K_TRAIN, all.size()));
        }
        throw new InvalidInputException("unknown MNIST variant '" + name + "': choose " + MNIST + " or " + MNIST_10K);
    }

    /**
     * The folder holding the MNIST files, chosen in this order: {@code option} (the CLI's
     * --data-dir) if given, else the environment variable {@value #DATA_DIR_ENV} if set, else
     * {@code data/mnist} relative to the working directory.
     */
    public static Path resolveDataDir(String option) {
        return resolveDataDir(option, System.getenv());
    }

    static Path resolveDataDir(String option, Map<String, String> environment) {
        String fromEnvironment = environment.get(DATA_DIR_ENV);
        String chosen = option != null && !option.isBlank() ? option
                : fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : null;
        if (chosen == null) {
            return DEFAULT_DATA_DIR;
        }
        try {
            return Paths.get(chosen.trim());
        } catch (InvalidPathException e) {
            throw new InvalidInputException("data folder '" + chosen + "' is not a valid path (" + AtomicFiles.describe(e)
                    + "): fix --data-dir or " + DATA_DIR_ENV);
        }
    }

    /** Reads {@code prefix}-images and {@code prefix}-labels and checks that they belong together. */
    private static Dataset read(String name, Path dataDir, String prefix) {
        Path imagesFile = find(dataDir, prefix + "-images-idx3-ubyte");
        Path labelsFile = find(dataDir, prefix + "-labels-idx1-ubyte");
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        if (images.rows() != SIDE || images.cols() != SIDE) {
            throw new InvalidInputException("IDX file '" + imagesFile + "' holds " + images.rows() + "x" + images.cols()
                    + " images, not MNIST's 28x28: check that it is an MNIST file");
        }
        int[] labels = IdxReader.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new InvalidInputException("MNIST files '" + imagesFile + "' (" + images.count() + " images) and '"
                    + labelsFile + "' (" + labels.length + " labels) do not match: re-download both");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= LABEL_COUNT) {
                throw new InvalidInputException("IDX file '" + labelsFile + "' has label " + labels[i] + " at index " + i
                        + ", not a digit 0-9: check that it is an MNIST label file");
            }
        }
        return new Dataset(name, images.pixels(), images.count(), new int[] {1, SIDE, SIDE}, labels);
    }

    /** The gzipped or the raw copy of {@code baseName} in {@code dataDir}, preferring the gzipped one. */
    private static Path find(Path dataDir, String baseName) {
        for (Path candidate : new Path[] {dataDir.resolve(baseName + ".gz"), dataDir.resolve(baseName)}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new InvalidInputException("MNIST file '" + baseName + ".gz' (or '" + baseName + "') not found in '"
                + dataDir.toAbsolutePath().normalize() + "': set --data-dir or " + DATA_DIR_ENV + " to the folder holding it, or "
                + DOWNLOAD_HINT);
    }
}
