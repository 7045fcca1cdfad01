package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.report.ImageGrid;
import io.dgm4j.run.ModelPictures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts of samples and interpolation points beyond what fits in memory at once, on the shared 2-D run. */
class SampleCountsCliTest {
    @TempDir
    static Path tmp;
    static Path moons;

    @BeforeAll
    static void setUp() {
        moons = SharedRun.moons();
    }

    @Test
    void aCsvOfMoreRowsThanOneBatchHasEveryRowAndOneRandomStream() throws IOException {
        int batch = ModelPictures.batchRows(2);
        int n = 2 * batch + 7;
        Path csv = tmp.resolve("many.csv");
        ok("sample", "--run", moons.toString(), "-n", String.valueOf(n), "--seed", "3", "--out", csv.toString(),
                "--threads", "1");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("x,y", lines.get(0));
        assertEquals(n, lines.size() - 1, "one row per sample");
        for (String line : lines.subList(1, lines.size())) {
            String[] xy = line.split(",");
            assertEquals(2, xy.length, line);
            assertTrue(Double.isFinite(Double.parseDouble(xy[0])) && Double.isFinite(Double.parseDouble(xy[1])), line);
        }
        assertNotEquals(lines.get(1), lines.get(1 + batch), "each batch draws on, not from the seed again");

        // The first batch is the draw of one call: what -n batch gives from the same seed.
        Path one = tmp.resolve("one.csv");
        ok("sample", "--run", moons.toString(), "-n", String.valueOf(batch), "--seed", "3", "--out", one.toString(),
                "--threads", "1");
        assertEquals(Files.readAllLines(one), lines.subList(0, batch + 1));
        try (var files = Files.list(tmp)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".part")), "a temporary file was left");
        }
    }

    @Test
    void aPngOfMoreSamplesThanAGridHoldsIsRefused() {
        Path png = tmp.resolve("big.png");
        for (String n : new String[] {String.valueOf(ImageGrid.MAX_IMAGES + 1), "2000000000"}) {
            assertUserError(run("sample", "--run", moons.toString(), "-n", n, "--out", png.toString(), "--threads", "1"),
                    "-n " + n, "at most " + ImageGrid.MAX_IMAGES, "--out FILE.csv");
        }
        assertFalse(Files.exists(png));
    }

    @Test
    void interpolationsOfMorePointsThanTheOutputHoldsAreRefused() {
        String r = moons.toString();
        String csv = tmp.resolve("paths.csv").toString();
        String limit = "at most " + InterpolateCommand.MAX_CSV_POINTS;
        assertUserError(run("interpolate", "--run", r, "--mode", "spherical", "--steps", "1000", "--out", csv),
                "--steps 1000", limit);
        assertUserError(run("interpolate", "--run", r, "--pairs", "4", "--steps", "2000000000", "--out", csv),
                "--pairs 4", "--steps 2000000000", "8000000000 points", limit);
        assertUserError(run("interpolate", "--run", r, "--mode", "spherical", "--steps", "101",
                "--out", tmp.resolve("grid.png").toString()), "--steps 101", "at most " + ImageGrid.MAX_IMAGES);
        assertFalse(Files.exists(Path.of(csv)));
    }
}
