package io.dgm4j.testing;

import java.util.Random;

/**
 * Two-sample test by the energy distance (Szekely and Rizzo 2004) with a permutation p-value:
 * E = 2 mean|x - y| - mean|x - x'| - mean|y - y'| is 0 exactly when the two distributions are
 * equal; the p-value is the share of random relabellings of the pooled points whose statistic is
 * at least the observed one. Independent of any model code (plain doubles).
 */
public final class EnergyDistanceTest {
    private EnergyDistanceTest() {
    }

    /** p-value for "a and b come from the same distribution"; a and b are [n, d] and [m, d] row-major. */
    public static double pValue(float[] a, float[] b, int d, int permutations, long seed) {
        int n = a.length / d;
        int total = n + b.length / d;
        double[][] dist = new double[total][total];
        for (int i = 0; i < total; i++) {
            for (int j = i + 1; j < total; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double diff = value(a, b, n, d, i, k) - value(a, b, n, d, j, k);
                    s += diff * diff;
                }
                dist[i][j] = Math.sqrt(s);
                dist[j][i] = dist[i][j];
            }
        }
        boolean[] inFirst = new boolean[total];
        for (int i = 0; i < n; i++) {
            inFirst[i] = true;
        }
        double observed = statistic(dist, inFirst, n);
        Random random = new Random(seed);
        int atLeast = 0;
        for (int p = 0; p < permutations; p++) {
            for (int i = total - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                boolean t = inFirst[i];
                inFirst[i] = inFirst[j];
                inFirst[j] = t;
            }
            if (statistic(dist, inFirst, n) >= observed) {
                atLeast++;
            }
        }
        return (atLeast + 1.0) / (permutations + 1.0);
    }

    private static double value(float[] a, float[] b, int n, int d, int row, int k) {
        return row < n ? a[row * d + k] : b[(row - n) * d + k];
    }

    private static double statistic(double[][] dist, boolean[] inFirst, int n) {
        int m = dist.length - n;
        double between = 0;
        double withinFirst = 0;
        double withinSecond = 0;
        for (int i = 0; i < dist.length; i++) {
            for (int j = 0; j < dist.length; j++) {
                if (inFirst[i] != inFirst[j]) {
                    between += dist[i][j];
                } else if (inFirst[i]) {
                    withinFirst += dist[i][j];
                } else {
                    withinSecond += dist[i][j];
                }
            }
        }
        // between counts each cross pair twice, so 2 mean|x - y| = between / (n m).
        return between / ((double) n * m) - withinFirst / ((double) n * n) - withinSecond / ((double) m * m);
    }
}
