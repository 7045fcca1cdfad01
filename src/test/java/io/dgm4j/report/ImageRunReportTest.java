package io.dgm4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of an image run: sample grid, grids over training, interpolations, bits/dim curves. */
class ImageRunReportTest {
    @TempDir
    Path tmp;

    private static void grid(Path png, int n) {
        float[] values = new float[n * 28 * 28];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 28) / 27f;
        }
        new ImageGrid(values, new int[] {1, 28, 28}).write(png, ImageGrid.squareColumns(n));
    }

    private static Path imageRun(Path dir, int snapshots) throws IOException {
        Files.createDirectories(dir.resolve("samples"));
        Files.writeString(dir.resolve("config.json"), "{\"model\": \"glow\", \"data\": \"mnist\"}");
        StringBuilder metrics = new StringBuilder("step,epoch,train_loss,train_bpd,val_nll,val_bpd,lr,elapsed_s\n");
        for (int step = 1; step <= 40; step++) {
            double bpd = 2 + 6 * Math.exp(-step / 10.0);
            String val = step % 10 == 0 ? String.format(Locale.ROOT, "%.4f,%.4f", bpd * 543.4, bpd + 0.05) : ",";
            metrics.append(String.format(Locale.ROOT, "%d,0,%.4f,%.4f,%s,0.001,%.2f%n", step, bpd * 543.4, bpd, val, step * 0.1));
        }
        Files.writeString(dir.resolve("metrics.csv"), metrics);
        grid(dir.resolve("samples.png"), 64);
        grid(dir.resolve("interpolations.png"), 32);
        for (int k = 1; k <= snapshots; k++) {
            grid(dir.resolve("samples").resolve(String.format(Locale.ROOT, "step-%07d.png", 100 * k)), 64);
        }
        return dir;
    }

    @Test
    void showsPicturesAndBitsPerDimension() throws IOException {
        Path run = imageRun(tmp.resolve("mnist"), 9);
        String html = Files.readString(RunReport.write(run));
        for (String section : new String[] {"Samples", "Samples during training", "Interpolations", "Training curves"}) {
            assertTrue(html.contains("<h2>" + section + "</h2>"), "missing section " + section);
        }
        assertFalse(html.contains("<h2>Data vs samples</h2>"), "no 2-D scatter plots for image data");
        assertTrue(html.contains("<img src=\"samples.png\""));
        assertTrue(html.contains("<img src=\"interpolations.png\""));

        // Six of the nine snapshots, evenly spread, the first and the last among them, shown as they are.
        Matcher m = Pattern.compile("<img src=\"samples/step-(\\d{7})\\.png\"").matcher(html);
        StringBuilder shown = new StringBuilder();
        while (m.find()) shown.append(Integer.parseInt(m.group(1))).append(' ');
        assertEquals("100 300 400 600 700 900 ", shown.toString());
        assertTrue(html.contains("samples after 900 steps"));
        assertFalse(Files.exists(run.resolve("plots/step-0000900.png")), "picture snapshots are not redrawn");

        // train_bpd and val_bpd on one chart; the losses on theirs.
        assertTrue(Files.isRegularFile(run.resolve("plots/bits_per_dim.png")));
        assertTrue(html.contains("train_bpd and val_bpd vs step"), "one bits/dim chart with both series");
        assertTrue(html.contains("train_loss and val_nll vs step"));
        assertFalse(Files.exists(run.resolve("plots/metric_train_bpd.png")));
    }

    @Test
    void bitsPerDimensionAloneWhenNothingIsHeldOut() throws IOException {
        Path run = tmp.resolve("train-only");
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"), "{\"model\": \"glow\", \"data\": \"mnist\"}");
        Files.writeString(run.resolve("metrics.csv"), "step,epoch,train_bpd,val_bpd,lr,elapsed_s\n1,0,5.0,,0.001,0.1\n2,0,4.5,,0.001,0.2\n");
        String html = Files.readString(RunReport.write(run));
        assertTrue(html.contains("train_bpd vs step") && !html.contains("val_bpd vs step"));
        for (String absent : new String[] {"Samples", "Samples during training", "Interpolations"}) {
            assertFalse(html.contains("<h2>" + absent + "</h2>"), absent + " shown without its file");
        }
    }
}
