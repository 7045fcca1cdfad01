package io.dgm4j.report;

import io.dgm4j.report.Html.Figure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plots metrics.csv. Every column other than step and epoch is a series (new ones may appear);
 * bits per dimension (names containing "bpd" or "bits_per_dim", e.g. train_bpd and val_bpd)
 * share plots/bits_per_dim.png, so training and held-out figures compare on one chart; losses
 * (names containing "loss" or "nll", same unit: nats, except a WGAN's, which are critic values without a
 * unit) share plots/loss.png; every other series
 * (lr, elapsed_s, ...) gets its own plots/metric_&lt;name&gt;.png since its scale differs.
 */
final class TrainingCurves {
    private TrainingCurves() {
    }

    static List<Figure> write(CsvTable metrics, Path plots) {
        boolean hasStep = metrics.has("step");
        double[] x = hasStep ? metrics.column("step") : rowIndex(metrics.rowCount());
        String xLabel = hasStep ? "step" : "row";

        Map<String, double[][]> bitsPerDim = new LinkedHashMap<>();
        Map<String, double[][]> losses = new LinkedHashMap<>();
        Map<String, double[]> others = new LinkedHashMap<>();
        for (String column : metrics.columns()) {
            if (column.equals("step") || column.equals("epoch")) continue;
            double[] y = metrics.column(column);
            if (!hasFinitePoint(x, y)) continue; // e.g. val_nll when validation never ran
            String lower = column.toLowerCase();
            if (lower.contains("bpd") || lower.contains("bits_per_dim")) bitsPerDim.put(column, new double[][] {x, y});
            else if (lower.contains("loss") || lower.contains("nll")) losses.put(column, new double[][] {x, y});
            else others.put(column, y);
        }

        List<Figure> figures = new ArrayList<>();
        if (!bitsPerDim.isEmpty()) {
            Plots.lineChart(plots.resolve("bits_per_dim.png"), "Bits per dimension", xLabel, "bits/dim", bitsPerDim);
            figures.add(new Figure(RunReport.PLOTS + "/bits_per_dim.png",
                    String.join(" and ", bitsPerDim.keySet()) + " vs " + xLabel));
        }
        if (!losses.isEmpty()) {
            String unit = metrics.has("train_wasserstein") ? "critic value" : "nats";
            Plots.lineChart(plots.resolve("loss.png"), "Loss", xLabel, unit, losses);
            figures.add(new Figure(RunReport.PLOTS + "/loss.png", String.join(" and ", losses.keySet()) + " vs " + xLabel));
        }
        for (Map.Entry<String, double[]> e : others.entrySet()) {
            String file = "metric_" + e.getKey().replaceAll("[^A-Za-z0-9_-]", "_") + ".png";
            Plots.lineChart(plots.resolve(file), e.getKey(), xLabel, e.getKey(),
                    Map.of(e.getKey(), new double[][] {x, e.getValue()}));
            figures.add(new Figure(RunReport.PLOTS + "/" + file, e.getKey() + " vs " + xLabel));
        }
        return figures;
    }

    private static boolean hasFinitePoint(double[] x, double[] y) {
        return Plots.finitePairs(x, y, 1)[0].length > 0;
    }

    private static double[] rowIndex(int n) {
        double[] idx = new double[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return idx;
    }
}
