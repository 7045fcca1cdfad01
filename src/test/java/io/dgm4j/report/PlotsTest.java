package io.dgm4j.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlotsTest {
    @TempDir
    Path tmp;

    @Test
    void degenerateInputsStillGiveAPicture() throws IOException {
        Path empty = tmp.resolve("empty.png");
        Plots.scatter(empty, "no points", new double[] {Double.NaN}, new double[] {1});
        assertNotNull(ImageIO.read(empty.toFile()));
        Path same = tmp.resolve("same.png");
        Plots.scatter(same, "one point repeated", new double[] {2, 2, 2}, new double[] {3, 3, 3});
        assertNotNull(ImageIO.read(same.toFile()));
        Path flat = tmp.resolve("flat.png");
        Plots.lineChart(flat, "constant", "step", "lr", Map.of("lr", new double[][] {{1, 2, 3}, {1e-3, 1e-3, 1e-3}}));
        assertNotNull(ImageIO.read(flat.toFile()));
    }

    @Test
    void lineChartWithoutFinitePointsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Plots.lineChart(tmp.resolve("x.png"), "t", "x", "y",
                Map.of("a", new double[][] {{1, 2}, {Double.NaN, Double.NaN}})));
    }
}
