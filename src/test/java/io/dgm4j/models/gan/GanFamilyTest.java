package io.dgm4j.models.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dgm4j.data.Dataset;
import io.dgm4j.data.TrainTestSplit;
import io.dgm4j.models.ModelRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a GAN family takes from the data when the user does not say. */
class GanFamilyTest {
    private static Dataset labelled(int... labels) {
        return new Dataset("points", new float[2 * labels.length], labels.length, new int[] {2}, labels);
    }

    @Test
    void aConditionalGanHasAClassForEveryLabelOfBothSplits() {
        TrainTestSplit split = new TrainTestSplit(labelled(0, 1, 1), labelled(0, 4));
        assertEquals(Map.of("classes", "5"), ModelRegistry.get("cgan").optionsFromData(Map.of(), split),
                "a held-out label above the training labels still gets its class");
        assertEquals(Map.of(), ModelRegistry.get("cgan").optionsFromData(Map.of("classes", "12"), split),
                "the user's own number stands");
        assertEquals(Map.of(), ModelRegistry.get("gan").optionsFromData(Map.of(), split), "no classes unconditioned");
        TrainTestSplit unlabelled = new TrainTestSplit(Dataset.tabular("points", new float[4], 2),
                Dataset.tabular("points", new float[4], 2));
        assertEquals(Map.of(), ModelRegistry.get("cgan").optionsFromData(Map.of(), unlabelled),
                "unlabelled data is refused later, by the model's data check");
    }
}
