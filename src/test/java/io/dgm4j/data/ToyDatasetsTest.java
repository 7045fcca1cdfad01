package io.dgm4j.data;

import static io.dgm4j.data.ErrorAssertions.assertUserError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ToyDatasetsTest {
    private static final int N = 4000;

    static Iterable<String> names() {
        return ToyDatasets.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void isDeterministicPerSeedWithTwoColumns(String name) {
        Dataset a = ToyDatasets.generate(name, N, 7, ToyDatasets.DEFAULT_NOISE);
        Dataset b = ToyDatasets.generate(name, N, 7, ToyDatasets.DEFAULT_NOISE);
        Dataset c = ToyDatasets.generate(name, N, 8, ToyDatasets.DEFAULT_NOISE);
        assertEquals(N, a.size());
        assertArrayEquals(new int[] {2}, a.exampleShape());
        assertArrayEquals(a.values(), b.values());
        assertFalse(java.util.Arrays.equals(a.values(), c.values()));
        for (float v : a.values()) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void moonsLieInTheirBoundingBoxAndAreCentred() {
        Dataset moons = ToyDatasets.generate("moons", N, 1, -1);
        double[] mean = mean(moons);
        for (int i = 0; i < N; i++) {
            float[] p = moons.row(i);
            assertTrue(p[0] > -1.5 && p[0] < 2.5 && p[1] > -1 && p[1] < 1.5, "point outside the moons box");
        }
        assertEquals(0.5, mean[0], 0.05);
        assertEquals(0.25, mean[1], 0.05);
    }

    @Test
    void circlesHaveRadiusOneAndHalf() {
        Dataset circles = ToyDatasets.generate("circles", N, 1, 0);
        for (int i = 0; i < N; i++) {
            double r = radius(circles.row(i));
            assertEquals(circles.labels()[i] == 0 ? 1.0 : 0.5, r, 1e-5);
        }
    }

    @Test
    void eightGaussiansSitNearRadiusTwo() {
        Dataset data = ToyDatasets.generate("8gaussians", N, 3, -1);
        for (int i = 0; i < N; i++) {
            assertEquals(2.0, radius(data.row(i)), 0.15);
        }
        assertEquals(8, ToyDatasets.modeCenters("8gaussians").length);
        assertEquals(0.02, ToyDatasets.modeStd("8gaussians", -1));
        assertEquals(0.3, ToyDatasets.modeStd("8gaussians", 0.3));
    }

    @Test
    void mixturePointsAreNearTheirModeCentre() {
        for (String name : new String[] {"8gaussians", "25gaussians", "rings"}) {
            Dataset data = ToyDatasets.generate(name, N, 5, -1);
            double[][] centers = ToyDatasets.modeCenters(name);
            double std = ToyDatasets.modeStd(name, -1);
            for (int i = 0; i < N; i++) {
                double[] c = centers[data.labels()[i]];
                float[] p = data.row(i);
                assertTrue(Math.hypot(p[0] - c[0], p[1] - c[1]) < 6 * std, name + " point far from its mode");
            }
        }
        assertEquals(25, ToyDatasets.modeCenters("25gaussians").length);
    }

    @Test
    void checkerboardFillsOnlyBlackSquares() {
        Dataset board = ToyDatasets.generate("checkerboard", N, 2, -1);
        int[] perSquare = new int[16];
        for (int i = 0; i < N; i++) {
            float[] p = board.row(i);
            int column = (int) Math.floor(p[0] + 2);
            int row = (int) Math.floor(p[1] + 2);
            assertTrue(column >= 0 && column < 4 && row >= 0 && row < 4);
            assertEquals(0, (column + row) % 2, "point on a white square");
            perSquare[row * 4 + column]++;
        }
        for (int square = 0; square < 16; square++) {
            if ((square / 4 + square % 4) % 2 == 0) {
                assertTrue(perSquare[square] > N / 8 * 0.8, "black square under-filled");
            }
        }
    }

    @Test
    void spiralsAndRingsStayWithinRadiusThree() {
        for (String name : new String[] {"spirals", "rings"}) {
            Dataset data = ToyDatasets.generate(name, N, 4, -1);
            for (int i = 0; i < N; i++) {
                assertTrue(radius(data.row(i)) < 3.5, name + " point too far out");
            }
        }
    }

    @Test
    void namesAreRecognisedCaseInsensitively() {
        assertTrue(ToyDatasets.isToy("Moons"));
        assertFalse(ToyDatasets.isToy("mnist"));
        assertEquals(0.05, ToyDatasets.defaultNoise("moons"));
    }

    @Test
    void badArgumentsAreUserErrors() {
        assertUserError(() -> ToyDatasets.generate("mons", 10, 0, -1), "'mons'", "moons, circles");
        assertUserError(() -> ToyDatasets.generate("moons", 0, 0, -1), "'moons'", "got 0");
        assertUserError(() -> ToyDatasets.generate("moons", 10, 0, -0.5), "'moons'", "noise", "-0.5");
        assertUserError(() -> ToyDatasets.generate("moons", 10, 0, Double.NaN), "'moons'", "noise");
        assertUserError(() -> ToyDatasets.modeCenters("moons"), "'moons'", "8gaussians");
    }

    private static double radius(float[] p) {
        return Math.hypot(p[0], p[1]);
    }

    private static double[] mean(Dataset data) {
        double[] sum = new double[2];
        for (int i = 0; i < data.size(); i++) {
            sum[0] += data.values()[2 * i];
            sum[1] += data.values()[2 * i + 1];
        }
        return new double[] {sum[0] / data.size(), sum[1] / data.size()};
    }
}
