package io.dgm4j.data;

/**
 * How {@link DataSources} loads a dataset.
 *
 * @param trainSize examples generated for training (toy datasets only)
 * @param testSize examples generated for evaluation (toy datasets only)
 * @param seed seeds toy generation and the shuffle that splits a CSV file
 * @param noise toy noise std; {@link ToyDatasets#DEFAULT_NOISE} for each dataset's default
 * @param dataDir folder of the MNIST files, or null for {@link Mnist#resolveDataDir(String)}'s fallbacks
 * @param standardize rescale every column to mean 0, std 1 with statistics fitted on the training split
 * @param testFraction share of a CSV file's rows held out, in [0, 1)
 */
public record DataOptions(int trainSize, int testSize, long seed, double noise, String dataDir, boolean standardize,
        double testFraction) {
    public static final int DEFAULT_TRAIN_SIZE = 10_000;
    public static final int DEFAULT_TEST_SIZE = 2_000;
    public static final double DEFAULT_TEST_FRACTION = 0.1;

    /** 10,000 training and 2,000 test toy points, seed 0, default noise, no standardization. */
    public static DataOptions defaults() {
        return new DataOptions(DEFAULT_TRAIN_SIZE, DEFAULT_TEST_SIZE, 0L, ToyDatasets.DEFAULT_NOISE, null, false,
                DEFAULT_TEST_FRACTION);
    }
}
