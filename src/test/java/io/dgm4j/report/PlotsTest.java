package io.dgm4j.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void legendGoesWhereNoCurveIs() {
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] rising = new double[x.length], falling = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            rising[i] = -Math.exp(-x[i]); // an ELBO: climbs fast, then flat along the top
            falling[i] = Math.exp(-x[i]); // a loss: drops fast, then flat along the bottom
        }
        assertEquals(org.knowm.xchart.style.Styler.LegendPosition.InsideSE,
                Plots.emptiestCorner(List.<double[][]>of(new double[][] {x, rising}), 0, 10, -1, 0));
        assertEquals(org.knowm.xchart.style.Styler.LegendPosition.InsideNE,
                Plots.emptiestCorner(List.<double[][]>of(new double[][] {x, falling}), 0, 10, 0, 1));
        // One curve ends top right, the other bottom right; the left corners hold one early point each.
        double[] climbing = new double[x.length];
        for (int i = 0; i < x.length; i++) climbing[i] = 1 + rising[i];
        assertEquals(org.knowm.xchart.style.Styler.LegendPosition.InsideNW,
                Plots.emptiestCorner(List.of(new double[][] {x, falling}, new double[][] {x, climbing}), 0, 10, 0, 1));
    }

    @Test
    void lineChartWithoutFinitePointsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Plots.lineChart(tmp.resolve("x.png"), "t", "x", "y",
                Map.of("a", new double[][] {{1, 2}, {Double.NaN, Double.NaN}})));
    }

    /** One series per label, holding exactly that label's points, in label order; non-finite points are left out. */
    @Test
    void labelledScatterHasOneSeriesPerLabel() throws IOException {
        double[] x = {0, 1, 2, 3, 4, 5, Double.NaN};
        double[] y = {5, 4, 3, 2, 1, 0, 1};
        double[] labels = {7, 2, 7, 0, 2, 7, 0};
        XYChart chart = Plots.labelledScatterChart("latent", "z1", "z2", x, y, labels);
        assertEquals(List.of("label 0", "label 2", "label 7"), List.copyOf(chart.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {0, 2, 5}, chart.getSeriesMap().get("label 7").getXData());
        assertArrayEquals(new double[] {5, 3, 0}, chart.getSeriesMap().get("label 7").getYData());
        assertArrayEquals(new double[] {3}, chart.getSeriesMap().get("label 0").getXData());
        Path png = tmp.resolve("labelled.png");
        Plots.labelledScatter(png, "latent", "z1", "z2", x, y, labels);
        assertNotNull(ImageIO.read(png.toFile()));
    }

    /** More labels than the palette has colours: every label keeps a colour of its own. */
    @Test
    void manyLabelsGetDistinctColours() {
        int n = 25;
        double[] x = new double[n];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            labels[i] = i;
        }
        XYChart chart = Plots.labelledScatterChart("modes", "x", "y", x, x, labels);
        java.util.Set<java.awt.Color> colours = new java.util.HashSet<>();
        chart.getSeriesMap().values().forEach(series -> colours.add(series.getMarkerColor()));
        assertEquals(n, colours.size());
    }
}
