package io.dgm4j.run;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.Dataset;
import io.dgm4j.eval.LatentInterpolation;
import io.dgm4j.eval.TemperatureSampling;
import io.dgm4j.models.ClassConditional;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentDecoder;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.tensor.Engine;
import io.dgm4j.report.ImageGrid;
import io.dgm4j.tensor.Tensors;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Pictures drawn from a model of image data ({1, H, W} or {3, H, W}): sample grids and latent
 * interpolations, for training runs (snapshots, end of run) and for the sample and interpolate
 * commands alike. Works through GenerativeModel, LatentSpace and LatentDecoder only, so every family gets them.
 */
public final class ModelPictures {
    /** Samples in a grid: 8x8. */
    static final int GRID_SAMPLES = 64;
    /** A conditional model's grid: a row of 8 for each class. */
    static final int CLASS_ROW = 8;
    /** The end-of-run interpolations.png: 4 linear paths of 8 steps, as `interpolate` draws by default. */
    public static final int INTERPOLATION_PAIRS = 4;
    public static final int INTERPOLATION_STEPS = 8;
    public static final long INTERPOLATION_SEED = 0;

    private ModelPictures() {
    }

    /** n samples ({@code temperature} null: the model's own sampler; else the prior's base noise scaled by T, mapped and decoded). */
    public static float[] samples(GenerativeModel model, int n, Double temperature) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            return Tensors.toFloats(draw(model, n, temperature));
        }
    }

    /**
     * Samples drawn per batch when many are asked for: about 100k values, at most 10k rows (2-D points), so
     * that memory stays bounded whatever the count (a model's activations for one batch of digits already take
     * hundreds of MB).
     */
    public static int batchRows(int d) {
        return Math.max(1, Math.min(10_000, 100_000 / d));
    }

    /**
     * n samples of {@code d} values each, drawn {@link #batchRows} at a time by {@code draw} (given a count) and
     * handed to {@code sink} in order. Every batch continues the one random stream, so the whole draw flows from
     * the seed set before; a count that fits in one batch is the very draw of one call.
     */
    public static void inBatches(long n, int d, IntFunction<float[]> draw, Consumer<float[]> sink) {
        int batch = batchRows(d);
        for (long done = 0; done < n; done += batch) {
            sink.accept(draw.apply((int) Math.min(batch, n - done)));
        }
    }

    /** As {@link #inBatches}, gathered into one array (n * d values: for counts a picture can show). */
    public static float[] allInBatches(int n, int d, IntFunction<float[]> draw) {
        float[] values = new float[Math.multiplyExact(n, d)];
        int[] filled = {0};
        inBatches(n, d, draw, batch -> {
            System.arraycopy(batch, 0, values, filled[0], batch.length);
            filled[0] += batch.length;
        });
        return values;
    }

    /** As {@link #samples}, as a tensor in the caller's scope (and grad mode). */
    private static Tensor draw(GenerativeModel model, long n, Double temperature) {
        return temperature == null ? model.sample(n) : TemperatureSampling.samples((LatentDecoder) model, n, temperature);
    }

    /** A --temperature value, checked before any work: null (not given), or finite and > 0. */
    public static void checkTemperature(Double temperature) {
        if (temperature != null && !(temperature > 0 && Double.isFinite(temperature))) {
            throw new InvalidInputException("--temperature must be a finite number > 0 (got " + temperature
                    + "): e.g. --temperature 0.7; 1 samples the model as trained");
        }
    }

    /** A --temperature needs a latent prior to scale. */
    public static void checkTemperature(Double temperature, GenerativeModel model, String modelName) {
        if (temperature != null && !(model instanceof LatentDecoder)) {
            throw new InvalidInputException("--temperature needs a model with a latent prior, and model '"
                    + modelName + "' has none: drop --temperature");
        }
    }

    /** n samples as a near-square grid PNG; a conditional model's as {@link #CLASS_ROW} samples of each class per row. */
    static void sampleGrid(GenerativeModel model, int n, Double temperature, Path png) {
        if (model instanceof ClassConditional conditional && conditional.classes() > 0) {
            int perClass = CLASS_ROW * model.eventShape()[0] * model.eventShape()[1] * model.eventShape()[2];
            float[] values = new float[conditional.classes() * perClass];
            for (int k = 0; k < conditional.classes(); k++) {
                System.arraycopy(samples(conditional.ofClass(k), CLASS_ROW, temperature), 0, values, k * perClass, perClass);
            }
            new ImageGrid(values, model.eventShape()).write(png, CLASS_ROW);
            return;
        }
        new ImageGrid(samples(model, n, temperature), model.eventShape()).write(png, ImageGrid.squareColumns(n));
    }

    /** n samples of one class ({@code temperature} null: T = 1, the model's own sampling). */
    public static float[] samples(LatentDecoder classDecoder, int n, Double temperature) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            return Tensors.toFloats(TemperatureSampling.samples(classDecoder, n, temperature == null ? 1 : temperature));
        }
    }

    /**
     * The decoder of class {@code label} of a conditional model, checked (--label); null where no label was
     * given.
     */
    public static LatentDecoder labelled(Integer label, GenerativeModel model, String modelName) {
        if (label == null) {
            return null;
        }
        if (!(model instanceof ClassConditional conditional) || conditional.classes() == 0) {
            throw new InvalidInputException("--label picks the class of a conditional model (cgan), and model '"
                    + modelName + "' draws without labels: drop --label");
        }
        if (label < 0 || label >= conditional.classes()) {
            throw new InvalidInputException("--label must lie in 0.." + (conditional.classes() - 1) + ", the classes of "
                    + "this run (got " + label + ")");
        }
        return conditional.ofClass(label);
    }

    /**
     * {@code count} distinct examples of {@code data} chosen by {@code seed}: the end points of
     * interpolations. The same seed picks the same examples, so `interpolate` with its defaults
     * redraws a run's interpolations.png.
     */
    public static Dataset pick(Dataset data, int count, long seed) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(order.length - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return data.select(java.util.Arrays.copyOf(order, count));
    }

    /**
     * Decoded linear paths from example p to example pairs + p of {@code ends} (2 * pairs
     * examples): [pairs * steps] rows, path by path.
     */
    public static float[] linearPaths(LatentSpace model, Dataset ends, int steps) {
        try (PointerScope scope = new PointerScope()) {
            Tensor points = RunArtifacts.tensor(ends);
            long pairs = ends.size() / 2;
            Tensor from = points.narrow(0, 0, pairs);
            Tensor to = points.narrow(0, pairs, pairs);
            return Tensors.toFloats(LatentInterpolation.linearPaths(model, from, to, steps));
        }
    }

    /**
     * For a model without an encoder (a GAN): decoded linear paths between latent draws, which
     * {@code seed} picks (so `interpolate` with its defaults redraws a run's interpolations.png), or
     * the spherical grid through four draws: [pairs * steps] or [steps * steps] rows.
     */
    public static float[] betweenDraws(LatentDecoder model, boolean linear, int pairs, int steps, long seed) {
        try (PointerScope scope = new PointerScope()) {
            Engine.seed(seed);
            return Tensors.toFloats(linear ? LatentInterpolation.linearPathsBetweenDraws(model, pairs, steps)
                    : LatentInterpolation.sphericalGridBetweenDraws(model, steps));
        }
    }

    /** The decoded spherical grid through 4 examples: [steps * steps] rows, row-major over (phi, phi'). */
    public static float[] sphericalGrid(LatentSpace model, Dataset four, int steps) {
        try (PointerScope scope = new PointerScope()) {
            return Tensors.toFloats(LatentInterpolation.sphericalGrid(model, RunArtifacts.tensor(four), steps));
        }
    }
}
