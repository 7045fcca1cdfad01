package io.dgm4j.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.tensor.Engine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DigitClassifierTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    @Test
    void heldOutAccuracy() {
        long t0 = System.nanoTime();
        DigitClassifier c = SharedDigits.classifier();
        long t1 = System.nanoTime();
        double accuracy = c.accuracy(SharedDigits.split().test());
        System.out.printf("train/load %.1f s, accuracy %.4f (%.1f s)%n", (t1 - t0) / 1e9, accuracy, (System.nanoTime() - t1) / 1e9);
        assertTrue(accuracy >= 0.97, "accuracy " + accuracy);
    }
}
