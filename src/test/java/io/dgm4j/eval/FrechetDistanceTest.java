package io.dgm4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.tensor.Engine;
import java.util.Random;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against closed forms computed without eigendecompositions. */
class FrechetDistanceTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** n rows of correlated features: x = z A with z standard normal, so the covariance is A^T A. */
    private static double[][] correlated(int n, int f, long seed) {
        Random random = new Random(seed);
        double[][] mixing = new double[f][f];
        for (double[] row : mixing) {
            for (int j = 0; j < f; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] rows = new double[n][f];
        for (double[] row : rows) {
            double[] z = new double[f];
            for (int k = 0; k < f; k++) {
                z[k] = random.nextGaussian();
            }
            for (int j = 0; j < f; j++) {
                for (int k = 0; k < f; k++) {
                    row[j] += z[k] * mixing[k][j];
                }
                row[j] += j;
            }
        }
        return rows;
    }

    private static Tensor tensor(double[][] rows) {
        int f = rows[0].length;
        double[] flat = new double[rows.length * f];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * f, f);
        }
        return AbstractTensor.create(flat, rows.length, f);
    }

    private static FrechetDistance.Gaussian diagonal(double[] mean, double[] variances) {
        int f = mean.length;
        double[] covariance = new double[f * f];
        for (int i = 0; i < f; i++) {
            covariance[i * f + i] = variances[i];
        }
        return new FrechetDistance.Gaussian(mean, covariance);
    }

    @Test
    void aSetAgainstItselfIsZero() {
        Tensor x = tensor(correlated(2000, 16, 1));
        assertEquals(0, FrechetDistance.between(x, x), 1e-8);
    }

    @Test
    void rankDeficientCovarianceGivesZeroNotNaN() {
        // 5 rows in 10 dimensions: the covariance has rank 4, and round-off makes some of its zero
        // eigenvalues negative; without the clamp their square roots are NaN.
        Tensor x = tensor(correlated(5, 10, 2));
        double d = FrechetDistance.between(x, x);
        assertTrue(d >= 0 && d < 1e-8, "distance " + d);
    }

    @Test
    void growsMonotonicallyWithAddedNoise() {
        double[][] clean = correlated(3000, 8, 3);
        double[][] noise = correlated(3000, 8, 4);
        Tensor x = tensor(clean);
        double previous = 0;
        for (double scale : new double[] {0.05, 0.1, 0.2, 0.4, 0.8, 1.6}) {
            double[][] noisy = new double[clean.length][];
            for (int i = 0; i < clean.length; i++) {
                noisy[i] = clean[i].clone();
                for (int j = 0; j < noisy[i].length; j++) {
                    noisy[i][j] += scale * (noise[i][j] - j);
                }
            }
            double d = FrechetDistance.between(x, tensor(noisy));
            assertTrue(d > previous, "noise " + scale + ": distance " + d + " not above " + previous);
            previous = d;
        }
    }

    @Test
    void diagonalCovariancesMatchTheClosedForm() {
        double[] mean1 = {0, 1, -2, 0.5};
        double[] mean2 = {1, 1, 0, -0.5};
        double[] var1 = {1, 4, 0.25, 9};
        double[] var2 = {2, 1, 0.25, 0.01};
        // W2^2 = |mu1 - mu2|^2 + sum (s1 - s2)^2 with s the standard deviations.
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            expected += Math.pow(mean1[i] - mean2[i], 2) + Math.pow(Math.sqrt(var1[i]) - Math.sqrt(var2[i]), 2);
        }
        assertEquals(expected, FrechetDistance.between(diagonal(mean1, var1), diagonal(mean2, var2)), 1e-10);
    }

    @Test
    void twoByTwoNonDiagonalMatchesTheTraceDeterminantForm() {
        // For 2x2 positive semi-definite M, (tr M^1/2)^2 = tr M + 2 sqrt(det M). With
        // M = S1^1/2 S2 S1^1/2: tr M = tr(S1 S2) and det M = det S1 det S2, no square root of a matrix needed.
        double[] s1 = {2, 0.5, 0.5, 1};
        double[] s2 = {1, -0.3, -0.3, 0.5};
        double traceProduct = s1[0] * s2[0] + s1[1] * s2[2] + s1[2] * s2[1] + s1[3] * s2[3];
        double det1 = s1[0] * s1[3] - s1[1] * s1[2];
        double det2 = s2[0] * s2[3] - s2[1] * s2[2];
        double traceRoot = Math.sqrt(traceProduct + 2 * Math.sqrt(det1 * det2));
        double[] mean1 = {0.3, -1};
        double[] mean2 = {-0.2, 0.5};
        double expected = Math.pow(0.5, 2) + Math.pow(1.5, 2) + (s1[0] + s1[3]) + (s2[0] + s2[3]) - 2 * traceRoot;
        double actual = FrechetDistance.between(new FrechetDistance.Gaussian(mean1, s1), new FrechetDistance.Gaussian(mean2, s2));
        assertEquals(expected, actual, 1e-10);
    }

    @Test
    void scaledCovarianceMatchesTheCommutingForm() {
        // S2 = c S1 commutes with S1, so (S1^1/2 S2 S1^1/2)^1/2 = sqrt(c) S1 and W2^2 = (1 - sqrt(c))^2 tr S1.
        FrechetDistance.Gaussian fitted = FrechetDistance.Gaussian.fit(tensor(correlated(500, 12, 5)));
        double c = 2.5;
        double[] scaled = fitted.covariance().clone();
        double trace = 0;
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= c;
        }
        for (int i = 0; i < 12; i++) {
            trace += fitted.covariance()[i * 12 + i];
        }
        double expected = Math.pow(1 - Math.sqrt(c), 2) * trace;
        double actual = FrechetDistance.between(fitted, new FrechetDistance.Gaussian(fitted.mean(), scaled));
        assertEquals(expected, actual, 1e-8 * trace);
    }

    @Test
    void fitIsTheSampleMeanAndUnbiasedCovariance() {
        // Rows (1, 2), (3, 0), (5, 4): mean (3, 2); deviations (-2, 0), (0, -2), (2, 2);
        // covariance sums [[8, 4], [4, 8]] divided by N - 1 = 2.
        FrechetDistance.Gaussian g = FrechetDistance.Gaussian.fit(tensor(new double[][] {{1, 2}, {3, 0}, {5, 4}}));
        assertArrayEquals(new double[] {3, 2}, g.mean(), 1e-12);
        assertArrayEquals(new double[] {4, 2, 2, 4}, g.covariance(), 1e-12);
    }
}
