package io.dgm4j.cli;

import io.dgm4j.tensor.Engine;
import picocli.CommandLine.Option;

/** --threads, shared by every command that computes. */
final class EngineOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for libtorch's own kernels (default: DGM4J_THREADS, else 1; more rarely pays on 2 cores).")
    Integer threads;

    void start() {
        Engine.start(threads == null ? Engine.defaultThreads() : threads);
    }
}
