package io.dgm4j.eval;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.Mnist;
import io.dgm4j.data.ToyDatasets;
import io.dgm4j.data.TrainTestSplit;
import io.dgm4j.tensor.Tensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * How good and how diverse generated samples are, with the metrics that suit the data:
 * <ul>
 *   <li>8gaussians, 25gaussians, rings: {@code modes_covered} and {@code hq_fraction}
 *       (see {@link ModeCoverage}); for samples drawn with labels (the data's labels are mode
 *       indices), {@code label_accuracy}: the share within 3 standard deviations of their label's mode;</li>
 *   <li>mnist, mnist10k, judged by the {@link DigitClassifier} trained on the training split:
 *       <ul>
 *         <li>{@code frechet_distance}: FID-style, the {@link FrechetDistance} between Gaussians
 *             fitted to the classifier's 128 features of the samples and of the held-out split. It is
 *             not comparable with published FIDs (those use Inception-v3 features of natural
 *             images) and, like FID, it is biased upwards for small sample counts: compare runs at
 *             equal sample counts;</li>
 *         <li>{@code class_coverage}: the share of the 10 classes that are the most probable class
 *             of at least {@value #CLASS_SHARE} of the samples (a tenth of a class's fair share of
 *             10%). Why a share rather than one sample: the classifier's own errors (about 1-2%,
 *             spread over the classes) would otherwise count every missing digit as present;</li>
 *         <li>{@code class_entropy}: the entropy in nats of the mean predicted class distribution;
 *             log 10 = 2.303 when every digit is equally frequent, 0 when all samples look like
 *             one digit;</li>
 *         <li>for samples drawn with labels (a conditional GAN; {@link #measure(Tensor, Tensor)}),
 *             {@code label_accuracy}: the share of samples whose most probable class is their label,
 *             near the classifier's own accuracy for a generator that obeys its labels and 0.1 for
 *             one that ignores them.</li>
 *       </ul></li>
 *   <li>any other data: no metrics ({@link #names()} is empty).</li>
 * </ul>
 * Samples are in data units (pixels in [0, 1] for MNIST), shaped [N, ...example shape].
 */
public final class SampleQuality {
    public static final String MODES_COVERED = "modes_covered";
    public static final String HQ_FRACTION = "hq_fraction";
    public static final String FRECHET_DISTANCE = "frechet_distance";
    public static final String CLASS_COVERAGE = "class_coverage";
    public static final String CLASS_ENTROPY = "class_entropy";
    public static final String LABEL_ACCURACY = "label_accuracy";
    static final double CLASS_SHARE = 0.01;

    private final List<String> names;
    private final long[] exampleShape;
    /** The metrics of samples, and of their labels where given (null: drawn without labels). */
    private final BiFunction<Tensor, Tensor, Map<String, Double>> measurement;
    /** The digit classifier for MNIST, else null. */
    private final DigitClassifier classifier;

    private SampleQuality(List<String> names, long[] exampleShape, BiFunction<Tensor, Tensor, Map<String, Double>> measurement,
                          DigitClassifier classifier) {
        this.names = names;
        this.exampleShape = exampleShape;
        this.measurement = measurement;
        this.classifier = classifier;
    }

    /** The data names that have sample metrics, in the order listed to users. */
    public static List<String> dataWithMetrics() {
        List<String> names = new ArrayList<>(ToyDatasets.mixtures());
        names.add(Mnist.MNIST);
        names.add(Mnist.MNIST_10K);
        return names;
    }

    public static boolean hasMetrics(String dataName) {
        return dataName != null && dataWithMetrics().contains(dataName.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * The metrics for {@code dataName}, a mixture generated with {@code noise} (ToyDatasets.DEFAULT_NOISE: its
     * own) or MNIST. For MNIST this loads (or trains once and caches) the digit classifier on
     * {@code split.train()} and fits the held-out split's feature Gaussian.
     */
    public static SampleQuality forData(String dataName, double noise, TrainTestSplit split) {
        return forData(dataName, noise, split, DigitClassifier.cacheDir());
    }

    /** As {@link #forData(String, double, TrainTestSplit)} with an explicit classifier cache folder. */
    public static SampleQuality forData(String dataName, double noise, TrainTestSplit split, Path classifierCache) {
        if (!hasMetrics(dataName)) {
            return new SampleQuality(List.of(), null, (samples, labels) -> Map.of(), null);
        }
        String key = dataName.trim().toLowerCase(Locale.ROOT);
        if (ToyDatasets.mixtures().contains(key)) {
            ModeCoverage coverage = ModeCoverage.forMixture(key, noise);
            return new SampleQuality(List.of(MODES_COVERED, HQ_FRACTION), new long[] {2}, (samples, labels) -> modes(coverage, samples, labels),
                    null);
        }
        DigitClassifier classifier = DigitClassifier.forData(key, split.train(), classifierCache);
        FrechetDistance.Gaussian heldOut;
        try (PointerScope scope = new PointerScope()) {
            heldOut = FrechetDistance.Gaussian.fit(classifier.features(DigitClassifier.images(split.test())));
        }
        return new SampleQuality(List.of(FRECHET_DISTANCE, CLASS_COVERAGE, CLASS_ENTROPY), new long[] {1, 28, 28},
                (samples, labels) -> digits(classifier, heldOut, samples, labels), classifier);
    }

    /** Whether samples drawn with labels get a label_accuracy: the data has metrics (mixtures, MNIST). */
    public boolean judgesLabels() {
        return !names.isEmpty();
    }

    /** Whether the data's classifier reads the digit of each sample ({@link #digitCounts}): MNIST. */
    public boolean readsDigits() {
        return classifier != null;
    }

    /** How many of {@code samples} [N, 1, 28, 28] (data units) the classifier reads as each digit, [10]. */
    public int[] digitCounts(Tensor samples) {
        if (classifier == null) {
            throw new IllegalStateException("this data has no classifier to tell the samples' classes");
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            return argmaxCounts(classifier.classify(samples).probabilities());
        }
    }

    /** The metric names, in the order {@link #measure(Tensor)} returns them; empty when the data has none. */
    public List<String> names() {
        return names;
    }

    /**
     * The metrics of {@code samples} [N, ...example shape], in data units; an empty map when the
     * data has no metrics.
     *
     * @throws InvalidInputException when the samples do not have the data's example shape, or are
     *     too few (the Fréchet distance needs 2)
     */
    public Map<String, Double> measure(Tensor samples) {
        return measure(samples, null);
    }

    /**
     * As {@link #measure(Tensor)} for samples drawn with the given labels [N] (a conditional model), plus,
     * where the data {@link #judgesLabels()}, {@code label_accuracy}: the share of samples on their label's
     * mode, or whose most probable digit is their label (from the same classification as the other metrics).
     */
    public Map<String, Double> measure(Tensor samples, Tensor labels) {
        if (names.isEmpty()) {
            return Map.of();
        }
        long[] shape = Tensors.shape(samples);
        if (shape.length != exampleShape.length + 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), exampleShape)) {
            throw new InvalidInputException("samples of shape " + Arrays.toString(shape) + " cannot be scored: the data's"
                    + " examples have shape " + Arrays.toString(exampleShape) + ", so give [N, " + joined(exampleShape) + "]");
        }
        if (shape[0] < 2) {
            throw new InvalidInputException("got " + shape[0] + " sample(s): the sample metrics need at least 2; generate more");
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            return measurement.apply(samples, labels);
        }
    }

    private static Map<String, Double> modes(ModeCoverage coverage, Tensor samples, Tensor labels) {
        float[] xy = Tensors.toFloats(samples);
        ModeCoverage.Result result = coverage.measure(xy);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MODES_COVERED, (double) result.modesCovered());
        metrics.put(HQ_FRACTION, result.highQualityFraction());
        if (labels != null) {
            float[] asFloats = Tensors.toFloats(labels.to(torch.ScalarType.Float));
            int[] modes = new int[asFloats.length];
            for (int i = 0; i < modes.length; i++) {
                modes[i] = Math.round(asFloats[i]);
            }
            metrics.put(LABEL_ACCURACY, coverage.labelAccuracy(xy, modes));
        }
        return metrics;
    }

    private static Map<String, Double> digits(DigitClassifier classifier, FrechetDistance.Gaussian heldOut, Tensor samples,
                                              Tensor labels) {
        DigitClassifier.Outputs outputs = classifier.classify(samples);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(FRECHET_DISTANCE, FrechetDistance.between(FrechetDistance.Gaussian.fit(outputs.features()), heldOut));
        metrics.put(CLASS_COVERAGE, classCoverage(outputs.probabilities()));
        metrics.put(CLASS_ENTROPY, meanDistributionEntropy(outputs.probabilities()));
        if (labels != null) {
            Tensor predicted = outputs.probabilities().argmax(new LongOptional(1), false);
            metrics.put(LABEL_ACCURACY, predicted.eq(labels).to(torch.ScalarType.Float).mean().item_double());
        }
        return metrics;
    }

    /** The share of classes that are the argmax of at least {@link #CLASS_SHARE} of the rows of probabilities [N, K]. */
    static double classCoverage(Tensor probabilities) {
        long n = probabilities.size(0);
        int[] counts = argmaxCounts(probabilities);
        int covered = 0;
        for (int count : counts) {
            if (count > 0 && count >= CLASS_SHARE * n) {
                covered++;
            }
        }
        return (double) covered / counts.length;
    }

    /** How many rows of probabilities [N, K] have each class as their argmax, [K]. */
    private static int[] argmaxCounts(Tensor probabilities) {
        long[] predictions = new long[(int) probabilities.size(0)];
        probabilities.argmax(new LongOptional(1), false).contiguous().data_ptr_long().get(predictions);
        int[] counts = new int[(int) probabilities.size(1)];
        for (long p : predictions) {
            counts[(int) p]++;
        }
        return counts;
    }

    /** -sum_k p_k log p_k of p = the mean of the rows of probabilities [N, K], in nats (0 log 0 = 0). */
    static double meanDistributionEntropy(Tensor probabilities) {
        float[] rows = Tensors.toFloats(probabilities);
        int classes = (int) probabilities.size(1);
        long n = probabilities.size(0);
        double[] mean = new double[classes];
        for (int i = 0; i < rows.length; i++) {
            mean[i % classes] += rows[i];
        }
        double entropy = 0;
        for (double total : mean) {
            double p = total / n;
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        return entropy;
    }

    private static String joined(long[] shape) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.toString();
    }
}
