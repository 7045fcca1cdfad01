package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sample --temperature and interpolate on the shared 2-D run, and their bad input. (Their image
 * paths, grids and strips, are checked through ModelPicturesTest until an image family exists.)
 */
class PicturesCliTest {
    @TempDir
    static Path tmp;
    static Path moons;
    /** Eight known points near the moons, the examples interpolations start and end at. */
    static Path points;

    @BeforeAll
    static void setUp() throws IOException {
        moons = SharedRun.moons();
        points = tmp.resolve("points.csv");
        Files.writeString(points, "x,y\n0,1\n1,0\n-1,0.2\n2,0.3\n0.5,-0.3\n1.5,-0.4\n0.2,0.9\n1.8,0.1\n");
    }

    private static List<double[]> rows(Path csv, String header) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertEquals(header, lines.get(0));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(java.util.Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
        }
        return rows;
    }

    /** Index of the given point among points.csv's rows (decode(encode(x)) = x up to float error). */
    private static int whichPoint(double x, double y) throws IOException {
        List<double[]> known = rows(points, "x,y");
        for (int i = 0; i < known.size(); i++) {
            if (Math.abs(known.get(i)[0] - x) < 1e-3 && Math.abs(known.get(i)[1] - y) < 1e-3) {
                return i;
            }
        }
        throw new AssertionError("(" + x + ", " + y + ") is none of the data points");
    }

    @Test
    void temperatureOneIsThePlainSampler() throws IOException {
        Path plain = tmp.resolve("plain.csv");
        Path one = tmp.resolve("one.csv");
        Path cold = tmp.resolve("cold.csv");
        ok("sample", "--run", moons.toString(), "-n", "200", "--out", plain.toString(), "--threads", "1");
        ok("sample", "--run", moons.toString(), "-n", "200", "--temperature", "1", "--out", one.toString(), "--threads", "1");
        ok("sample", "--run", moons.toString(), "-n", "200", "--temperature", "0.3", "--out", cold.toString(), "--threads", "1");
        assertEquals(Files.readString(plain), Files.readString(one), "z = 1 * eps decoded is the model's own sample");
        assertFalse(Files.readString(plain).equals(Files.readString(cold)));
        assertEquals(201, Files.readAllLines(cold).size());
        Path png = tmp.resolve("cold.png");
        ok("sample", "--run", moons.toString(), "-n", "200", "--temperature", "0.3", "--out", png.toString(), "--threads", "1");
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void linearInterpolationOfPointsStartsAndEndsAtDataPoints() throws IOException {
        Path csv = tmp.resolve("linear.csv");
        Cli.Result r = ok("interpolate", "--run", moons.toString(), "--data", points.toString(), "--pairs", "3",
                "--steps", "5", "--out", csv.toString(), "--threads", "1");
        assertTrue(r.out().contains("wrote 3 x 5 linear interpolation"), r.out());
        List<double[]> path = rows(csv, "pair,t,x,y");
        assertEquals(15, path.size());
        Set<Integer> ends = new HashSet<>();
        for (int p = 0; p < 3; p++) {
            for (int k = 0; k < 5; k++) {
                assertEquals(p, path.get(p * 5 + k)[0]);
                assertEquals(k / 4.0, path.get(p * 5 + k)[1], 1e-6);
            }
            ends.add(whichPoint(path.get(p * 5)[2], path.get(p * 5)[3]));
            ends.add(whichPoint(path.get(p * 5 + 4)[2], path.get(p * 5 + 4)[3]));
        }
        assertEquals(6, ends.size(), "three pairs of distinct examples");
    }

    @Test
    void sphericalGridOfPointsHasTheDataAtItsCorners() throws IOException {
        Path csv = tmp.resolve("sphere.csv");
        ok("interpolate", "--run", moons.toString(), "--data", points.toString(), "--mode", "spherical",
                "--steps", "4", "--seed", "3", "--out", csv.toString(), "--threads", "1");
        List<double[]> grid = rows(csv, "phi,phi_prime,x,y");
        assertEquals(16, grid.size());
        assertArrayEquals(new double[] {0, 0}, new double[] {grid.get(0)[0], grid.get(0)[1]}, 1e-6);
        assertArrayEquals(new double[] {Math.PI / 2, Math.PI / 2}, new double[] {grid.get(15)[0], grid.get(15)[1]}, 1e-6);
        Set<Integer> corners = new HashSet<>();
        for (int r : new int[] {0, 3, 12, 15}) {
            corners.add(whichPoint(grid.get(r)[2], grid.get(r)[3]));
        }
        assertEquals(4, corners.size(), "four distinct examples at the corners");
    }

    @Test
    void interpolateFromTheRunsHeldOutData() throws IOException {
        Path csv = tmp.resolve("held-out.csv");
        ok("interpolate", "--run", moons.toString(), "--out", csv.toString(), "--threads", "1");
        assertEquals(4 * 8, rows(csv, "pair,t,x,y").size());
    }

    @Test
    void badInput() {
        String r = moons.toString();
        String png = tmp.resolve("x.png").toString();
        String csv = tmp.resolve("x.csv").toString();
        assertUserError(run("sample", "--run", r, "--temperature", "0", "--out", csv), "--temperature", "> 0");
        assertUserError(run("sample", "--run", r, "--temperature", "-1.5", "--out", csv), "--temperature", "-1.5");
        assertUserError(run("interpolate", "--run", r, "--mode", "cubic", "--out", csv), "--mode 'cubic'", "linear or spherical");
        assertUserError(run("interpolate", "--run", r, "--out", png), "needs image data", "[2]", "--out FILE.csv");
        assertUserError(run("interpolate", "--run", r, "--steps", "1", "--out", csv), "--steps", "at least 2");
        assertUserError(run("interpolate", "--run", r, "--pairs", "0", "--out", csv), "--pairs", "at least 1");
        assertUserError(run("interpolate", "--run", r, "--out", tmp.resolve("x.txt").toString()), "--out", ".png or .csv");
        assertUserError(run("interpolate", "--run", r, "--data", points.toString(), "--pairs", "5", "--out", csv),
                "needs 10 examples", "has 8", "--pairs");
        assertFalse(Files.exists(Path.of(png)) || Files.exists(Path.of(csv)), "a failed command wrote its output");
    }
}
