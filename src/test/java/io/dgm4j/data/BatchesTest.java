package io.dgm4j.data;

import static io.dgm4j.data.ErrorAssertions.assertUserError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {
    @Test
    void permutationIsDeterministicPerSeedAndEpoch() {
        int[] first = Batches.permutation(1000, 42, 0);
        assertArrayEquals(first, Batches.permutation(1000, 42, 0));
        assertFalse(Arrays.equals(first, Batches.permutation(1000, 42, 1)));
        assertFalse(Arrays.equals(first, Batches.permutation(1000, 43, 0)));
        int[] sorted = first.clone();
        Arrays.sort(sorted);
        assertArrayEquals(IntStream.range(0, 1000).toArray(), sorted);
        assertEquals(0, Batches.permutation(0, 1, 1).length);
    }

    @Test
    void countsBatches() {
        assertEquals(4, Batches.batchesPerEpoch(10, 3, false));
        assertEquals(3, Batches.batchesPerEpoch(10, 3, true));
        assertEquals(1, Batches.batchesPerEpoch(5, 8, false));
        assertUserError(() -> Batches.batchesPerEpoch(10, 0, false), "batch size", "got 0");
        assertUserError(() -> Batches.batchesPerEpoch(5, 8, true), "batch size 8", "5 training examples");
    }
}
