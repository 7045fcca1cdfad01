package io.dgm4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.Dataset;
import io.dgm4j.data.Mnist;
import io.dgm4j.data.ToyDatasets;
import io.dgm4j.data.TrainTestSplit;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The facade picks the right metrics, and the MNIST metrics tell real digits from noise and collapse. */
class SampleQualityTest {
    private static SampleQuality digits;

    @BeforeAll
    static void start() {
        Engine.start(1);
        digits = SampleQuality.forData(Mnist.MNIST_10K, ToyDatasets.DEFAULT_NOISE, SharedDigits.split());
    }

    private static Map<String, Double> measure(Dataset samples) {
        return digits.measure(DigitClassifier.images(samples));
    }

    /** The entropy in nats of the label frequencies: what the mean predicted distribution should be near. */
    private static double labelEntropy(Dataset data) {
        double[] counts = new double[10];
        for (int label : data.labels()) {
            counts[label]++;
        }
        double entropy = 0;
        for (double c : counts) {
            if (c > 0) {
                double p = c / data.size();
                entropy -= p * Math.log(p);
            }
        }
        return entropy;
    }

    @Test
    void realDigitsScoreNearPerfect() {
        Dataset train = SharedDigits.split().train().subset(0, 2000);
        Map<String, Double> m = measure(train);
        Map<String, Double> heldOut = measure(SharedDigits.split().test());
        System.out.println("mnist10k metrics, 2000 training digits: " + m + "; the 2000 held-out digits themselves: " + heldOut);
        assertEquals(List.of(SampleQuality.FRECHET_DISTANCE, SampleQuality.CLASS_COVERAGE, SampleQuality.CLASS_ENTROPY),
                List.copyOf(m.keySet()));
        assertEquals(0, heldOut.get(SampleQuality.FRECHET_DISTANCE), 1e-6, "the held-out split against itself");
        assertEquals(1.0, m.get(SampleQuality.CLASS_COVERAGE));
        assertEquals(labelEntropy(train), m.get(SampleQuality.CLASS_ENTROPY), 0.02);
        assertEquals(Math.log(10), m.get(SampleQuality.CLASS_ENTROPY), 0.02);
        Map<String, Double> noise = digits.measure(torch.rand(2000, 1, 28, 28));
        System.out.println("mnist10k metrics, 2000 uniform-noise images: " + noise);
        assertTrue(noise.get(SampleQuality.FRECHET_DISTANCE) > 20 * m.get(SampleQuality.FRECHET_DISTANCE),
                "noise " + noise + " vs digits " + m);
    }

    @Test
    void collapseOntoOneDigitShowsInCoverageAndEntropy() {
        Dataset test = SharedDigits.split().test();
        int[] ones = java.util.stream.IntStream.range(0, test.size()).filter(i -> test.labels()[i] == 1).toArray();
        Map<String, Double> m = measure(test.select(ones));
        assertEquals(0.1, m.get(SampleQuality.CLASS_COVERAGE), 1e-12, m.toString());
        assertTrue(m.get(SampleQuality.CLASS_ENTROPY) < 0.2, m.toString());
        assertTrue(m.get(SampleQuality.FRECHET_DISTANCE) > 10 * measure(SharedDigits.split().train().subset(0, ones.length))
                .get(SampleQuality.FRECHET_DISTANCE), m.toString());
    }

    @Test
    void coverageCountsClassesWithAtLeastOnePercentOfTheArgmaxes() {
        // 1000 rows: class 0 gets 10 argmaxes (1%, covered), class 1 gets 9 (not), class 2 the rest.
        float[] p = new float[1000 * 10];
        for (int i = 0; i < 1000; i++) {
            int winner = i < 10 ? 0 : i < 19 ? 1 : 2;
            p[i * 10 + winner] = 1;
        }
        assertEquals(0.2, SampleQuality.classCoverage(Tensors.of(p, 1000, 10)), 1e-12);
    }

    @Test
    void entropyIsThatOfTheMeanDistribution() {
        // Half the rows certain of class 0, half certain of class 1: each row has entropy 0, the mean
        // distribution (1/2, 1/2) has log 2.
        float[] p = new float[4 * 10];
        p[0] = 1;
        p[10] = 1;
        p[21] = 1;
        p[31] = 1;
        assertEquals(Math.log(2), SampleQuality.meanDistributionEntropy(Tensors.of(p, 4, 10)), 1e-7);
        float[] uniform = new float[3 * 10];
        java.util.Arrays.fill(uniform, 0.1f);
        assertEquals(Math.log(10), SampleQuality.meanDistributionEntropy(Tensors.of(uniform, 3, 10)), 1e-6);
    }

    @Test
    void wronglyShapedSamplesAreABadInputNamingTheShape() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> digits.measure(torch.rand(10, 784)));
        assertTrue(e.getMessage().contains("[10, 784]") && e.getMessage().contains("[N, 1, 28, 28]"), e.getMessage());
    }

    @Test
    void mixturesGetModeMetricsAndOtherDataNone() {
        TrainTestSplit toy = new TrainTestSplit(ToyDatasets.generate("25gaussians", 100, 0, -1),
                ToyDatasets.generate("25gaussians", 5000, 1, -1));
        SampleQuality grid = SampleQuality.forData("25gaussians", ToyDatasets.DEFAULT_NOISE, toy);
        assertEquals(List.of(SampleQuality.MODES_COVERED, SampleQuality.HQ_FRACTION), grid.names());
        Dataset test = toy.test();
        Map<String, Double> m = grid.measure(Tensors.of(test.values(), test.size(), 2));
        assertEquals(25.0, m.get(SampleQuality.MODES_COVERED));
        assertTrue(m.get(SampleQuality.HQ_FRACTION) > 0.97, m.toString());

        SampleQuality moons = SampleQuality.forData("moons", ToyDatasets.DEFAULT_NOISE, toy);
        assertTrue(moons.names().isEmpty());
        assertTrue(moons.measure(torch.rand(10, 2)).isEmpty());
        assertTrue(SampleQuality.forData("/some/file.csv", ToyDatasets.DEFAULT_NOISE, toy).names().isEmpty());
        assertTrue(grid.judgesLabels() && !moons.judgesLabels(), "mixtures tell their modes, moons has no metrics");
        assertTrue(!grid.readsDigits() && digits.readsDigits());

        // Held-out points with their own mode labels are on their mode; with every label moved by one, none is.
        float[] labels = new float[test.size()];
        float[] shifted = new float[test.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = test.labels()[i];
            shifted[i] = (test.labels()[i] + 1) % 25;
        }
        Tensor points = Tensors.of(test.values(), test.size(), 2);
        double own = grid.measure(points, Tensors.of(labels, labels.length).to(torch.ScalarType.Long))
                .get(SampleQuality.LABEL_ACCURACY);
        assertEquals(m.get(SampleQuality.HQ_FRACTION), own, 1e-12, "every high-quality point is on its own mode");
        assertEquals(0.0, grid.measure(points, Tensors.of(shifted, shifted.length).to(torch.ScalarType.Long))
                .get(SampleQuality.LABEL_ACCURACY));
    }

    /**
     * Label accuracy: held-out digits with their own labels score the classifier's accuracy; with every
     * label moved on by one (a generator that ignores its labels in the worst way) almost none agree.
     */
    @Test
    void labelAccuracyIsTheShareOfSamplesClassifiedAsTheirLabel() {
        Dataset test = SharedDigits.split().test();
        Tensor images = DigitClassifier.images(test);
        float[] labels = new float[test.size()];
        float[] shifted = new float[test.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = test.labels()[i];
            shifted[i] = (test.labels()[i] + 1) % 10;
        }
        assertTrue(digits.judgesLabels());
        double own = digits.measure(images, Tensors.of(labels, labels.length).to(torch.ScalarType.Long))
                .get(SampleQuality.LABEL_ACCURACY);
        double moved = digits.measure(images, Tensors.of(shifted, shifted.length).to(torch.ScalarType.Long))
                .get(SampleQuality.LABEL_ACCURACY);
        assertTrue(own > 0.95 && own <= 1, "own labels " + own);
        assertTrue(moved < 0.05, "moved labels " + moved);

        int[] sevens = java.util.stream.IntStream.range(0, test.size()).filter(i -> test.labels()[i] == 7).toArray();
        int[] counts = digits.digitCounts(DigitClassifier.images(test.select(sevens)));
        assertEquals(sevens.length, java.util.Arrays.stream(counts).sum(), "every sample read as some digit");
        assertTrue(counts[7] > 0.95 * sevens.length, "held-out sevens read as 7: " + java.util.Arrays.toString(counts));
    }
}
