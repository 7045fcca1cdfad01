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
 * measured on batches of {@value #BATCH}: the median of {@value #REPEATS} timed calls after one
 * untimed warm-up. Shows the MAF/IAF asymmetry (one pass against D passes). Timings are for
 * benchmarks and the CLI, never for test assertions.
 */
public final class SpeedTiming {
    public static final int BATCH = 1000;
    private static final int REPEATS = 5;

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
        try (NoGradGuard guard = new NoGradGuard()) {
            for (int r = -1; r < REPEATS; r++) {
                try (PointerScope scope = new PointerScope()) {
                    long start = System.nanoTime();
                    work.get();
                    if (r >= 0) {
                        ms[r] = (System.nanoTime() - start) / 1e6;
                    }
                }
            }
        }
        Arrays.sort(ms);
        return ms[REPEATS / 2] * 1000.0 / BATCH;
    }
}
