package io.dgm4j.eval;

import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import java.util.Arrays;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Wall-clock cost of sampling and of density evaluation, in milliseconds per 1000 examples,
 * measured on batches of {@value #BATCH}: the median of {@value #REPEATS} timed calls after a
 * warm-up of {@value #WARM_UP_CALLS} calls or {@value #WARM_UP_SECONDS} s, whichever ends first.
 * Slow models (a PixelCNN samples by 784 passes of its network, minutes per batch) get as many timed
 * calls as fit in {@value #TIMED_SECONDS} s, at least {@value #MIN_REPEATS}, so that a timing ends. The
 * warm-up matters on the JVM: with a single one, the JIT and the allocator were still settling and
 * the median came out 3x too slow (5.6 ms against 1.8 ms per 1000 IAF samples in a steady loop). Shows the MAF/IAF asymmetry (one pass against D passes). Timings are for
 * benchmarks and the CLI, never for test assertions.
 */
public final class SpeedTiming {
    public static final int BATCH = 1000;
    private static final int REPEATS = 21;
    private static final int WARM_UP_CALLS = 50;
    private static final double WARM_UP_SECONDS = 2.0;
    private static final int MIN_REPEATS = 3;
    private static final double TIMED_SECONDS = 20.0;

    private SpeedTiming() {
    }

    /** Milliseconds to draw 1000 samples. */
    public static double sampleMsPer1000(GenerativeModel model) {
        return medianMs(() -> model.sample(BATCH));
    }

    /** Milliseconds to evaluate log p at 1000 of the model's own samples (no data needed). */
    public static double densityMsPer1000(GenerativeModel model, ExactLogDensity density) {
        Tensor points = model.sample(BATCH);
        return medianMs(() -> density.logProb(points));
    }

    private static double medianMs(Supplier<Tensor> work) {
        double[] ms = new double[REPEATS];
        int timed = 0;
        try (NoGradGuard guard = new NoGradGuard()) {
            long warmUpStart = System.nanoTime();
            for (int i = 0; i < WARM_UP_CALLS && System.nanoTime() - warmUpStart < WARM_UP_SECONDS * 1e9; i++) {
                try (PointerScope scope = new PointerScope()) {
                    work.get();
                }
            }
            long timedStart = System.nanoTime();
            while (timed < REPEATS
                    && (timed < MIN_REPEATS || System.nanoTime() - timedStart < TIMED_SECONDS * 1e9)) {
                try (PointerScope scope = new PointerScope()) {
                    long start = System.nanoTime();
                    work.get();
                    ms[timed++] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        double[] measured = Arrays.copyOf(ms, timed);
        Arrays.sort(measured);
        return measured[timed / 2] * 1000.0 / BATCH;
    }
}
