package io.dgm4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dgm4j.InvalidInputException;
import io.dgm4j.tensor.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adam's betas, RMSprop and SGD's momentum in TrainingConfig and Optimization. */
class OptimizerSettingsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** A config.json written before the betas field existed loads with Adam's usual betas; new ones keep theirs. */
    @Test
    void configsWithoutBetasLoadWithAdamsUsualOnes() throws Exception {
        RunFolder run = RunFolder.create(tmp.resolve("old"));
        Files.writeString(run.file("config.json"), """
                {"model": "realnvp", "model_options": {}, "data": "moons", "data_shape": [2],
                 "training": {"steps": 10, "batch_size": 8, "learning_rate": 0.001, "optimizer": "adam",
                  "weight_decay": 0.0, "schedule": "constant", "warmup_steps": 0, "clip_grad_norm": 0.0,
                  "seed": 0, "eval_every": 5}}""");
        TrainingConfig old = run.readConfig().training();
        assertNull(old.betas());
        assertEquals(List.of(0.9, 0.999), old.betasOrDefault());
        TrainingConfig gan = TrainingConfig.builder(10, 8, 2e-4).evalEvery(5).betas(0.5, 0.999).build();
        RunFolder fresh = RunFolder.create(tmp.resolve("new"));
        fresh.writeConfig(new RunConfig("gan", java.util.Map.of(), "moons", null, new int[] {2}, null, gan, null));
        assertEquals(List.of(0.5, 0.999), fresh.readConfig().training().betas());
        assertEquals(List.of(0.5, 0.999), fresh.readConfig().training().withSteps(20).betas());
    }

    @Test
    void badOptimizerSettingsAreOneLineErrors() {
        assertThrows(InvalidInputException.class,
                () -> TrainingConfig.builder(10, 8, 1e-3).optimizer("rmsprop").evalEvery(5).betas(0.5, 0.9).build());
        assertThrows(InvalidInputException.class,
                () -> new TrainingConfig(10, 8, 1e-3, "adam", 0, "constant", 0, 0, 0, 5, List.of(0.5), 0, null));
        assertThrows(InvalidInputException.class,
                () -> TrainingConfig.builder(10, 8, 1e-3).optimizer("sgd").evalEvery(5).betas(0.5, 0.9).build());
        assertThrows(InvalidInputException.class,
                () -> TrainingConfig.builder(10, 8, 1e-3).evalEvery(5).momentum(0.9).build());
        assertThrows(InvalidInputException.class,
                () -> TrainingConfig.builder(10, 8, 1e-3).optimizer("sgd").evalEvery(5).momentum(1.0).build());
        assertThrows(InvalidInputException.class,
                () -> TrainingConfig.builder(10, 8, 1e-3).optimizer("lbfgs").evalEvery(5).build());
    }

    /** A config.json written before the momentum field existed loads with none, as plain SGD has. */
    @Test
    void sgdMomentumRoundTripsThroughConfigJson() {
        TrainingConfig sgd = TrainingConfig.builder(10, 8, 0.02).optimizer("sgd").evalEvery(5).momentum(0.5).build();
        RunFolder run = RunFolder.create(tmp.resolve("sgd"));
        run.writeConfig(new RunConfig("gan", java.util.Map.of(), "moons", null, new int[] {2}, null, sgd, null));
        assertEquals(0.5, run.readConfig().training().withSteps(20).momentum());
    }
}
