package io.dgm4j.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** Writes a small, complete run folder like the trainer does: two-moons-ish data, a 50x50 density. */
final class SyntheticRun {
    private SyntheticRun() {
    }

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"model": "realnvp", "data": "moons", "epochs": 3, "lr": 0.001, "batch_size": 256,
                 "hidden": [64, 64], "note": "<script>alert('x')</script> & more",
                 "encoder": {"layers": 4, "activation": "relu"}}
                """);
        Files.writeString(dir.resolve("summary.json"),
                "{\"val_nll_nats\": 0.41, \"val_bits_per_dim\": 0.2958, \"steps\": 3000, \"steps_per_second\": 180.0}");

        StringBuilder metrics = new StringBuilder("step,epoch,train_loss,val_nll,lr,elapsed_s\n");
        for (int step = 1; step <= 300; step++) {
            double loss = 2.5 * Math.exp(-step / 60.0) + 0.4 + 0.05 * Math.sin(step);
            String val = step % 50 == 0 ? fmt(2.4 * Math.exp(-step / 60.0) + 0.45) : "";
            metrics.append(step).append(',').append(step / 100).append(',').append(fmt(loss)).append(',')
                    .append(val).append(',').append(fmt(1e-3 * Math.pow(0.99, step / 10.0))).append(',')
                    .append(fmt(step * 0.0055)).append('\n');
        }
        Files.writeString(dir.resolve("metrics.csv"), metrics);

        Random rnd = new Random(7);
        Files.writeString(dir.resolve("data.csv"), moons(rnd, 800, 0.05));
        Files.writeString(dir.resolve("samples.csv"), moons(rnd, 800, 0.12));
        StringBuilder latent = new StringBuilder("x,y\n");
        for (int i = 0; i < 800; i++) latent.append(fmt(rnd.nextGaussian())).append(',').append(fmt(rnd.nextGaussian())).append('\n');
        Files.writeString(dir.resolve("latent.csv"), latent);
        Files.writeString(dir.resolve("density.csv"), densityGrid(50, true));
        return dir;
    }

    /**
     * A Gaussian bump at (1, 1.5) on [-2,3]x[-1,2.5]. Off-centre and with unequal spans, so a
     * transposed or upside-down heatmap shows up in the picture.
     */
    static String densityGrid(int n, boolean xFastest) {
        StringBuilder sb = new StringBuilder("x,y,log_density\n");
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                int ix = xFastest ? b : a, iy = xFastest ? a : b;
                double x = -2 + 5.0 * ix / (n - 1), y = -1 + 3.5 * iy / (n - 1);
                double logp = -((x - 1) * (x - 1) + (y - 1.5) * (y - 1.5)) / (2 * 0.3) - Math.log(2 * Math.PI * 0.3);
                sb.append(fmt(x)).append(',').append(fmt(y)).append(',').append(fmt(logp)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String moons(Random rnd, int n, double noise) {
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < n; i++) {
            double t = Math.PI * rnd.nextDouble();
            boolean upper = i % 2 == 0;
            double x = upper ? Math.cos(t) : 1 - Math.cos(t);
            double y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
            sb.append(fmt(x + noise * rnd.nextGaussian())).append(',').append(fmt(y + noise * rnd.nextGaussian())).append('\n');
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
