package io.dgm4j.cli;

import com.google.gson.GsonBuilder;
import io.dgm4j.InvalidInputException;
import io.dgm4j.data.CsvDataset;
import io.dgm4j.data.DataOptions;
import io.dgm4j.data.DataSources;
import io.dgm4j.data.Dataset;
import io.dgm4j.data.Mnist;
import io.dgm4j.data.ToyDatasets;
import io.dgm4j.data.TrainTestSplit;
import io.dgm4j.eval.DigitClassifier;
import io.dgm4j.eval.SampleQuality;
import io.dgm4j.tensor.Tensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score samples in a CSV file with the sample metrics of their data.",
                "Samples written by anything (a dgm4j run, a Python reference) are judged",
                "alike; one 'name: value' line per metric, then the sample count.",
                "8gaussians, 25gaussians, rings: modes_covered (modes holding at least a",
                "fifth of their fair share of samples within 3 std of the centre) and",
                "hq_fraction (share of samples within 3 std of their nearest mode).",
                "mnist, mnist10k, judged by a digit classifier trained once on the training",
                "split and cached in $" + DigitClassifier.CACHE_DIR_ENV + ", else ~/.cache/dgm4j:",
                "frechet_distance (FID-style, in the classifier's features, against the",
                "held-out split; not comparable with published FIDs, larger for fewer",
                "samples), class_coverage (share of digits predicted for at least 1%% of",
                "the samples), class_entropy (nats; log 10 = 2.303 for balanced digits).",
                "The CSV file holds one sample per row, an optional header line, in data",
                "units: 784 pixels in [0, 1] per row for MNIST, 2 columns for 2-D data.",
                "Example: dgm4j score --samples samples.csv --data 25gaussians"})
final class ScoreCommand implements Callable<Integer> {
    /** How far outside [0, 1] a pixel may stray (float round-off of a sigmoid or (tanh + 1) / 2) before it is an error. */
    private static final double PIXEL_TOLERANCE = 1e-3;

    @Option(names = "--samples", required = true, paramLabel = "CSV", description = "Samples to score, one per row.")
    Path samples;

    @Option(names = "--data", required = true, paramLabel = "NAME",
            description = "The data the samples imitate: 8gaussians, 25gaussians, rings, mnist or mnist10k.")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the MNIST IDX files (default: $DGM4J_DATA_DIR, else ./data/mnist).")
    String dataDir;

    @Option(names = "--json", description = "Print one JSON object instead of name: value lines.")
    boolean json;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Override
    public Integer call() {
        if (!SampleQuality.hasMetrics(data)) {
            throw new InvalidInputException("data '" + data + "' has no sample metrics: choose one of "
                    + String.join(", ", SampleQuality.dataWithMetrics()));
        }
        Dataset rows = CsvDataset.read(samples);
        engine.start();
        DataOptions options = new DataOptions(DataOptions.DEFAULT_TRAIN_SIZE, DataOptions.DEFAULT_TEST_SIZE, 0L,
                ToyDatasets.DEFAULT_NOISE, dataDir, false, DataOptions.DEFAULT_TEST_FRACTION);
        TrainTestSplit split = DataSources.load(data, options).split();
        int[] shape = split.test().exampleShape();
        checkSamples(rows, split.test().dimension());
        long[] samplesShape = new long[shape.length + 1];
        samplesShape[0] = rows.size();
        for (int i = 0; i < shape.length; i++) {
            samplesShape[i + 1] = shape[i];
        }
        Map<String, Object> result = new LinkedHashMap<>(
                SampleQuality.forData(data, options.noise(), split).measure(Tensors.of(rows.values(), samplesShape)));
        result.put("samples", rows.size());
        if (json) {
            System.out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(result));
        } else {
            result.forEach((name, value) -> System.out.println(name + ": " + value));
        }
        return 0;
    }

    private void checkSamples(Dataset rows, int width) {
        if (rows.dimension() != width) {
            throw new InvalidInputException("samples file '" + samples + "' has " + rows.dimension() + " columns, but "
                    + data + " examples have " + width + ": write one sample per row with " + width + " values"
                    + (Mnist.isMnist(data) ? " (the 28x28 pixels, row by row)" : ""));
        }
        if (Mnist.isMnist(data)) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : rows.values()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (min < -PIXEL_TOLERANCE || max > 1 + PIXEL_TOLERANCE) {
                throw new InvalidInputException("samples file '" + samples + "' has pixel values from " + min + " to " + max
                        + ", but MNIST pixels are in [0, 1]: " + (max > 2 ? "divide 8-bit values by 255"
                                : "map tanh outputs x to (x + 1) / 2") + " before writing them");
            }
        }
    }
}
