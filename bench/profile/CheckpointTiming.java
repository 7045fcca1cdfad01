import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.pytorch.global.torch;

/**
 * What a checkpoint costs: Checkpoint.save and Checkpoint.load of one and ten million float32 weights
 * (the model's tensors alone, one thread), medians of 9 after 2 of warm-up. Run by bench/checkpoint_timing.sh.
 */
public class CheckpointTiming {
    private static final int WARMUP = 2;
    private static final int REPEATS = 9;

    public static void main(String[] args) throws Exception {
        Engine.start(1);
        Path dir = Files.createTempDirectory("checkpoint-timing");
        for (long weights : new long[] {1_000_000, 10_000_000}) {
            Parameters parameters = new Parameters();
            parameters.add("w", torch.randn(weights));
            Path file = dir.resolve("model-" + weights + ".pt");
            double[] save = new double[REPEATS];
            double[] load = new double[REPEATS];
            for (int i = -WARMUP; i < REPEATS; i++) {
                long t0 = System.nanoTime();
                Checkpoint.save(file, parameters, null, 1);
                long t1 = System.nanoTime();
                Checkpoint.load(file, parameters, null);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    save[i] = (t1 - t0) / 1e6;
                    load[i] = (t2 - t1) / 1e6;
                }
            }
            System.out.printf("%,d weights, %,d bytes: save %.1f ms, load %.1f ms%n", weights, Files.size(file),
                    median(save), median(load));
            Files.delete(file);
        }
        Files.delete(dir);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
