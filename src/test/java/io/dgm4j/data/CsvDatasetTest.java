package io.dgm4j.data;

import static io.dgm4j.data.ErrorAssertions.assertUserError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void readsHeaderlessNumbersWithSpacesAndBlankLines() throws IOException {
        Dataset data = CsvDataset.read(csv("1, 2\n\n 3 ,4.5e1\r\n-5,+.5\n"));
        assertEquals(3, data.size());
        assertArrayEquals(new int[] {2}, data.exampleShape());
        assertArrayEquals(new float[] {1, 2, 3, 45, -5, 0.5f}, data.values());
        assertEquals("data.csv", data.name());
    }

    @Test
    void detectsAHeaderLine() throws IOException {
        Dataset data = CsvDataset.read(csv("\uFEFFx,y,z\n1,2,3\n4,5,6\n"));
        assertEquals(2, data.size());
        assertEquals(3, data.dimension());
    }

    @Test
    void reportsNonNumericValuesWithLineAndColumn() throws IOException {
        Path file = csv("x,y\n1,2\n3,abc\n");
        assertUserError(() -> CsvDataset.read(file), file.toString(), "line 3", "column 2", "'abc'");
        Path empty = csv("1,2\n3,\n");
        assertUserError(() -> CsvDataset.read(empty), "line 2", "column 2", "empty value");
        Path nan = csv("1,2\nNaN,3\n");
        assertUserError(() -> CsvDataset.read(nan), "line 2", "column 1", "'NaN'");
        // Java's float syntax is wider than a CSV number: these must be rejected, not read.
        for (String javaOnly : new String[] {"Infinity", "0x1p3", "1f", "2d", "1e", ".", "+-1", "1.2.3"}) {
            Path file2 = csv("1,2\n3," + javaOnly + "\n");
            assertUserError(() -> CsvDataset.read(file2), "line 2", "column 2", "'" + javaOnly + "'");
        }
        Dataset ok = CsvDataset.read(csv("+1.,-.5e-3\n2E+2,7\n"));
        assertArrayEquals(new float[] {1f, -5e-4f, 200f, 7f}, ok.values());
    }

    @Test
    void reportsRaggedRows() throws IOException {
        Path file = csv("1,2,3\n4,5,6\n\n7,8\n");
        assertUserError(() -> CsvDataset.read(file), file.toString(), "line 4", "2 columns", "expected 3", "line 1");
        Path afterHeader = csv("a,b\n1,2,3\n");
        assertUserError(() -> CsvDataset.read(afterHeader), "line 2", "expected 2", "header");
    }

    @Test
    void reportsMissingEmptyAndHeaderOnlyFiles() throws IOException {
        Path missing = dir.resolve("x.csv");
        assertUserError(() -> CsvDataset.read(missing), "data file '" + missing + "' not found", "check the path");
        Path blank = csv("\n  \n");
        assertUserError(() -> CsvDataset.read(blank), blank.toString(), "is empty");
        Path headerOnly = csv("a,b\n");
        assertUserError(() -> CsvDataset.read(headerOnly), "header but no data rows");
        assertUserError(() -> CsvDataset.read(dir), dir.toString(), "folder");
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'a', (byte) 0xE9, '\n', '1', '\n'});
        assertUserError(() -> CsvDataset.read(latin1), latin1.toString(), "UTF-8");
    }

    @Test
    void writeThenReadRoundTripsAndLeavesNoTemporaryFiles() throws IOException {
        Dataset data = Dataset.tabular("t", new float[] {1.5f, -2e-7f, 3.25e8f, 0.1f}, 2);
        Path target = dir.resolve("sub/out.csv");
        CsvDataset.write(target, new String[] {"a", "b"}, data);
        CsvDataset.write(target, new String[] {"a", "b"}, data);
        assertEquals("a,b", Files.readAllLines(target).get(0));
        assertArrayEquals(data.values(), CsvDataset.read(target).values());
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(1, files.count());
        }
    }

    /** A header column named label holds classes, not a coordinate; write gives them back the same way. */
    @Test
    void aLabelColumnGivesTheLabelsAndRoundTrips() throws IOException {
        Dataset data = CsvDataset.read(csv("x, Label ,y\n1,0,2\n3,4,5\n"));
        assertArrayEquals(new int[] {2}, data.exampleShape());
        assertArrayEquals(new float[] {1, 2, 3, 5}, data.values());
        assertArrayEquals(new int[] {0, 4}, data.labels());
        Path copy = dir.resolve("copy.csv");
        CsvDataset.write(copy, new String[] {"x", "y", "label"}, data);
        assertEquals("x,y,label", Files.readAllLines(copy).get(0));
        Dataset back = CsvDataset.read(copy);
        assertArrayEquals(data.values(), back.values());
        assertArrayEquals(data.labels(), back.labels());
        assertEquals(null, CsvDataset.read(csv("x,y\n1,2\n")).labels(), "no label column, no labels");
    }

    @Test
    void labelsMustBeWholeNumbersFromZero() throws IOException {
        for (String bad : new String[] {"-1", "1.5"}) {
            Path file = csv("x,y,label\n1,2,0\n3,4," + bad + "\n");
            assertUserError(() -> CsvDataset.read(file), "line 3", "column 3", "'" + bad + "'", "whole numbers from 0");
        }
        Path onlyLabels = csv("label\n1\n2\n");
        assertUserError(() -> CsvDataset.read(onlyLabels), "only its label column");
        Path twice = csv("label,x,label\n1,2,3\n");
        assertUserError(() -> CsvDataset.read(twice), "two columns named 'label'", "1 and 3");
    }
}
