package io.dgm4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.data.Dataset;
import io.dgm4j.data.Mnist;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitClassifierTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** 256 training digits: three epochs are 12 steps, so the cache tests train in well under a second. */
    private static Dataset fewDigits() {
        return SharedDigits.split().train().subset(0, 256);
    }

    @Test
    void heldOutAccuracyOnMnist10kIsAtLeast97Percent() {
        double accuracy = SharedDigits.classifier().accuracy(SharedDigits.split().test());
        System.out.printf("digit classifier, mnist10k held-out accuracy: %.4f%n", accuracy);
        assertTrue(accuracy >= 0.97, "accuracy " + accuracy);
    }

    @Test
    void outputsHaveTheDocumentedShapesAndProbabilitiesSumToOne() {
        DigitClassifier classifier = SharedDigits.classifier();
        Tensor x = DigitClassifier.images(SharedDigits.split().test().subset(0, 300));
        DigitClassifier.Outputs outputs = classifier.classify(x);
        assertArrayEquals(new long[] {300, DigitClassifier.FEATURES}, Tensors.shape(outputs.features()));
        assertArrayEquals(new long[] {300, DigitClassifier.CLASSES}, Tensors.shape(outputs.probabilities()));
        float[] sums = Tensors.toFloats(outputs.probabilities().sum(1));
        for (float s : sums) {
            assertEquals(1.0, s, 1e-5);
        }
        // Chunked evaluation (256 rows at a time) must equal evaluating the tail rows alone.
        float[] tail = Tensors.toFloats(classifier.features(x.narrow(0, 290, 10)));
        float[] all = Tensors.toFloats(outputs.features().narrow(0, 290, 10));
        assertArrayEquals(tail, all, 1e-5f);
    }

    @Test
    void aCachedClassifierReloadsWithTheSameOutputs() {
        Dataset train = fewDigits();
        DigitClassifier trained = DigitClassifier.forData(Mnist.MNIST_10K, train, tmp);
        Path file = DigitClassifier.cacheFile(Mnist.MNIST_10K, train, tmp);
        assertTrue(Files.isRegularFile(file), "no cache file at " + file);
        DigitClassifier reloaded = DigitClassifier.tryLoad(file);
        assertNotSame(trained, reloaded);
        Tensor x = DigitClassifier.images(SharedDigits.split().test().subset(0, 20));
        assertArrayEquals(Tensors.toFloats(trained.probabilities(x)), Tensors.toFloats(reloaded.probabilities(x)));
        assertSame(trained, DigitClassifier.forData(Mnist.MNIST_10K, train, tmp), "the process trains each set once");
    }

    @Test
    void anUnreadableCacheFileIsRetrainedAndReplaced() throws IOException {
        Dataset train = fewDigits();
        Path file = DigitClassifier.cacheFile(Mnist.MNIST_10K, train, tmp);
        Files.createDirectories(tmp);
        Files.writeString(file, "not a libtorch archive");
        DigitClassifier classifier = DigitClassifier.forData(Mnist.MNIST_10K, train, tmp);
        assertTrue(classifier.accuracy(train) > 0.5, "the retrained classifier should fit its own training digits");
        assertTrue(DigitClassifier.tryLoad(file) != null, "the corrupt file should have been replaced");
    }

    @Test
    void theCacheNameChangesWithTheTrainingData() {
        Dataset train = fewDigits();
        Path one = DigitClassifier.cacheFile(Mnist.MNIST_10K, train, tmp);
        Path other = DigitClassifier.cacheFile(Mnist.MNIST_10K, SharedDigits.split().train().subset(1, 257), tmp);
        assertTrue(!one.equals(other), one + " for two different training sets");
        assertTrue(one.getFileName().toString().startsWith("digit-classifier-mnist10k-v" + DigitClassifier.ARCHITECTURE_VERSION));
    }

    @Test
    void trainingLeavesTheCallersRandomDrawsUnchanged() {
        Engine.seed(42);
        float[] expected = Tensors.toFloats(torch.rand(5));
        Engine.seed(42);
        DigitClassifier.forData(Mnist.MNIST_10K, SharedDigits.split().train().subset(300, 556), tmp);
        assertArrayEquals(expected, Tensors.toFloats(torch.rand(5)));
    }
}
