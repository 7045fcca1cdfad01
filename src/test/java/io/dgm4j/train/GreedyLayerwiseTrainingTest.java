package io.dgm4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ebm.DeepBeliefNetwork;
import io.dgm4j.models.ebm.Rbm;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Greedy layer-wise training: each RBM trains in its own block of steps only, on what the layers below infer. */
class GreedyLayerwiseTrainingTest {
    private static final int LAYER_STEPS = 5;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private static float[][] snapshot(Rbm layer) {
        return layer.trainable().stream().map(Tensors::toFloats).toArray(float[][]::new);
    }

    private static boolean changed(float[][] before, Rbm layer) {
        float[][] now = snapshot(layer);
        for (int i = 0; i < now.length; i++) {
            if (!Arrays.equals(before[i], now[i])) {
                return true;
            }
        }
        return false;
    }

    @Test
    void eachLayerTrainsInItsBlockAndTheTopToTheEnd() {
        Engine.seed(1);
        DeepBeliefNetwork dbn = new DeepBeliefNetwork(new int[] {6}, new int[] {4, 3}, new Rbm.Training(1, false, 0, 10),
                LAYER_STEPS);
        GreedyLayerwiseTraining objective = new GreedyLayerwiseTraining(dbn, 12);
        assertEquals(2, objective.parameterGroups().size(), "one optimizer per RBM, so a frozen one keeps no momentum");
        Optimization optimization = new Optimization(objective.parameterGroups(),
                TrainingConfig.builder(12, 16, 0.1).optimizer("sgd").seed(1).evalEvery(100).momentum(0.5).build());
        Tensor data = torch.rand(16, 6);
        float[][] bottom = snapshot(dbn.layer(0));
        float[][] top = snapshot(dbn.layer(1));
        for (int step = 0; step < 12; step++) {
            optimization.setStep(step);
            java.util.Set<String> logged = objective.step(data, optimization).keySet();
            assertEquals(java.util.Set.of("train_free_energy_gap_" + (step < LAYER_STEPS ? 1 : 2)), logged, "step " + step);
            if (step == LAYER_STEPS - 1) {
                assertTrue(changed(bottom, dbn.layer(0)), "the bottom RBM trains in its block");
                assertFalse(changed(top, dbn.layer(1)), "the top RBM waits for its block");
                bottom = snapshot(dbn.layer(0));
            }
        }
        assertFalse(changed(bottom, dbn.layer(0)), "the bottom RBM is frozen after its block");
        assertTrue(changed(top, dbn.layer(1)), "the top RBM trains from its block to the end");
    }

    @Test
    void aRunTooShortForEveryLayerIsRefused() {
        DeepBeliefNetwork dbn = new DeepBeliefNetwork(new int[] {6}, new int[] {4, 3, 2}, new Rbm.Training(1, false, 0, 10),
                LAYER_STEPS);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new GreedyLayerwiseTraining(dbn, 10));
        assertTrue(e.getMessage().contains("at least 11 steps"), e.getMessage());
        assertEquals(List.of("val_recon_bce"), new GreedyLayerwiseTraining(dbn, 11).validationMetrics());
    }
}
