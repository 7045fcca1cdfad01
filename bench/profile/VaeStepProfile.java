import io.dgm4j.data.Binarisation;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.vae.Vae;
import io.dgm4j.models.vae.VaeFamily;
import io.dgm4j.tensor.Engine;
import io.dgm4j.train.Optimization;
import io.dgm4j.train.TrainingConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Where a training step of the mnist10k VAE (784-400-20, batch 128, one thread) spends its time:
 * the step's phases through dgm4j's own classes, then the kernels that dominate them in isolation.
 * Random intensities stand in for MNIST (the cost does not depend on the values). Run by
 * bench/vae_step_profile.sh; medians over 300 repetitions after 50 of warm-up.
 */
public class VaeStepProfile {
    private static final int WARMUP = 50;
    private static final int REPEATS = 300;

    public static void main(String[] args) {
        Engine.start(1);
        Engine.seed(0);
        Vae model = (Vae) VaeFamily.vae().create(new ModelOptions(Map.of()), new int[] {1, 28, 28});
        Tensor data = torch.rand(8000, 784);
        TrainingConfig config = new TrainingConfig(1, 128, 1e-3, "adam", 0, "constant", 0, 0, 0, 1);
        Optimization optimization = new Optimization(List.of(model.parameters().list()), config);
        double[][] phases = new double[3][REPEATS];
        double[] whole = new double[REPEATS];
        for (int i = 0; i < WARMUP + REPEATS; i++) {
            try (PointerScope scope = new PointerScope()) {
                long t0 = System.nanoTime();
                Tensor indices = torch.randint(8000, new long[] {128}, new TensorOptions(torch.ScalarType.Long));
                Tensor x = model.trainingData(data.index_select(0, indices));
                long t1 = System.nanoTime();
                Vae.Terms terms = model.terms(x);
                Tensor loss = terms.logLikelihood().mean().neg().add(terms.kl().mean());
                long t2 = System.nanoTime();
                optimization.minimize(0, loss);
                long t3 = System.nanoTime();
                if (i >= WARMUP) {
                    phases[0][i - WARMUP] = (t1 - t0) / 1e6;
                    phases[1][i - WARMUP] = (t2 - t1) / 1e6;
                    phases[2][i - WARMUP] = (t3 - t2) / 1e6;
                    whole[i - WARMUP] = (t3 - t0) / 1e6;
                }
            }
        }
        System.out.println("VAE step phases (ms, median):");
        System.out.printf("  batch + binarisation   %6.2f%n", median(phases[0]));
        System.out.printf("  forward + loss         %6.2f%n", median(phases[1]));
        System.out.printf("  backward + Adam        %6.2f%n", median(phases[2]));
        System.out.printf("  whole step             %6.2f%n", median(whole));

        System.out.println("Kernels in isolation (ms, median):");
        Tensor h = torch.randn(128, 784);
        Tensor w = torch.randn(784, 400);
        System.out.printf("  matmul 128x784 @ 784x400                 %6.2f%n", time(() -> h.mm(w)));
        Tensor intensities = torch.rand(128, 784);
        System.out.printf("  torch.bernoulli, 128x784                 %6.2f%n", time(() -> torch.bernoulli(intensities)));
        System.out.printf("  uniform < intensity (Binarisation)       %6.2f%n", time(() -> Binarisation.dynamic(intensities)));
        long n = model.parameters().list().stream().mapToLong(Tensor::numel).sum();
        Tensor p = torch.randn(n).requires_grad_(true);
        p.mutable_grad().put(torch.randn(n));
        Adam unfused = new Adam(new TensorVector(p), new AdamOptions(1e-3));
        System.out.printf("  torch::optim::Adam, %d parameters    %6.2f%n", n, time(unfused::step));
        Tensor firstWeight = model.parameters().list().get(0);
        // minimize on a loss with a one-node graph: zeroing the gradients, a trivial backward and the fused Adam.
        System.out.printf("  dgm4j's update (zero grads + fused Adam) %6.2f%n",
                time(() -> optimization.minimize(0, firstWeight.sum())));
    }

    private static double time(Runnable r) {
        double[] t = new double[REPEATS];
        for (int i = 0; i < WARMUP + REPEATS; i++) {
            try (PointerScope scope = new PointerScope()) {
                long start = System.nanoTime();
                r.run();
                if (i >= WARMUP) {
                    t[i - WARMUP] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        return median(t);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
