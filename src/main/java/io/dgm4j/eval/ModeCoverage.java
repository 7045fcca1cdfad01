package io.dgm4j.eval;

import io.dgm4j.data.ToyDatasets;

/**
 * The mode-collapse diagnostics for samples from a 2-D Gaussian mixture (8gaussians, 25gaussians,
 * rings), as in the mode-collapse literature (VEEGAN, PacGAN, Unrolled GANs):
 * <ul>
 *   <li>a sample is <em>high quality</em> when it lies within 3 standard deviations of its nearest
 *       mode centre (for an isotropic 2-D Gaussian that radius holds 1 - exp(-4.5) = 98.9% of a
 *       mode's mass, so perfect samples score about 0.989);</li>
 *   <li>{@code hq_fraction} is the share of high-quality samples;</li>
 *   <li>{@code modes_covered} counts the modes that received at least {@value #FAIR_SHARE_FRACTION}
 *       of their fair share (N / number of modes) of high-quality samples.</li>
 * </ul>
 * Why a share rather than the literature's "at least one sample": with 10,000 samples a generator
 * that collapsed onto a few modes still scatters stray points, and one stray point landing near an
 * empty mode would count it as covered. A fifth of the fair share is far above what stray points
 * give and far below what a mode that is really generated gets (its whole fair share, up to
 * chance), so the count does not hinge on the exact threshold.
 */
public final class ModeCoverage {
    static final double FAIR_SHARE_FRACTION = 0.2;
    private static final double HIGH_QUALITY_STDS = 3.0;

    private final double[][] centres;
    private final double radiusSquared;

    /** @param std the standard deviation of each (isotropic) mode */
    public ModeCoverage(double[][] centres, double std) {
        if (centres.length == 0 || !(std >= 0)) {
            throw new IllegalArgumentException("need at least one mode and a std >= 0");
        }
        this.centres = centres.clone();
        double radius = HIGH_QUALITY_STDS * std;
        this.radiusSquared = radius * radius;
    }

    /**
     * The modes of a mixture dataset generated with {@code noise} (ToyDatasets.DEFAULT_NOISE for its
     * own): "within 3 standard deviations" means the data's, so a run trained with --noise 0.3 is
     * judged by the spread of its data (with the default radius its own held-out points scored 0).
     */
    public static ModeCoverage forMixture(String name, double noise) {
        return new ModeCoverage(ToyDatasets.modeCenters(name), ToyDatasets.modeStd(name, noise));
    }

    public int modes() {
        return centres.length;
    }

    /** The result for points given as interleaved (x, y) pairs, {@code xy.length / 2} samples. */
    public Result measure(float[] xy) {
        if (xy.length % 2 != 0 || xy.length == 0) {
            throw new IllegalArgumentException("need a non-empty array of (x, y) pairs, got " + xy.length + " values");
        }
        int n = xy.length / 2;
        int[] highQualityPerMode = new int[centres.length];
        int highQuality = 0;
        for (int i = 0; i < n; i++) {
            int nearest = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < centres.length; k++) {
                double dx = xy[2 * i] - centres[k][0];
                double dy = xy[2 * i + 1] - centres[k][1];
                double d2 = dx * dx + dy * dy;
                if (d2 < best) {
                    best = d2;
                    nearest = k;
                }
            }
            if (best <= radiusSquared) {
                highQuality++;
                highQualityPerMode[nearest]++;
            }
        }
        double threshold = FAIR_SHARE_FRACTION * n / centres.length;
        int covered = 0;
        for (int count : highQualityPerMode) {
            if (count > 0 && count >= threshold) {
                covered++;
            }
        }
        return new Result(covered, (double) highQuality / n);
    }

    /**
     * The share of samples (interleaved (x, y) pairs) within {@value #HIGH_QUALITY_STDS} standard deviations
     * of the mode their label names: how well a conditional model puts each label's samples on its own mode.
     */
    public double labelAccuracy(float[] xy, int[] labels) {
        if (xy.length != 2 * labels.length || labels.length == 0) {
            throw new IllegalArgumentException(labels.length + " labels for " + xy.length / 2 + " samples");
        }
        int onTheirMode = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= centres.length) {
                throw new IllegalArgumentException("label " + labels[i] + " names none of the " + centres.length + " modes");
            }
            double dx = xy[2 * i] - centres[labels[i]][0];
            double dy = xy[2 * i + 1] - centres[labels[i]][1];
            if (dx * dx + dy * dy <= radiusSquared) {
                onTheirMode++;
            }
        }
        return (double) onTheirMode / labels.length;
    }

    /** @param modesCovered modes with enough high-quality samples; @param highQualityFraction in [0, 1] */
    public record Result(int modesCovered, double highQualityFraction) {
    }
}
