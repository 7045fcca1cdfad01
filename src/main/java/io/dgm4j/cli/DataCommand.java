package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.CsvDataset;
import io.dgm4j.data.DataSources;
import io.dgm4j.data.Dataset;
import io.dgm4j.data.LoadedData;
import io.dgm4j.run.Experiment;
import io.dgm4j.run.RunArtifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Write a dataset's training or held-out split to CSV.",
                "Useful to train another tool on exactly the same points.",
                "Example: dgm4j data --data moons --split test --out moons-test.csv"})
final class DataCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "NAME|CSV", description = "Dataset name or .csv file.")
    String data;

    @Option(names = "--split", paramLabel = "train|test", description = "Which part (default: ${DEFAULT-VALUE}).")
    String split = "train";

    @Option(names = "--seed", paramLabel = "N", description = "Seed, as given to train (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV file.")
    Path out;

    @Mixin
    DataArgs dataArgs = new DataArgs();

    @Mixin
    ReplaceOption replace = new ReplaceOption();

    @Override
    public Integer call() {
        PathArgs.outputFile("--out", out, ".csv");
        if (Files.exists(out) && Files.exists(Path.of(data)) && sameFile(out, Path.of(data))) {
            throw new InvalidInputException("--out " + out + " is the --data file itself, which the split would replace: "
                    + "give another --out");
        }
        if (!split.equals("train") && !split.equals("test")) {
            throw new InvalidInputException("--split must be train or test (got '" + split + "')");
        }
        replace.check(out);
        dataArgs.ignoredOptions(data).forEach(System.err::println);
        // DataSources.load, not Experiment.loadData: --standardize applies to the written values.
        LoadedData loaded = DataSources.load(data, dataArgs.toOptions(seed));
        Dataset d = split.equals("train") ? loaded.split().train() : loaded.split().test();
        CsvDataset.write(out, header(d), d);
        System.out.println("wrote " + d.size() + " rows of " + d.dimension() + " features"
                + (d.labels() != null ? " and a label" : "") + " to " + out);
        return 0;
    }

    /**
     * x, y for 2-D data, else none; labelled data's labels in a last column named label, after the
     * columns named as sample names them (x0, x1, ...), so that the two kinds of file line up.
     */
    private static String[] header(Dataset d) {
        if (d.labels() == null) {
            return d.dimension() == 2 ? RunArtifacts.columnNames(2) : null;
        }
        String[] names = RunArtifacts.columnNames(d.dimension());
        String[] withLabel = Arrays.copyOf(names, names.length + 1);
        withLabel[names.length] = CsvDataset.LABEL_COLUMN;
        return withLabel;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
