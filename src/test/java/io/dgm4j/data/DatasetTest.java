package io.dgm4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatasetTest {
    private final Dataset data = new Dataset("d", new float[] {0, 1, 10, 11, 20, 21}, 3, new int[] {2}, new int[] {5, 6, 7});

    @Test
    void exposesShapeAndRows() {
        assertEquals(3, data.size());
        assertEquals(2, data.dimension());
        assertArrayEquals(new int[] {2}, data.exampleShape());
        assertArrayEquals(new float[] {10, 11}, data.row(1));
    }

    @Test
    void subsetAndSelectCarryLabels() {
        Dataset tail = data.subset(1, 3);
        assertArrayEquals(new float[] {10, 11, 20, 21}, tail.values());
        assertArrayEquals(new int[] {6, 7}, tail.labels());
        Dataset picked = data.select(new int[] {2, 0});
        assertArrayEquals(new float[] {20, 21, 0, 1}, picked.values());
        assertArrayEquals(new int[] {7, 5}, picked.labels());
    }

    @Test
    void imageShapeHasProductDimension() {
        Dataset images = new Dataset("img", new float[2 * 4 * 3], 2, new int[] {1, 4, 3}, null);
        assertEquals(12, images.dimension());
        assertNull(images.labels());
    }

    @Test
    void rejectsValuesThatDoNotFillTheShape() {
        assertThrows(IllegalArgumentException.class, () -> new Dataset("bad", new float[5], 3, new int[] {2}, null));
        assertThrows(IllegalArgumentException.class, () -> new Dataset("bad", new float[6], 3, new int[] {2}, new int[2]));
        assertThrows(IndexOutOfBoundsException.class, () -> data.row(3));
    }
}
