package io.dgm4j.run;

import io.dgm4j.data.CsvDataset;
import io.dgm4j.data.Dataset;
import io.dgm4j.eval.DensityGrid;
import io.dgm4j.eval.ImportanceSampling;
import io.dgm4j.eval.ImportanceWeightedBound;
import io.dgm4j.eval.Likelihood;
import io.dgm4j.eval.SampleQuality;
import io.dgm4j.models.BinarisedInput;
import io.dgm4j.models.ClassConditional;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentDecoder;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.models.LatentVariableModel;
import io.dgm4j.report.ImageGrid;
import io.dgm4j.report.Plots;
import io.dgm4j.models.SamplesWithLogProb;
import io.dgm4j.targets.ToyEnergy;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.RunFolder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import java.util.Locale;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The files a finished run leaves for its report: data.csv, samples.csv and density.csv (2-D
 * data); latent.csv (a 2-D latent space: held-out codes, with their labels when the data has
 * them); samples.png and interpolations.png (image data), plus reconstructions.png and, for a
 * 2-D latent, manifold.png (latent variable models of images); and summary.json with the
 * held-out figures (a flow's NLL, a VAE's ELBO). For a run fitted to a target energy, see
 * {@link #writeForTarget}.
 */
public final class RunArtifacts {
    public static final int SHOWN_POINTS = 2000;
    static final int SNAPSHOT_POINTS = 500;
    public static final int DENSITY_RESOLUTION = 150;
    public static final double DENSITY_MARGIN = 0.25;

    private RunArtifacts() {
    }

    static Map<String, Object> write(RunFolder run, GenerativeModel model, Dataset train, Dataset test, long seed,
                                     Map<String, Object> trainingFigures) {
        Map<String, Object> summary = new LinkedHashMap<>(trainingFigures);
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            int d = train.dimension();
            Dataset shown = train.subset(0, Math.min(SHOWN_POINTS, train.size()));
            Engine.seed(seed + 1);
            if (d == 2) {
                // The report plots data, samples and latent points as x,y scatter plots: 2-D data only.
                writeCsv(run.file("samples.csv"), Tensors.toFloats(model.sample(SHOWN_POINTS)), d);
                writeCsv(run.file("data.csv"), shown.values(), d);
            }
            Dataset heldOut = test.size() > 0 ? test : train;
            if (model instanceof LatentSpace latent && heldOut.size() > 0 && isPlane(latent, heldOut)) {
                writeLatent(run.file("latent.csv"), latent, heldOut.subset(0, Math.min(SHOWN_POINTS, heldOut.size())));
            }
            if (ImageGrid.isImageShape(train.exampleShape())) {
                writePictures(run, model, test.size() >= 2 * ModelPictures.INTERPOLATION_PAIRS ? test : train);
                if (model instanceof LatentVariableModel && model instanceof LatentSpace latent) {
                    writeLatentPictures(run, latent, heldOut);
                }
            }
            if (model instanceof ExactLogDensity density && test.size() > 0) {
                double nll = Likelihood.meanNll(density, BinarisedInput.forEvaluation(model, tensor(test)));
                summary.put("val_nll_nats", nll);
                summary.put("val_bits_per_dim", Likelihood.bitsPerDim(nll, d));
            }
            if (model instanceof LatentVariableModel latent && test.size() > 0) {
                summary.put("val_elbo_nats", new ImportanceWeightedBound().meanElbo(latent,
                        latent.evaluationData(tensor(test))));
            }
            // A model of binary data has no density between the corners of the square: no heat map.
            if (model instanceof ExactLogDensity density && d == 2 && !(model instanceof BinarisedInput)) {
                writeDensity(run.file("density.csv"),
                        DensityGrid.covering(density, train.values(), DENSITY_MARGIN, DENSITY_RESOLUTION));
            }
        }
        if (model instanceof ClassConditional conditional && conditional.classes() > 0) {
            summary.put("classes", conditional.classes());
        }
        summary.put("parameters", model.parameters().count());
        run.writeJson("summary.json", summary);
        return summary;
    }

    /** Samples per class behind label_confusion.png. */
    static final int CONFUSION_SAMPLES = 100;

    /**
     * label_confusion.png: for each class of a conditional model, the shares of {@link #CONFUSION_SAMPLES}
     * samples drawn with that label that the data's classifier reads as each digit (the diagonal is the
     * label accuracy per class). Drawn from their own seed.
     */
    static void writeLabelConfusion(RunFolder run, ClassConditional model, SampleQuality quality, long seed) {
        double[][] shares = new double[model.classes()][];
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            Engine.seed(seed + 2);
            for (int k = 0; k < shares.length; k++) {
                LatentDecoder ofClass = model.ofClass(k);
                int[] counts = quality.digitCounts(ofClass.decode(ofClass.sampleLatent(CONFUSION_SAMPLES)));
                shares[k] = new double[counts.length];
                for (int j = 0; j < counts.length; j++) {
                    shares[k][j] = (double) counts[j] / CONFUSION_SAMPLES;
                }
            }
        }
        Plots.confusionMatrix(run.file("label_confusion.png"), "What the digit classifier reads in "
                + CONFUSION_SAMPLES + " samples per label", "digit read", "label drawn with", shares);
    }

    /**
     * samples_by_label.png (2-D data): {@link #SHOWN_POINTS} samples of a conditional model, as many drawn with
     * each label, coloured by that label. Drawn from their own seed.
     */
    static void writeSamplesByLabel(RunFolder run, ClassConditional model, long seed) {
        int perClass = Math.max(1, SHOWN_POINTS / model.classes());
        int n = perClass * model.classes();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] labels = new double[n];
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            Engine.seed(seed + 2);
            for (int k = 0; k < model.classes(); k++) {
                LatentDecoder ofClass = model.ofClass(k);
                float[] xy = Tensors.toFloats(ofClass.decode(ofClass.sampleLatent(perClass)));
                for (int i = 0; i < perClass; i++) {
                    int row = k * perClass + i;
                    x[row] = xy[2 * i];
                    y[row] = xy[2 * i + 1];
                    labels[row] = k;
                }
            }
        }
        Plots.labelledScatter(run.file("samples_by_label.png"), "Samples by the label they were drawn with",
                "x", "y", x, y, labels);
    }

    /** Samples drawn at the end of a target run to estimate its reverse KL, ESS and log Z for summary.json. */
    public static final int IMPORTANCE_SAMPLES = 20_000;

    /**
     * The files of a run fitted to a target energy: samples.csv, target_density.csv (exp(-U) normalised
     * numerically on a grid over the target's box: the model's density at given points is unknown for
     * planar and radial flows), density.csv when the model has one, and summary.json with reverse_kl
     * (E_q[log q + U], the KL up to -log Z), ess and log_z from {@link #IMPORTANCE_SAMPLES} samples.
     */
    static Map<String, Object> writeForTarget(RunFolder run, GenerativeModel model, ToyEnergy target, long seed,
                                              Map<String, Object> trainingFigures) {
        Map<String, Object> summary = new LinkedHashMap<>(trainingFigures);
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            Engine.seed(seed + 1);
            writeCsv(run.file("samples.csv"), Tensors.toFloats(model.sample(SHOWN_POINTS)), target.dimension());
            double[] box = target.box();
            writeDensity(run.file("target_density.csv"), DensityGrid.evaluate(x -> target.energy(x).neg(),
                    box[0], box[1], box[2], box[3], DENSITY_RESOLUTION, DENSITY_RESOLUTION).normalised());
            if (model instanceof ExactLogDensity density) {
                writeDensity(run.file("density.csv"), DensityGrid.evaluate(density, box[0], box[1], box[2], box[3],
                        DENSITY_RESOLUTION, DENSITY_RESOLUTION));
            }
            ImportanceSampling e = ImportanceSampling.estimate((SamplesWithLogProb) model, target, IMPORTANCE_SAMPLES);
            summary.put("reverse_kl", e.reverseKl());
            summary.put("reverse_kl_se", e.reverseKlError());
            summary.put("ess", e.ess());
            summary.put("log_z", e.logZ());
            summary.put("log_z_se", e.logZError());
            summary.put("importance_samples", e.samples());
        }
        summary.put("parameters", model.parameters().count());
        run.writeJson("summary.json", summary);
        return summary;
    }

    /**
     * samples.png (a grid of samples) and, for models with a latent space, interpolations.png:
     * linear paths between held-out examples, the picture `interpolate` draws with its defaults.
     */
    private static void writePictures(RunFolder run, GenerativeModel model, Dataset points) {
        ModelPictures.sampleGrid(model, ModelPictures.GRID_SAMPLES, null, run.file("samples.png"));
        int ends = 2 * ModelPictures.INTERPOLATION_PAIRS;
        float[] paths = null;
        if (model instanceof LatentSpace latent && points.size() >= ends) {
            Dataset chosen = ModelPictures.pick(points, ends, ModelPictures.INTERPOLATION_SEED);
            paths = ModelPictures.linearPaths(latent, chosen, ModelPictures.INTERPOLATION_STEPS);
        } else if (!(model instanceof LatentSpace) && model instanceof LatentDecoder decoder) {
            paths = ModelPictures.betweenDraws(decoder, true, ModelPictures.INTERPOLATION_PAIRS,
                    ModelPictures.INTERPOLATION_STEPS, ModelPictures.INTERPOLATION_SEED);
        }
        if (paths != null) {
            new ImageGrid(paths, model.eventShape()).write(run.file("interpolations.png"), ModelPictures.INTERPOLATION_STEPS);
        }
    }

    /**
     * Whether the model's latent codes are points in the plane, [N, 2] (the report draws them as a
     * scatter): asked of the code of one example, which draws no random numbers (sampleLatent would,
     * and change the pictures drawn after it).
     */
    private static boolean isPlane(LatentSpace model, Dataset data) {
        Tensor z = model.encode(tensor(data.subset(0, 1)));
        return z.dim() == 2 && z.size(1) == 2;
    }

    /** latent.csv: the codes of {@code points} as x,y, and their label when the data is labelled. */
    private static void writeLatent(Path file, LatentSpace model, Dataset points) {
        float[] codes = Tensors.toFloats(model.encode(tensor(points)));
        int[] labels = points.labels();
        if (labels == null) {
            writeCsv(file, codes, 2);
            return;
        }
        float[] rows = new float[3 * points.size()];
        for (int i = 0; i < points.size(); i++) {
            rows[3 * i] = codes[2 * i];
            rows[3 * i + 1] = codes[2 * i + 1];
            rows[3 * i + 2] = labels[i];
        }
        CsvDataset.write(file, new String[] {"x", "y", "label"}, Dataset.tabular("latent", rows, 3));
    }

    /**
     * reconstructions.png (held-out examples, each row followed by its reconstructions) and, for a
     * 2-D latent, manifold.png (the decoder means over a grid of z).
     */
    private static void writeLatentPictures(RunFolder run, LatentSpace model, Dataset heldOut) {
        int shown = Math.min(LatentPictures.RECONSTRUCTED, heldOut.size())
                / LatentPictures.RECONSTRUCTION_COLUMNS * LatentPictures.RECONSTRUCTION_COLUMNS;
        if (shown > 0) {
            new ImageGrid(LatentPictures.reconstructions(model, heldOut.subset(0, shown)), heldOut.exampleShape())
                    .write(run.file("reconstructions.png"), LatentPictures.RECONSTRUCTION_COLUMNS);
        }
        if (isPlane(model, heldOut)) {
            int steps = LatentPictures.MANIFOLD_STEPS;
            new ImageGrid(LatentPictures.manifold(model, steps), heldOut.exampleShape())
                    .write(run.file("manifold.png"), steps);
        }
    }

    /**
     * samples/step-NNNNNNN.csv (2-D data) or .png (the grid of samples.png): samples at an evaluation,
     * for the report's "samples during training". Drawn from their own seed, with libtorch's
     * generator state restored afterwards, so that taking snapshots changes nothing about the
     * training (exact resume stays exact).
     */
    static void writeSnapshot(RunFolder run, GenerativeModel model, long seed, long step) {
        Generator generator = torch.getDefaultCPUGenerator();
        boolean image = ImageGrid.isImageShape(model.eventShape());
        Path file = run.dir().resolve("samples").resolve(String.format(Locale.ROOT, "step-%07d.%s", step, image ? "png" : "csv"));
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            Tensor state = generator.get_state();
            try {
                Engine.seed(seed + 1 + step);
                if (image) {
                    ModelPictures.sampleGrid(model, ModelPictures.GRID_SAMPLES, null, file);
                } else {
                    writeCsv(file, ModelPictures.samples(model, SNAPSHOT_POINTS, null), 2);
                }
            } finally {
                generator.set_state(state);
            }
        }
    }

    /** The examples' labels as an int64 tensor [N], or null for unlabelled data. */
    public static Tensor labels(Dataset d) {
        int[] labels = d.labels();
        if (labels == null) {
            return null;
        }
        long[] values = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = labels[i];
        }
        return AbstractTensor.create(values, values.length);
    }

    public static Tensor tensor(Dataset d) {
        long[] shape = new long[d.exampleShape().length + 1];
        shape[0] = d.size();
        for (int i = 0; i < d.exampleShape().length; i++) {
            shape[i + 1] = d.exampleShape()[i];
        }
        return Tensors.of(d.values(), shape);
    }

    public static void writeCsv(Path file, float[] values, int d) {
        CsvDataset.write(file, columnNames(d), Dataset.tabular(file.getFileName().toString(), values, d));
    }

    public static void writeDensity(Path file, DensityGrid grid) {
        int n = grid.logDensity().length;
        float[] rows = new float[n * 3];
        int nx = grid.xs().length;
        for (int k = 0; k < n; k++) {
            rows[3 * k] = (float) grid.xs()[k % nx];
            rows[3 * k + 1] = (float) grid.ys()[k / nx];
            rows[3 * k + 2] = (float) grid.logDensity()[k];
        }
        CsvDataset.write(file, new String[] {"x", "y", "log_density"}, Dataset.tabular("density", rows, 3));
    }

    /** x,y for points in the plane, else x0, x1, ... */
    public static String[] columnNames(int d) {
        if (d == 2) {
            return new String[] {"x", "y"};
        }
        String[] names = new String[d];
        Arrays.setAll(names, i -> "x" + i);
        return names;
    }
}
