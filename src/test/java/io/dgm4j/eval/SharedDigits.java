package io.dgm4j.eval;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dgm4j.data.Mnist;
import io.dgm4j.data.TrainTestSplit;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * mnist10k from the shared copy beside the repository, and its digit classifier from the cache
 * folder the build sets (DGM4J_CACHE_DIR in the pom), so the whole suite trains it at most once.
 */
final class SharedDigits {
    static final Path DIR = Path.of("../shared/datasets/mnist");
    private static TrainTestSplit split;

    private SharedDigits() {
    }

    static synchronized TrainTestSplit split() {
        assumeTrue(Files.isRegularFile(DIR.resolve("t10k-images-idx3-ubyte.gz")), "shared MNIST copy not found at " + DIR);
        if (split == null) {
            split = Mnist.load(Mnist.MNIST_10K, DIR);
        }
        return split;
    }

    static DigitClassifier classifier() {
        return DigitClassifier.forData(Mnist.MNIST_10K, split().train());
    }
}
