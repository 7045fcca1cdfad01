package io.dgm4j.tensor;

import java.io.IOException;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.pytorch.Context;
import org.bytedeco.pytorch.global.torch;

/**
 * Start-up of the tensor engine. Every entry point (CLI, tests, library users) goes through
 * {@link #start(int)} or {@link #ensureStarted()} before the first tensor operation.
 *
 * <p>Why: the bytedeco build links libtorch against OpenBLAS, whose own thread pool fights
 * libtorch's OpenMP pool when both are left at their defaults (an MLP epoch measured 50 s
 * instead of 2 s, see ENGINE.md). Measured here on RealNVP (2 cores, batch 256, 128-wide nets):
 * OpenBLAS with 2 threads collapsed to 7 steps/s against 60-80 with 1; two libtorch threads
 * gave nothing when the machine was idle and lost a quarter when anything else ran (spinning
 * OpenMP workers; the launcher sets OMP_WAIT_POLICY=PASSIVE against that). Remeasured on
 * 2026-11-21 with passive waiting: RealNVP no longer collapses (94 against 105 steps/s) and the
 * MNIST VAE step gains (12 -> 9.6 ms), but Glow falls from 8.5 to 3.9 steps/s and DCGAN from 1.6
 * to 1.2 as OpenBLAS and OpenMP (the convolutions) fight over the cores. So OpenBLAS always
 * runs single-threaded, libtorch gets one thread unless asked for more, and oversubscription
 * cannot happen by default.
 */
public final class Engine {
    private static int threads = 0;

    private Engine() {
    }

    /** Sets the thread budget; may be called again to change it. */
    public static synchronized void start(int requestedThreads) {
        if (requestedThreads < 1) {
            throw new io.dgm4j.InvalidInputException(
                    "--threads must be at least 1 (got " + requestedThreads + ")");
        }
        extractNativesTogether();
        openblas.blas_set_num_threads(1);
        torch.set_num_threads(requestedThreads);
        // Adam's moment estimates of rarely-updated weights decay into subnormal floats, on which
        // x86 arithmetic is ~100x slower: the optimizer step slowed 4x within 1000 steps here.
        Context.setFlushDenormal(true);
        threads = requestedThreads;
    }

    /**
     * Extracts all libtorch natives into JavaCPP's cache before the first is loaded. Why: JavaCPP
     * otherwise extracts them one at a time as it loads them, so when libtorch.so is loaded its
     * neighbour libtorch_cpu.so is not there yet and the dynamic linker falls back to any system
     * copy (Debian's python3-torch installs one); two libtorch builds in one process crash the JVM.
     */
    private static void extractNativesTogether() {
        try {
            // The CPU build keeps its natives under <platform>/, the CUDA build (-Pcuda) under <platform>-gpu/.
            for (String flavour : new String[] {"", "-gpu"}) {
                Loader.cacheResources(torch.class, "/org/bytedeco/pytorch/" + Loader.getPlatform() + flavour + "/");
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not extract the libtorch natives into "
                    + "~/.javacpp/cache: " + e.getMessage(), e);
        }
    }

    /** Starts with the default budget unless already started. */
    public static synchronized void ensureStarted() {
        if (threads == 0) {
            start(defaultThreads());
        }
    }

    /** The thread budget in force (0 before start). */
    public static synchronized int threads() {
        return threads;
    }

    /** {@code DGM4J_THREADS} when set, otherwise 1 (see the class comment for the measurements). */
    public static int defaultThreads() {
        String env = System.getenv("DGM4J_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                return Integer.parseInt(env.trim());
            } catch (NumberFormatException e) {
                throw new io.dgm4j.InvalidInputException(
                        "DGM4J_THREADS='" + env + "' is not a whole number: set it to e.g. 2 or unset it");
            }
        }
        return 1;
    }

    /** Seeds libtorch's global generator: model initialisation and sampling draw from it. */
    public static void seed(long seed) {
        ensureStarted();
        torch.manual_seed(seed);
    }
}
