package io.dgm4j.models.flows;

import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.models.ModelOptions;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.testing.EnergyDistanceTest;
import io.dgm4j.train.DensityDistillation;
import io.dgm4j.train.Optimization;
import io.dgm4j.train.TrainingConfig;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An IAF student distilled from a fixed random MAF teacher: KL(student || teacher) must fall, and
 * afterwards the student's samples must be indistinguishable from the teacher's by an
 * energy-distance permutation test that does tell the untrained student (a standard normal) apart.
 */
class DensityDistillationTest {
    static final int POINTS = 400;
    static final int PERMUTATIONS = 200;
    /** Reject "same distribution" below this p-value. */
    static final double LEVEL = 0.01;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    static Flow teacher() {
        Engine.seed(21);
        Flow teacher = (Flow) new Maf().create(new ModelOptions(Map.of("layers", "2", "hidden", "16",
                "activation", "tanh")), new int[] {2});
        perturb(teacher.parameters(), 0.3);
        for (Tensor p : teacher.parameters().list()) {
            p.requires_grad_(false);
        }
        return teacher;
    }

    static double samplesPValue(Flow student, Flow teacher, long seed) {
        Engine.seed(seed);
        float[] s = Tensors.toFloats(student.sample(POINTS));
        float[] t = Tensors.toFloats(teacher.sample(POINTS));
        return EnergyDistanceTest.pValue(s, t, 2, PERMUTATIONS, seed);
    }

    @Test
    void studentLearnsTheTeachersDistribution() {
        Flow teacher = teacher();
        Engine.seed(22);
        Flow student = (Flow) new Iaf().create(new ModelOptions(Map.of("layers", "3", "hidden", "32")), new int[] {2});
        DensityDistillation objective = new DensityDistillation(student, teacher, 256, 0);
        double pUntrained = samplesPValue(student, teacher, 1);
        double klBefore = objective.validate(null).get("val_kl");
        TrainingConfig config = TrainingConfig.builder(300, 256, 3e-3).build();
        Optimization optimization = new Optimization(objective.parameterGroups(), config);
        for (int step = 0; step < 300; step++) {
            try (PointerScope scope = new PointerScope()) {
                objective.step(null, optimization);
            }
        }
        double klAfter = objective.validate(null).get("val_kl");
        double pTrained = samplesPValue(student, teacher, 2);
        System.out.printf("distillation: val_kl %.4f -> %.4f, energy test p %.4f -> %.4f%n",
                klBefore, klAfter, pUntrained, pTrained);
        assertTrue(pUntrained < LEVEL, "the test must tell the untrained student apart, p = " + pUntrained);
        assertTrue(klAfter < 0.2 * klBefore, "KL " + klBefore + " -> " + klAfter);
        assertTrue(pTrained > LEVEL, "trained student's samples still differ from the teacher's, p = " + pTrained);
    }

    /** The validation KL is a Monte Carlo estimate of an exact quantity: identical flows give 0. */
    @Test
    void klOfATeacherWithItselfIsZero() {
        Flow teacher = teacher();
        DensityDistillation objective = new DensityDistillation(teacher, teacher(), 64, 0);
        assertEquals(0.0, objective.validate(null).get("val_kl"), 1e-5);
    }
}
