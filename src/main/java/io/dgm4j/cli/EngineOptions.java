package io.dgm4j.cli;

import io.dgm4j.tensor.Engine;
import picocli.CommandLine.Option;

/** --threads, shared by every command that computes. */
final class EngineOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for libtorch (default: DGM4J_THREADS, else the number of cores).")
    Integer threads;

    void start() {
        Engine.start(threads == null ? Engine.defaultThreads() : threads);
    }
}
