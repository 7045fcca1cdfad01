package io.dgm4j.data;

import java.nio.file.Path;
import java.nio.file.Paths;

/** The shared MNIST copy, which CI and the worktrees lay out beside the repository as ../shared. */
final class SharedMnist {
    static final Path DIR = Paths.get("../shared/datasets/mnist");
    static final Path T10K_IMAGES = DIR.resolve("t10k-images-idx3-ubyte.gz");
    static final Path T10K_LABELS = DIR.resolve("t10k-labels-idx1-ubyte.gz");

    private SharedMnist() {
    }
}
