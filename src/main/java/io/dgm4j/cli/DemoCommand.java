package io.dgm4j.cli;

import io.dgm4j.run.Experiment;
import io.dgm4j.data.Batches;
import io.dgm4j.data.DataOptions;
import io.dgm4j.data.LoadedData;
import io.dgm4j.data.ToyDatasets;
import io.dgm4j.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train RealNVP on two moons and write a report.",
                "Takes about 20 s on 2 cores. The report shows data vs samples, the learned",
                "density, the data in latent space and the loss curves."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/demo-<n>, a new one each time).")
    Path out;

    @Option(names = "--steps", paramLabel = "N", description = "Training steps (default: ${DEFAULT-VALUE}).")
    long steps = 2000;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Override
    public Integer call() {
        PathArgs.folder("--out", out);
        engine.start();
        DataOptions data = new DataOptions(10_000, 2_000, 0, ToyDatasets.DEFAULT_NOISE, null, false, 0.1);
        LoadedData loaded = Experiment.loadData("moons", data);
        int perEpoch = Batches.batchesPerEpoch(loaded.split().train().size(), 256, true);
        TrainingConfig training = TrainingConfig.builder(steps, 256, 2e-3).schedule("cosine")
                .evalEvery(4L * perEpoch).build();
        Map<String, String> architecture = Map.of("layers", "6", "hidden", "64", "depth", "2");
        new Experiment(System.out, System.err).start(out != null ? out : freshFolder(), "realnvp", architecture,
                "moons", data, loaded, training);
        return 0;
    }

    private static Path freshFolder() {
        for (int i = 1; ; i++) {
            Path p = Path.of("runs", "demo-" + i);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }
}
