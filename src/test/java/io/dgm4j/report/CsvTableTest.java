package io.dgm4j.report;

import io.dgm4j.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTableTest {
    @TempDir
    Path tmp;

    private Path file(String text) throws IOException {
        Path f = tmp.resolve("t.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsColumnsWithEmptyCellsAsNaN() throws IOException {
        CsvTable t = CsvTable.read(file("\uFEFFstep,epoch,train_loss,val_nll\r\n1,0,2.5,\r\n2,0,2.0,1.9\n\n3,1,nan,-inf\n"));
        assertEquals(List.of("step", "epoch", "train_loss", "val_nll"), t.columns());
        assertEquals(3, t.rowCount());
        assertArrayEquals(new double[] {1, 2, 3}, t.column("step"));
        assertArrayEquals(new double[] {Double.NaN, 1.9, Double.NEGATIVE_INFINITY}, t.column("val_nll"));
        assertTrue(Double.isNaN(t.column("train_loss")[2]));
    }

    @Test
    void headerOnlyHasNoRows() throws IOException {
        CsvTable t = CsvTable.read(file("x,y\n"));
        assertEquals(0, t.rowCount());
        assertEquals(0, t.column("x").length);
    }

    @Test
    void aLogLeavesOutARowCutOffMidWrite() throws IOException {
        Path cut = file("step,loss\n10,2.5\n20,2.0\n3");
        assertEquals(2, CsvTable.readLog(cut).rowCount());
        assertArrayEquals(new double[] {10, 20}, CsvTable.readLog(cut).column("step"));
        InvalidInputException plain = assertThrows(InvalidInputException.class, () -> CsvTable.read(cut));
        assertTrue(plain.getMessage().contains("line 4: 1 cells"), plain.getMessage());
        // A complete log reads whole; a file someone wrote without a final newline is whole too when read as a CSV.
        assertEquals(2, CsvTable.readLog(file("step,loss\n10,2.5\n20,2.0\n")).rowCount());
        assertEquals(2, CsvTable.read(file("x,y\n1,2\n3,4")).rowCount());
    }

    @Test
    void malformedFilesGiveOneLineErrors() throws IOException {
        assertOneLineError("", "is empty");
        assertOneLineError("x,y\n1,2\n3\n", "line 3: 1 cells but the header has 2 columns");
        assertOneLineError("x,y\n1,abc\n", "line 2: 'abc' in column 'y' is not a number");
        assertOneLineError("x,,y\n1,2,3\n", "empty column name");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CsvTable.read(tmp.resolve("none.csv")));
        assertTrue(e.getMessage().startsWith("cannot read"), e.getMessage());
    }

    @Test
    void missingColumnNamesTheColumns() throws IOException {
        CsvTable t = CsvTable.read(file("a,b\n1,2\n"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> t.column("x"));
        assertTrue(e.getMessage().endsWith("has no column 'x' (columns: a,b)"), e.getMessage());
    }

    private void assertOneLineError(String content, String expected) throws IOException {
        Path f = file(content);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CsvTable.read(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("t.csv") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
