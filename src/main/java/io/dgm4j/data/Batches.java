package io.dgm4j.data;

import io.dgm4j.InvalidInputException;
import java.util.Random;

/** Seeded shuffling and batch counting, so a training run is reproducible from its seed alone. */
public final class Batches {
    private Batches() {
    }

    /**
     * A permutation of 0..n-1 that depends only on (seed, epoch): rerunning an epoch gives the same
     * order, and each epoch gets a different one.
     */
    public static int[] permutation(int n, long seed, long epoch) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(mix(seed, epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /**
     * Batches in one pass over {@code n} examples: with {@code dropLast} a final partial batch is
     * skipped (so every batch has exactly {@code batchSize} examples).
     *
     * @throws InvalidInputException if the batch size is not positive, or dropLast would leave no batch
     */
    public static int batchesPerEpoch(int n, int batchSize, boolean dropLast) {
        if (batchSize <= 0) {
            throw new InvalidInputException("batch size must be positive, got " + batchSize + ": set a batch size of at least 1");
        }
        if (dropLast && n < batchSize) {
            throw new InvalidInputException("batch size " + batchSize + " is larger than the " + n
                    + " training examples, so no full batch fits: lower the batch size");
        }
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * Combines seed and epoch into one well-mixed seed (SplitMix64 finalizer), because
     * java.util.Random seeded with nearby values starts with correlated outputs.
     */
    private static long mix(long seed, long epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
