package io.dgm4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dgm4j.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder gives the documented defaults and each setting it is given, and checks them as the record does. */
class TrainingConfigTest {
    @Test
    void builderDefaultsAreAdamConstantRateSeedZeroFp32AndOneValidationAtTheEnd() {
        assertEquals(new TrainingConfig(300, 64, 1e-3, "adam", 0, "constant", 0, 0, 0, 300, null, 0, null),
                TrainingConfig.builder(300, 64, 1e-3).build());
    }

    @Test
    void builderSetsEverySetting() {
        TrainingConfig built = TrainingConfig.builder(1000, 32, 2e-4).optimizer("adamw").weightDecay(0.01)
                .schedule("cosine").warmupSteps(50).clipGradNorm(5).seed(7).evalEvery(100).betas(0.5, 0.9)
                .precision("bf16").build();
        assertEquals(new TrainingConfig(1000, 32, 2e-4, "adamw", 0.01, "cosine", 50, 5, 7, 100,
                List.of(0.5, 0.9), 0, "bf16"), built);
        assertEquals(0.9, TrainingConfig.builder(10, 8, 0.1).optimizer("sgd").momentum(0.9).build().momentum());
    }

    @Test
    void builderRefusesWhatTheRecordRefuses() {
        assertThrows(InvalidInputException.class, () -> TrainingConfig.builder(0, 8, 1e-3).build());
        assertThrows(InvalidInputException.class, () -> TrainingConfig.builder(10, 8, 1e-3).evalEvery(0).build());
        assertThrows(InvalidInputException.class, () -> TrainingConfig.builder(10, 8, 1e-3).momentum(0.9).build());
        assertThrows(InvalidInputException.class, () -> TrainingConfig.builder(10, 8, 1e-3).precision("fp8").build());
    }
}
