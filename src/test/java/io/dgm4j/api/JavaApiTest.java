package io.dgm4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.data.DataOptions;
import io.dgm4j.data.LoadedData;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.ModelRegistry;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.run.Experiment;
import io.dgm4j.targets.Target;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.ProgressBar;
import io.dgm4j.train.ReverseKl;
import io.dgm4j.train.RunFolder;
import io.dgm4j.train.RunModels;
import io.dgm4j.train.Trainer;
import io.dgm4j.train.TrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API as the README's "Java API" section shows it, from a package of its own, so that
 * everything it uses is public: a whole run as `dgm4j train` makes it, the trained model loaded
 * back, and a flow fitted to a user's own energy by reverse KL.
 */
class JavaApiTest {
    @TempDir
    Path tmp;

    @Test
    void aRunTrainsLoadsSamplesAndScoresDensities() {
        DataOptions dataOptions = new DataOptions(500, 200, 0, -1, null, false, DataOptions.DEFAULT_TEST_FRACTION);
        LoadedData moons = Experiment.loadData("moons", dataOptions);
        TrainingConfig training = TrainingConfig.builder(30, 64, 1e-3).build();
        Path dir = tmp.resolve("moons");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Map<String, Object> summary = new Experiment(quiet, quiet)
                .start(dir, "realnvp", Map.of("layers", "2", "hidden", "16"), "moons", dataOptions, moons, training);
        assertTrue(Double.isFinite((Double) summary.get("val_nll_nats")), summary.toString());
        assertTrue(Files.isRegularFile(dir.resolve("report.html")));

        GenerativeModel model = RunModels.load(RunFolder.open(dir));
        Tensor x = model.sample(100);
        assertEquals(200, Tensors.toFloats(x).length, "100 points of 2 coordinates");
        double meanNll = -((ExactLogDensity) model).logProb(x).mean().item_double();
        assertTrue(Double.isFinite(meanNll), "NLL of its own samples " + meanNll);
    }

    /** U(x) = |x - (1, -2)|^2 / 2: a unit Gaussian about (1, -2), which a RealNVP fits by reverse KL. */
    record ShiftedGaussian() implements Target {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public Tensor energy(Tensor x) {
            Tensor centre = Tensors.of(new float[] {1, -2}, 1, 2);
            return x.sub(centre).square().sum(new long[] {1}, false, new ScalarTypeOptional())
                    .mul(new Scalar(0.5));
        }
    }

    @Test
    void aFlowFitsAUserSuppliedEnergyByReverseKl() {
        Flow flow = (Flow) ModelRegistry.get("realnvp")
                .create(new ModelOptions(Map.of("layers", "4", "hidden", "32")), new int[] {2});
        TrainingConfig training = TrainingConfig.builder(300, 256, 5e-3).schedule("cosine").build();
        RunFolder run = RunFolder.create(tmp.resolve("own-energy"));
        ReverseKl objective = new ReverseKl(flow, new ShiftedGaussian(), 256);
        Trainer.Result result = new Trainer(run, training, objective, flow.parameters(), ProgressBar.silent())
                .fit(null, null, false);
        // log Z of the unnormalised unit Gaussian is log(2 pi); val_reverse_kl is KL - log Z (measured: 3e-4).
        double kl = result.lastMetrics().get("val_reverse_kl") + Math.log(2 * Math.PI);
        assertTrue(kl < 0.01, "KL(q || p) after 300 steps: " + kl);
        float[] mean = Tensors.toFloats(flow.sampleWithLogProb(20_000).values().mean(
                new long[] {0}, false, new ScalarTypeOptional()));
        assertEquals(1.0, mean[0], 0.1, "mean x");
        assertEquals(-2.0, mean[1], 0.1, "mean y");
    }
}
