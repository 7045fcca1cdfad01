package io.dgm4j.cli;

import io.dgm4j.data.CsvDataset;
import io.dgm4j.data.Dataset;
import io.dgm4j.eval.DensityGrid;
import io.dgm4j.eval.Likelihood;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.RunFolder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * The files a finished run leaves for its report: data.csv, samples.csv, latent.csv and
 * density.csv (2-D data), and summary.json with the held-out figures.
 */
final class RunArtifacts {
    static final int SHOWN_POINTS = 2000;
    static final int DENSITY_RESOLUTION = 150;
    static final double DENSITY_MARGIN = 0.25;

    private RunArtifacts() {
    }

    static Map<String, Object> write(RunFolder run, GenerativeModel model, Dataset train, Dataset test, long seed,
                                     Map<String, Object> trainingFigures) {
        Map<String, Object> summary = new LinkedHashMap<>(trainingFigures);
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            int d = train.dimension();
            Dataset shown = train.subset(0, Math.min(SHOWN_POINTS, train.size()));
            Engine.seed(seed + 1);
            if (d == 2) {
                // The report plots data, samples and latent points as x,y scatter plots: 2-D data only.
                writeCsv(run.file("samples.csv"), Tensors.toFloats(model.sample(SHOWN_POINTS)), d);
                writeCsv(run.file("data.csv"), shown.values(), d);
                if (model instanceof LatentSpace latent) {
                    writeCsv(run.file("latent.csv"), Tensors.toFloats(latent.encode(tensor(shown))), d);
                }
            }
            if (model instanceof ExactLogDensity density) {
                double nll = Likelihood.meanNll(density, tensor(test));
                summary.put("val_nll_nats", nll);
                summary.put("val_bits_per_dim", Likelihood.bitsPerDim(nll, d));
                if (d == 2) {
                    writeDensity(run.file("density.csv"),
                            densityGrid(density, train.values(), DENSITY_MARGIN, DENSITY_RESOLUTION));
                }
            }
        }
        summary.put("parameters", model.parameters().count());
        run.writeJson("summary.json", summary);
        return summary;
    }

    /**
     * log p on a grid covering 2-D points with a margin. Unlike {@link DensityGrid#covering}, an axis
     * on which all points agree (constant data) still gets a span, so the grid stays a grid.
     */
    static DensityGrid densityGrid(ExactLogDensity density, float[] points, double margin, int resolution) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int k = 0; k < points.length; k++) {
            lo[k % 2] = Math.min(lo[k % 2], points[k]);
            hi[k % 2] = Math.max(hi[k % 2], points[k]);
        }
        for (int a = 0; a < 2; a++) {
            double range = hi[a] - lo[a];
            double minimum = 1e-3 * Math.max(1, Math.max(Math.abs(lo[a]), Math.abs(hi[a])));
            double pad = range >= minimum ? range * margin : Math.max(range * margin, minimum / 2);
            lo[a] -= pad;
            hi[a] += pad;
        }
        return DensityGrid.evaluate(density, lo[0], hi[0], lo[1], hi[1], resolution, resolution);
    }

    static Tensor tensor(Dataset d) {
        long[] shape = new long[d.exampleShape().length + 1];
        shape[0] = d.size();
        for (int i = 0; i < d.exampleShape().length; i++) {
            shape[i + 1] = d.exampleShape()[i];
        }
        return Tensors.of(d.values(), shape);
    }

    static void writeCsv(Path file, float[] values, int d) {
        String[] header = d == 2 ? new String[] {"x", "y"} : columnNames(d);
        CsvDataset.write(file, header, Dataset.tabular(file.getFileName().toString(), values, d));
    }

    static void writeDensity(Path file, DensityGrid grid) {
        int n = grid.logDensity().length;
        float[] rows = new float[n * 3];
        int nx = grid.xs().length;
        for (int k = 0; k < n; k++) {
            rows[3 * k] = (float) grid.xs()[k % nx];
            rows[3 * k + 1] = (float) grid.ys()[k / nx];
            rows[3 * k + 2] = (float) grid.logDensity()[k];
        }
        CsvDataset.write(file, new String[] {"x", "y", "log_density"}, Dataset.tabular("density", rows, 3));
    }

    private static String[] columnNames(int d) {
        String[] names = new String[d];
        Arrays.setAll(names, i -> "x" + i);
        return names;
    }
}
