package io.dgm4j.data;

import static io.dgm4j.data.ErrorAssertions.assertUserError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StandardizationTest {
    @Test
    void appliedDataHasMeanZeroAndStdOne() {
        Dataset data = ToyDatasets.generate("25gaussians", 5000, 1, -1);
        Dataset scaled = Standardization.fit(data).apply(data);
        Standardization after = Standardization.fit(scaled);
        for (int j = 0; j < 2; j++) {
            assertEquals(0, after.mean()[j], 1e-4);
            assertEquals(1, after.std()[j], 1e-4);
        }
    }

    @Test
    void invertRestoresOriginalUnits() {
        Dataset data = Dataset.tabular("t", new float[] {1, 10, 3, 30, 5, 50}, 2);
        Standardization s = Standardization.fit(data);
        assertArrayEquals(data.values(), s.invert(s.apply(data).values(), 2), 1e-5f);
    }

    @Test
    void constantColumnsAreLeftUnscaled() {
        Dataset data = Dataset.tabular("t", new float[] {7, 1, 7, 2, 7, 3}, 2);
        Standardization s = Standardization.fit(data);
        assertEquals(1f, s.std()[0]);
        assertEquals(0f, s.apply(data).values()[0]);
    }

    @Test
    void mismatchedColumnsAreAUserError() {
        Standardization s = Standardization.fit(Dataset.tabular("t", new float[] {1, 2, 3, 4}, 2));
        assertUserError(() -> s.apply(Dataset.tabular("wide.csv", new float[] {1, 2, 3}, 3)), "'wide.csv'", "3 columns", "2");
    }
}
