package io.dgm4j.eval;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.AtomicFiles;
import io.dgm4j.data.Batches;
import io.dgm4j.data.Dataset;
import io.dgm4j.nn.Conv2d;
import io.dgm4j.nn.Init;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.Optimization;
import io.dgm4j.train.TrainingConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A small CNN trained by dgm4j on labelled MNIST digits, the judge behind the MNIST sample
 * metrics (see {@link SampleQuality}): its 128-unit hidden layer is the feature space of the
 * Fréchet distance, its softmax gives the predicted classes.
 *
 * <p>Architecture: conv 1->32 3x3 + ReLU + 2x2 max-pool, conv 32->64 3x3 + ReLU + 2x2 max-pool,
 * Linear 3136->128 + ReLU (the features), Linear 128->10. No dropout or batch norm, so it behaves
 * the same in training and evaluation. Trained with a fixed seed for {@value #EPOCHS} epochs (at
 * most {@value #MAX_STEPS} batches of {@value #BATCH_SIZE}) of Adam, once per training set: the
 * result is cached in {@link #cacheDir()} under a name made of the data variant,
 * {@link #ARCHITECTURE_VERSION} and a hash of the training images and labels, so a changed
 * architecture or data never reuses a stale file.
 */
public final class DigitClassifier {
    public static final String CACHE_DIR_ENV = "DGM4J_CACHE_DIR";
    public static final int FEATURES = 128;
    public static final int CLASSES = 10;
    /** Bump whenever the architecture or the training recipe changes: old cache files are then ignored. */
    static final int ARCHITECTURE_VERSION = 1;
    private static final int SIDE = 28;
    private static final int EPOCHS = 3;
    /**
     * Caps the training of the full 60,000-digit set near that of mnist10k's 8,000 (375 steps):
     * the accuracy is already above 97% there, and a first metric should not cost minutes.
     */
    private static final long MAX_STEPS = 400;
    private static final int BATCH_SIZE = 64;
    private static final double LEARNING_RATE = 1e-3;
    private static final long SEED = 0;
    /** Images per forward pass when evaluating: keeps the first conv's activations near 25 MB. */
    private static final int CHUNK = 256;
    /** Trained or loaded classifiers of this process, by cache file, so a test suite or a session trains each once. */
    private static final Map<Path, DigitClassifier> LOADED = new HashMap<>();

    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Tensor hiddenWeight;
    private final Tensor hiddenBias;
    private final Tensor outputWeight;
    private final Tensor outputBias;
    private final Parameters params = new Parameters();

    private DigitClassifier() {
        conv1 = new Conv2d(params, "conv1", 1, 32, 3, false);
        conv2 = new Conv2d(params, "conv2", 32, 64, 3, false);
        int flat = 64 * 7 * 7;
        hiddenWeight = params.add("hidden.weight", Init.pytorchDefault(false, flat, flat, FEATURES));
        hiddenBias = params.add("hidden.bias", Init.pytorchDefault(false, flat, FEATURES));
        outputWeight = params.add("output.weight", Init.pytorchDefault(false, FEATURES, FEATURES, CLASSES));
        outputBias = params.add("output.bias", Init.pytorchDefault(false, FEATURES, CLASSES));
    }

    /**
     * The classifier for {@code train} (the labelled training split of {@code variant}, mnist or
     * mnist10k): loaded from the cache, or trained and cached when the cache has no readable copy.
     */
    public static DigitClassifier forData(String variant, Dataset train) {
        return forData(variant, train, cacheDir());
    }

    /** As {@link #forData(String, Dataset)} with an explicit cache folder. */
    public static synchronized DigitClassifier forData(String variant, Dataset train, Path cacheDir) {
        checkTrainingData(train);
        Path file = cacheFile(variant, train, cacheDir).toAbsolutePath().normalize();
        DigitClassifier known = LOADED.get(file);
        if (known != null) {
            return known;
        }
        DigitClassifier classifier = Files.isRegularFile(file) ? tryLoad(file) : null;
        if (classifier == null) {
            System.err.println("training the digit classifier for the MNIST sample metrics on " + train.size()
                    + " digits (once; cached at " + file + ")");
            classifier = trained(train);
            classifier.save(file);
        }
        LOADED.put(file, classifier);
        return classifier;
    }

    /**
     * Where classifiers are cached: the folder named by {@value #CACHE_DIR_ENV}, else
     * {@code ~/.cache/dgm4j}.
     */
    public static Path cacheDir() {
        String chosen = System.getenv(CACHE_DIR_ENV);
        try {
            if (chosen != null && !chosen.isBlank()) {
                return Paths.get(chosen.trim());
            }
        } catch (InvalidPathException e) {
            throw new InvalidInputException(CACHE_DIR_ENV + "='" + chosen + "' is not a valid path: set it to a folder or unset it");
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "dgm4j");
    }

    /** The cache file for a training set: variant, architecture version and a hash of images and labels. */
    public static Path cacheFile(String variant, Dataset train, Path cacheDir) {
        return cacheDir.resolve("digit-classifier-" + variant + "-v" + ARCHITECTURE_VERSION + "-" + hash(train) + ".pt");
    }

    /** The 128 features of each image: x [N, 1, 28, 28] with pixels in [0, 1] -> [N, 128]. */
    public Tensor features(Tensor x) {
        return classify(x).features();
    }

    /** The predicted class probabilities of each image: x [N, 1, 28, 28] in [0, 1] -> [N, 10]. */
    public Tensor probabilities(Tensor x) {
        return classify(x).probabilities();
    }

    /** Features [N, 128] and class probabilities [N, 10] in one pass, without gradients. */
    public record Outputs(Tensor features, Tensor probabilities) {
    }

    public Outputs classify(Tensor x) {
        long[] shape = Tensors.shape(x);
        if (shape.length != 4 || shape[1] != 1 || shape[2] != SIDE || shape[3] != SIDE) {
            throw new IllegalArgumentException("the digit classifier takes [N, 1, 28, 28], got " + Arrays.toString(shape));
        }
        long n = shape[0];
        Tensor features = torch.empty(n, FEATURES);
        Tensor probabilities = torch.empty(n, CLASSES);
        try (NoGradGuard guard = new NoGradGuard()) {
            for (long start = 0; start < n; start += CHUNK) {
                try (PointerScope scope = new PointerScope()) {
                    long len = Math.min(CHUNK, n - start);
                    Tensor h = hidden(x.narrow(0, start, len).to(torch.ScalarType.Float));
                    features.narrow(0, start, len).copy_(h);
                    probabilities.narrow(0, start, len).copy_(torch.softmax(logits(h), 1));
                }
            }
        }
        return new Outputs(features, probabilities);
    }

    /** The share of {@code test}'s labelled digits whose most probable class is the label. */
    public double accuracy(Dataset test) {
        checkTrainingData(test);
        try (PointerScope scope = new PointerScope()) {
            Tensor predicted = probabilities(images(test)).argmax(new org.bytedeco.pytorch.LongOptional(1), false);
            long[] predictions = new long[test.size()];
            predicted.to(torch.ScalarType.Long).contiguous().data_ptr_long().get(predictions);
            int correct = 0;
            for (int i = 0; i < predictions.length; i++) {
                if (predictions[i] == test.labels()[i]) {
                    correct++;
                }
            }
            return (double) correct / test.size();
        }
    }

    /** The images of an MNIST dataset as a tensor [N, 1, 28, 28]. */
    static Tensor images(Dataset data) {
        return Tensors.of(data.values(), data.size(), 1, SIDE, SIDE);
    }

    private Tensor hidden(Tensor x) {
        Tensor h = torch.max_pool2d(torch.relu(conv1.forward(x)), 2, 2);
        h = torch.max_pool2d(torch.relu(conv2.forward(h)), 2, 2);
        return torch.relu(torch.addmm(hiddenBias, h.flatten(1, -1), hiddenWeight));
    }

    private Tensor logits(Tensor hidden) {
        return torch.addmm(outputBias, hidden, outputWeight);
    }

    /** A freshly initialised classifier trained on {@code train}. */
    private static DigitClassifier trained(Dataset train) {
        DigitClassifier classifier = freshlyInitialised();
        classifier.train(train);
        return classifier;
    }

    /**
     * A classifier with its seeded initial weights. The global generator is restored afterwards,
     * so building metrics in the middle of a run does not change that run's random draws.
     */
    private static DigitClassifier freshlyInitialised() {
        Engine.ensureStarted();
        Tensor callersState = torch.getDefaultCPUGenerator().get_state();
        try {
            torch.manual_seed(SEED);
            return new DigitClassifier();
        } finally {
            torch.getDefaultCPUGenerator().set_state(callersState);
        }
    }

    private void train(Dataset train) {
        int n = train.size();
        int batchesPerEpoch = Batches.batchesPerEpoch(n, BATCH_SIZE, true);
        long steps = Math.min(MAX_STEPS, (long) EPOCHS * batchesPerEpoch);
        TrainingConfig config = TrainingConfig.builder(steps, BATCH_SIZE, LEARNING_RATE).seed(SEED).build();
        Optimization optimization = new Optimization(List.of(params.list()), config);
        Tensor images = images(train);
        long[] labels = Arrays.stream(train.labels()).asLongStream().toArray();
        int[] order = null;
        for (long step = 0; step < steps; step++) {
            int batch = (int) (step % batchesPerEpoch);
            if (batch == 0) {
                order = Batches.permutation(n, SEED, step / batchesPerEpoch);
            }
            try (PointerScope scope = new PointerScope()) {
                long[] indices = new long[BATCH_SIZE];
                long[] batchLabels = new long[BATCH_SIZE];
                for (int i = 0; i < BATCH_SIZE; i++) {
                    indices[i] = order[batch * BATCH_SIZE + i];
                    batchLabels[i] = labels[(int) indices[i]];
                }
                Tensor x = images.index_select(0, AbstractTensor.create(indices, BATCH_SIZE));
                Tensor loss = torch.cross_entropy(logits(hidden(x)), AbstractTensor.create(batchLabels, BATCH_SIZE));
                optimization.minimize(0, loss);
            }
        }
    }

    /** Written to a temporary file and renamed, so a crash mid-write never leaves a half file under the real name. */
    private void save(Path file) {
        Path temp = null;
        try {
            temp = AtomicFiles.createTempBeside(file);
            OutputArchive archive = new OutputArchive();
            params.save(archive);
            archive.save_to(temp.toString());
            AtomicFiles.replace(temp, file);
        } catch (IOException | RuntimeException e) {
            // The classifier is trained and usable; only the next process will have to train again.
            System.err.println("warning: could not cache the digit classifier at '" + file + "' ("
                    + firstLine(e) + "); set " + CACHE_DIR_ENV + " to a writable folder");
        } finally {
            if (temp != null) {
                AtomicFiles.deleteQuietly(temp);
            }
        }
    }

    /** The cached classifier, or null when the file cannot be read as one (it is then retrained and overwritten). */
    static DigitClassifier tryLoad(Path file) {
        DigitClassifier classifier = freshlyInitialised();
        try {
            InputArchive archive = new InputArchive();
            archive.load_from(file.toString());
            classifier.params.load(archive, file.toString());
            return classifier;
        } catch (RuntimeException e) {
            System.err.println("warning: cached digit classifier '" + file + "' is unreadable ("
                    + firstLine(e) + "); training a new one");
            return null;
        }
    }

    /** libtorch's messages carry a native stack trace after the first line; a warning needs only the first. */
    private static String firstLine(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("").trim();
    }

    private static void checkTrainingData(Dataset data) {
        if (data.labels() == null || !Arrays.equals(data.exampleShape(), new int[] {1, SIDE, SIDE})) {
            throw new IllegalArgumentException("the digit classifier needs labelled [1, 28, 28] digits, got " + data);
        }
    }

    /** SHA-256 of the example count, pixels and labels, first 16 hex digits: enough to tell training sets apart. */
    private static String hash(Dataset train) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(train.size());
            for (float v : train.values()) {
                if (buffer.remaining() < Float.BYTES) {
                    digest.update(buffer.flip());
                    buffer.clear();
                }
                buffer.putFloat(v);
            }
            for (int label : train.labels()) {
                if (buffer.remaining() < Integer.BYTES) {
                    digest.update(buffer.flip());
                    buffer.clear();
                }
                buffer.putInt(label);
            }
            digest.update(buffer.flip());
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
