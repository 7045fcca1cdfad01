package io.dgm4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.data.Dataset;
import io.dgm4j.data.ToyDatasets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mode coverage on synthetic samples whose answer is known. */
class ModeCoverageTest {
    /** Share of an isotropic 2-D Gaussian within 3 standard deviations of its centre: 1 - exp(-9/2). */
    private static final double WITHIN_THREE_STDS = 1 - Math.exp(-4.5);

    /** Points of a mixture dataset drawn from the modes whose index passes {@code keep}, as (x, y) pairs. */
    private static float[] fromModes(String name, int n, IntPredicate keep) {
        Dataset data = ToyDatasets.generate(name, n, 7, ToyDatasets.DEFAULT_NOISE);
        float[] kept = new float[2 * n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (keep.test(data.labels()[i])) {
                kept[2 * count] = data.values()[2 * i];
                kept[2 * count + 1] = data.values()[2 * i + 1];
                count++;
            }
        }
        return Arrays.copyOf(kept, 2 * count);
    }

    private static float[] uniform(int n, double half, long seed) {
        Random random = new Random(seed);
        float[] xy = new float[2 * n];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = (float) ((2 * random.nextDouble() - 1) * half);
        }
        return xy;
    }

    @ParameterizedTest
    @ValueSource(strings = {"8gaussians", "25gaussians", "rings"})
    void samplesFromTheDataCoverEveryMode(String name) {
        ModeCoverage coverage = ModeCoverage.forMixture(name, ToyDatasets.DEFAULT_NOISE);
        ModeCoverage.Result r = coverage.measure(fromModes(name, 20_000, mode -> true));
        assertEquals(coverage.modes(), r.modesCovered());
        // Binomial standard error with 20,000 samples is ~0.0007.
        assertEquals(WITHIN_THREE_STDS, r.highQualityFraction(), 0.004);
    }

    /** Data generated with its own --noise is judged by that spread: the share within 3 of its stds stays the same. */
    @Test
    void dataWithOtherNoiseIsJudgedByItsOwnSpread() {
        Dataset wide = ToyDatasets.generate("8gaussians", 20_000, 7, 0.1);
        ModeCoverage.Result r = ModeCoverage.forMixture("8gaussians", 0.1).measure(wide.values());
        assertEquals(8, r.modesCovered());
        assertEquals(WITHIN_THREE_STDS, r.highQualityFraction(), 0.004);
        double atDefaultRadius = ModeCoverage.forMixture("8gaussians", ToyDatasets.DEFAULT_NOISE)
                .measure(wide.values()).highQualityFraction();
        assertTrue(atDefaultRadius < 0.9, "the default radius misjudges wider data: " + atDefaultRadius);
    }

    @Test
    void halfTheModesAreHalfCovered() {
        ModeCoverage.Result r = ModeCoverage.forMixture("25gaussians", ToyDatasets.DEFAULT_NOISE).measure(fromModes("25gaussians", 20_000, mode -> mode % 2 == 0));
        assertEquals(13, r.modesCovered());
        assertEquals(WITHIN_THREE_STDS, r.highQualityFraction(), 0.005);
    }

    @Test
    void collapseOntoOneModeCoversOne() {
        ModeCoverage.Result r = ModeCoverage.forMixture("8gaussians", ToyDatasets.DEFAULT_NOISE).measure(fromModes("8gaussians", 20_000, mode -> mode == 3));
        assertEquals(1, r.modesCovered());
        assertEquals(WITHIN_THREE_STDS, r.highQualityFraction(), 0.006);
    }

    @Test
    void strayPointsDoNotCountAsCoverage() {
        // A collapsed generator plus 2% of points scattered everywhere: about one stray point lands
        // near each of several empty modes, which the ">= 1 sample" rule would count.
        float[] collapsed = fromModes("25gaussians", 20_000, mode -> mode == 12);
        float[] stray = uniform(collapsed.length / 2 / 50, 5, 11);
        float[] both = Arrays.copyOf(collapsed, collapsed.length + stray.length);
        System.arraycopy(stray, 0, both, collapsed.length, stray.length);
        assertEquals(1, ModeCoverage.forMixture("25gaussians", ToyDatasets.DEFAULT_NOISE).measure(both).modesCovered());
    }

    @Test
    void pureNoiseCoversNothingAndItsQualityIsTheAreaShare() {
        // Uniform on [-5, 5]^2 (area 100): the 25 high-quality discs of radius 3 * 0.05 hold
        // 25 * pi * 0.15^2 / 100 = 1.77% of the points.
        ModeCoverage.Result r = ModeCoverage.forMixture("25gaussians", ToyDatasets.DEFAULT_NOISE).measure(uniform(40_000, 5, 13));
        assertEquals(0, r.modesCovered());
        assertEquals(25 * Math.PI * 0.15 * 0.15 / 100, r.highQualityFraction(), 0.002);
    }

    @Test
    void labelAccuracyCountsSamplesOnTheModeTheirLabelNames() {
        ModeCoverage coverage = new ModeCoverage(new double[][] {{0, 0}, {10, 0}}, 1.0);
        // on mode 0 (label 0: right), on mode 1 (label 0: wrong), near mode 1 (label 1: right), off every mode
        float[] xy = {0.5f, 0, 10, 0, 12.9f, 0, 5, 0};
        assertEquals(0.5, coverage.labelAccuracy(xy, new int[] {0, 0, 1, 1}));
        assertEquals(0.75, coverage.labelAccuracy(xy, new int[] {0, 1, 1, 0}));
        assertEquals(0.0, coverage.labelAccuracy(xy, new int[] {1, 0, 0, 0}));
    }

    @Test
    void aModeIsCoveredFromAFifthOfItsFairShare() {
        // 3 modes and 100 samples: fair share 33.3, a fifth of it 6.67 samples.
        ModeCoverage coverage = new ModeCoverage(new double[][] {{0, 0}, {10, 0}, {20, 0}}, 1.0);
        float[] xy = new float[2 * 100];
        int i = 0;
        for (int k = 0; k < 100; k++) {
            // 87 samples at mode 0, 7 at mode 1 (just above the threshold), 6 at mode 2 (just below).
            float x = k < 87 ? 0 : k < 94 ? 10 : 20;
            xy[i++] = x + 2.9f;
            xy[i++] = 0;
        }
        ModeCoverage.Result r = coverage.measure(xy);
        assertEquals(2, r.modesCovered());
        assertEquals(1.0, r.highQualityFraction());
        // Just outside 3 standard deviations a point no longer counts.
        assertEquals(0.5, coverage.measure(new float[] {3.01f, 0, 0, 0}).highQualityFraction());
    }
}
