package io.dgm4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.report.RunComparison.Axis;
import io.dgm4j.report.RunComparison.Table;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunComparisonTest {
    @TempDir
    Path tmp;

    /** A synthetic moons run with its own summary figures and, optionally, one extra metrics column. */
    private Path run(String name, String summary, String extraColumn) throws IOException {
        Path dir = SyntheticRun.write(tmp.resolve(name));
        Files.writeString(dir.resolve("summary.json"), summary);
        if (extraColumn != null) {
            List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
            List<String> out = new ArrayList<>();
            out.add(lines.get(0) + "," + extraColumn);
            for (int i = 1; i < lines.size(); i++) out.add(lines.get(i) + "," + i);
            Files.write(dir.resolve("metrics.csv"), out);
        }
        return dir;
    }

    @Test
    void tableHasAColumnPerRunAndARowPerFigureOfAnyRun() throws IOException {
        Path a = run("flow", "{\"model\": \"realnvp\", \"data\": \"moons\", \"steps\": 3000, \"val_nll_nats\": 0.41}", null);
        Path b = run("gan", "{\"steps\": 500, \"val_modes_covered\": 7}", null);
        Table table = RunComparison.read(List.of(a, b)).table();
        assertEquals(List.of("figure", "flow", "gan"), table.header());
        assertEquals(List.of(List.of("model", "realnvp", "realnvp"), List.of("data", "moons", "moons"),
                List.of("steps", "3000", "500"), List.of("val_nll_nats", "0.41", "-"),
                List.of("val_modes_covered", "-", "7")), table.rows());

        // eval.json's figures follow the summaries', prefixed, whichever run has them.
        Files.writeString(b.resolve("eval.json"), "{\"data\": \"moons\", \"frechet_distance\": 12.5}");
        Files.writeString(a.resolve("eval.json"), "{\"data\": \"moons\", \"nll_nats\": 0.4}");
        table = RunComparison.read(List.of(a, b)).table();
        assertEquals(List.of(List.of("eval.data", "moons", "moons"), List.of("eval.nll_nats", "0.4", "-"),
                List.of("eval.frechet_distance", "-", "12.5")), table.rows().subList(5, 8));
        assertEquals(8, table.rows().size());
    }

    @Test
    void writesAPageWithSharedCurvesAndEachRunsSamples() throws IOException {
        Path a = run("first", "{\"val_nll_nats\": 0.41}", null);
        Path b = run("second", "{\"val_nll_nats\": 0.52}", "only_second");
        Path out = tmp.resolve("comparison");
        RunComparison comparison = RunComparison.read(List.of(a, b));
        assertEquals(List.of(), comparison.warnings(), "same data: nothing to warn about");
        Path page = comparison.write(out, Axis.STEP);

        assertEquals(out.resolve("comparison.html"), page);
        String html = Files.readString(page);
        assertTrue(html.contains("<h1>Comparison of 2 runs</h1>") && html.contains("0.41") && html.contains("0.52"));
        assertFalse(html.contains("<h2>Note</h2>"));
        // A curve both runs log gets a chart with a line per run, each in its run's colour.
        BufferedImage nll = ImageIO.read(out.resolve("plots/compare_val_nll.png").toFile());
        assertNotNull(nll);
        assertTrue(hasColor(nll, Plots.lineColor(0)) && hasColor(nll, Plots.lineColor(1)), "a line per run");
        assertTrue(html.contains("plots/compare_val_nll.png") && html.contains("val_nll vs step<"));
        // A learning rate that decays alike in both runs is charted; one constant in every run would not be.
        assertTrue(Files.exists(out.resolve("plots/compare_lr.png")));
        // A column one run logs alone compares nothing: no chart.
        assertFalse(Files.exists(out.resolve("plots/compare_only_second.png")));
        assertFalse(html.contains("only_second"));
        for (String f : List.of("plots/samples_01-first.png", "plots/samples_02-second.png")) {
            assertTrue(Files.size(out.resolve(f)) > 2_000 && html.contains(f), f);
        }
        assertFalse(Files.exists(a.resolve("comparison.html")) || Files.exists(a.resolve("plots")),
                "nothing is written into a run");
        assertTrue(html.contains("<a href=\"../first/report.html\">first (" + a + ")</a>"), "links each run's report");
    }

    @Test
    void aRunKeepsItsColourOnChartsOfOtherRuns() throws IOException {
        Path a = run("a", "{}", null);
        Path b = run("b", "{}", "shared_by_b_and_c");
        Path c = run("c", "{}", "shared_by_b_and_c");
        Path out = tmp.resolve("cmp");
        String html = Files.readString(RunComparison.read(List.of(a, b, c)).write(out, Axis.STEP));
        BufferedImage chart = ImageIO.read(out.resolve("plots/compare_shared_by_b_and_c.png").toFile());
        assertFalse(hasColor(chart, Plots.lineColor(0)), "run a has no line here");
        assertTrue(hasColor(chart, Plots.lineColor(1)) && hasColor(chart, Plots.lineColor(2)));
        assertTrue(html.contains("shared_by_b_and_c vs step (b, c)"), "the caption names the runs shown");
    }

    @Test
    void aColumnThatIsOneConstantInEveryRunGetsNoChart() throws IOException {
        Path a = run("a", "{}", null);
        Path b = run("b", "{}", null);
        for (Path dir : List.of(a, b)) {
            Files.writeString(dir.resolve("metrics.csv"), "step,train_loss,lr\n1,2.0,0.001\n2,1.5,0.001\n");
        }
        Path out = tmp.resolve("cmp");
        RunComparison.read(List.of(a, b)).write(out, Axis.STEP);
        assertTrue(Files.exists(out.resolve("plots/compare_train_loss.png")));
        assertFalse(Files.exists(out.resolve("plots/compare_lr.png")));

        Files.writeString(b.resolve("metrics.csv"), "step,train_loss,lr\n1,2.0,0.0002\n2,1.5,0.0002\n");
        RunComparison.read(List.of(a, b)).write(tmp.resolve("cmp2"), Axis.STEP);
        assertTrue(Files.exists(tmp.resolve("cmp2/plots/compare_lr.png")), "different constants do compare");
    }

    @Test
    void imageRunsShowTheirGridsCopiedIntoTheComparison() throws IOException {
        List<Path> runs = new ArrayList<>();
        for (String name : List.of("vae", "helmholtz")) {
            Path dir = tmp.resolve(name);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), "{\"model\": \"" + name + "\", \"data\": \"mnist10k\"}");
            BufferedImage grid = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
            ImageIO.write(grid, "png", dir.resolve("samples.png").toFile());
            runs.add(dir);
        }
        Path out = tmp.resolve("cmp");
        String html = Files.readString(RunComparison.read(runs).write(out, Axis.STEP));
        assertTrue(Files.isRegularFile(out.resolve("samples/01-vae.png")) && html.contains("samples/02-helmholtz.png"));
        assertFalse(html.contains("Training curves"), "no metrics.csv, no curves");
    }

    @Test
    void warnsWhenTheRunsUseDifferentData() throws IOException {
        Path a = run("a", "{}", null);
        Path b = run("b", "{}", null);
        Files.writeString(b.resolve("config.json"), "{\"model\": \"maf\", \"data\": \"circles\"}");
        RunComparison comparison = RunComparison.read(List.of(a, b));
        assertEquals(List.of("the runs use different data (moons, circles): their held-out figures do not compare"),
                comparison.warnings());
        assertTrue(Files.readString(comparison.write(tmp.resolve("cmp"), Axis.STEP)).contains("<h2>Note</h2>"));
    }

    @Test
    void foldersSharingANameAreLabelledByTheirPaths() throws IOException {
        Path a = SyntheticRun.write(tmp.resolve("x").resolve("run"));
        Path b = SyntheticRun.write(tmp.resolve("y").resolve("run"));
        Table table = RunComparison.read(List.of(a, b)).table();
        assertEquals(List.of("figure", a.toString(), b.toString()), table.header());
    }

    @Test
    void secondsAxisNeedsElapsedTimeInEveryRun() throws IOException {
        Path a = run("a", "{}", null);
        Path b = run("b", "{}", null);
        Path out = tmp.resolve("cmp");
        RunComparison.read(List.of(a, b)).write(out, Axis.SECONDS);
        assertTrue(Files.exists(out.resolve("plots/compare_val_nll.png")));
        assertFalse(Files.exists(out.resolve("plots/compare_elapsed_s.png")), "the x axis is not also a curve");

        Files.writeString(b.resolve("metrics.csv"), "step,train_loss\n1,2.0\n2,1.5\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RunComparison.read(List.of(a, b)).write(tmp.resolve("cmp2"), Axis.SECONDS));
        assertEquals("run 'b' logs no elapsed_s in metrics.csv, so its curves have no time axis: compare against "
                + "steps instead", e.getMessage());
    }

    @Test
    void badInputIsAOneLineError() throws IOException {
        Path a = run("a", "{}", null);
        Path b = run("b", "{}", null);
        assertError("compare needs at least two run folders (got 1)", () -> RunComparison.read(List.of(a)));
        assertError("is given twice", () -> RunComparison.read(List.of(a, a.resolve("..").resolve("a"))));
        assertError("is not a dgm4j run folder", () -> RunComparison.read(List.of(a, tmp)));
        List<Path> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) eleven.add(tmp.resolve("r" + i));
        assertError("at most 10 runs", () -> RunComparison.read(eleven));
        RunComparison ab = RunComparison.read(List.of(a, b));
        assertError("is one of the runs being compared", () -> ab.write(a, Axis.STEP));
        Path other = run("other", "{}", null);
        assertError("holds a run (config.json)", () -> ab.write(other, Axis.STEP));
        assertFalse(Files.exists(other.resolve("comparison.html")));
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        assertError("is a file", () -> ab.write(file, Axis.STEP));
    }

    private static void assertError(String fragment, org.junit.jupiter.api.function.Executable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertTrue(e.getMessage().contains(fragment) && !e.getMessage().contains("\n"), e.getMessage());
    }

    private static boolean hasColor(BufferedImage image, Color color) {
        int target = color.getRGB() & 0xFFFFFF;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == target) return true;
            }
        }
        return false;
    }
}
