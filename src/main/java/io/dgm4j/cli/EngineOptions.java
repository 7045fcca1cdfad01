package io.dgm4j.cli;

import io.dgm4j.tensor.Engine;
import picocli.CommandLine.Option;

/** --threads, shared by every command that computes. */
final class EngineOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for libtorch's own kernels (default: DGM4J_THREADS, else 1; more rarely pays on 2 cores).")
    Integer threads;

    void start() {
        int requested = threads == null ? Engine.defaultThreads() : threads;
        Engine.start(requested);
        int cores = Runtime.getRuntime().availableProcessors();
        if (requested > cores) {
            // More threads than cores make every parallel kernel wait for the threads that have no core.
            System.err.println("warning: --threads " + requested + " is more than the " + cores + " cores here: "
                    + "expect it slower than --threads " + cores);
        }
    }
}
