package io.dgm4j.data;

import static io.dgm4j.data.ErrorAssertions.assertUserError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {
    @TempDir
    Path dir;

    private static DataOptions options(boolean standardize, double testFraction) {
        return new DataOptions(500, 200, 3, ToyDatasets.DEFAULT_NOISE, SharedMnist.DIR.toString(), standardize, testFraction);
    }

    @Test
    void toyTrainAndTestAreDifferentDraws() {
        LoadedData data = DataSources.load("moons", options(false, 0.1));
        assertEquals(500, data.split().train().size());
        assertEquals(200, data.split().test().size());
        assertNull(data.standardization());
        assertFalse(Arrays.equals(data.split().train().subset(0, 200).values(), data.split().test().values()));
        assertArrayEquals(data.split().test().values(), DataSources.loadForEvaluation("moons", options(false, 0.1)).values());
    }

    @Test
    void csvIsShuffledAndSplitWithStandardization() throws IOException {
        Path file = dir.resolve("points.csv");
        StringBuilder rows = new StringBuilder("a,b\n");
        for (int i = 0; i < 100; i++) {
            rows.append(i).append(',').append(2 * i).append('\n');
        }
        Files.writeString(file, rows);
        LoadedData data = DataSources.load(file.toString(), options(true, 0.1));
        assertEquals(90, data.split().train().size());
        assertEquals(10, data.split().test().size());
        assertNotNull(data.standardization());
        Standardization refit = Standardization.fit(data.split().train());
        assertEquals(0, refit.mean()[0], 1e-4);
        assertEquals(1, refit.std()[1], 1e-4);
        assertEquals(100, DataSources.loadForEvaluation(file.toString(), options(true, 0.1)).size());
    }

    @Test
    void existingFileWithoutCsvExtensionIsReadAsCsv() throws IOException {
        Path file = dir.resolve("points.txt");
        Files.writeString(file, "1,2\n3,4\n5,6\n");
        assertEquals(3, DataSources.loadForEvaluation(file.toString(), options(false, 0.1)).size());
    }

    @Test
    void mnist10kHeldOutSplitIsUsedForEvaluation() {
        assertEquals(2000, DataSources.loadForEvaluation("mnist10k", options(false, 0.1)).size());
    }

    @Test
    void badNamesAndOptionsAreUserErrors() throws IOException {
        assertUserError(() -> DataSources.load("mons", options(false, 0.1)), "unknown dataset 'mons'",
                "moons, circles", "mnist10k", ".csv");
        Path missing = dir.resolve("missing.csv");
        assertUserError(() -> DataSources.load(missing.toString(), options(false, 0.1)), missing.toString(), "not found");
        Path tiny = dir.resolve("tiny.csv");
        Files.writeString(tiny, "1,2\n");
        assertUserError(() -> DataSources.load(tiny.toString(), options(false, 0.1)), tiny.toString(), "1 row");
        assertUserError(() -> DataSources.load(tiny.toString(), options(false, 1.5)), "test fraction", "1.5", tiny.toString());
    }
}
