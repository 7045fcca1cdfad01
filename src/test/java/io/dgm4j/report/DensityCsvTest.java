package io.dgm4j.report;

import io.dgm4j.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DensityCsvTest {
    @TempDir
    Path tmp;

    private DensityCsv read(String csv) throws IOException {
        Path f = tmp.resolve("density.csv");
        Files.writeString(f, csv);
        return DensityCsv.from(CsvTable.read(f));
    }

    @Test
    void xFastestAndYFastestGiveTheSameGrid() throws IOException {
        DensityCsv a = read(SyntheticRun.densityGrid(7, true));
        DensityCsv b = read(SyntheticRun.densityGrid(7, false));
        assertEquals(7, a.nx());
        assertArrayEquals(a.xs(), b.xs());
        assertArrayEquals(a.ys(), b.ys());
        for (int j = 0; j < 7; j++) assertArrayEquals(a.logDensity()[j], b.logDensity()[j]);
    }

    @Test
    void indexesByRowYAndColumnX() throws IOException {
        // 3 x-values, 2 y-values, y fastest, log_density = 10*x + y
        DensityCsv g = read("x,y,log_density\n0,0,0\n0,1,1\n1,0,10\n1,1,11\n2,0,20\n2,1,21\n");
        assertArrayEquals(new double[] {0, 1, 2}, g.xs());
        assertArrayEquals(new double[] {0, 1}, g.ys());
        assertArrayEquals(new double[] {1, 11, 21}, g.logDensity()[1]);
    }

    @Test
    void descendingAxesAreFlippedToAscending() throws IOException {
        DensityCsv g = read("x,y,log_density\n1,1,11\n0,1,1\n1,0,10\n0,0,0\n");
        assertArrayEquals(new double[] {0, 1}, g.xs());
        assertArrayEquals(new double[] {0, 1}, g.ys());
        assertArrayEquals(new double[] {0, 10}, g.logDensity()[0]);
        assertArrayEquals(new double[] {1, 11}, g.logDensity()[1]);
    }

    @Test
    void irregularGridIsAOneLineError() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> read("x,y,log_density\n0,0,0\n1,0,0\n2,0,0\n0,1,0\n1,1,0\n"));
        assertTrue(e.getMessage().contains("is not a regular grid"), e.getMessage());
    }
}
