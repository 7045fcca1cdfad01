package io.dgm4j.eval;

import io.dgm4j.models.LatentVariableModel;
import java.util.function.LongConsumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The K-sample importance-weighted bound log (1/K) sum_k p(x, z_k) / q(z_k|x), z_k ~ q(z|x)
 * (Burda et al. 2016): below log p(x), rising towards it as K grows. Evaluated in chunks of
 * examples and of samples, with a running log-sum-exp, so that memory stays bounded by
 * {@code rowBudget} decoder evaluations at a time however large K is (5000 and more).
 */
public final class ImportanceWeightedBound {
    /** About 80 MB of activations for a 784-400-20 MLP VAE. */
    public static final long DEFAULT_ROW_BUDGET = 8192;
    private final long rowBudget;
    private final LongConsumer progress;

    /**
     * @param progress told the number of examples done after each chunk (an IWAE-5000 bound on
     *                 2000 MNIST digits takes minutes), e.g. to draw a progress bar
     */
    public ImportanceWeightedBound(long rowBudget, LongConsumer progress) {
        if (rowBudget < 1) {
            throw new IllegalArgumentException("row budget must be positive");
        }
        this.rowBudget = rowBudget;
        this.progress = progress;
    }

    public ImportanceWeightedBound(long rowBudget) {
        this(rowBudget, done -> { });
    }

    public ImportanceWeightedBound() {
        this(DEFAULT_ROW_BUDGET);
    }

    /** K draws of log weights for some examples: [K, N]. */
    public interface LogWeights {
        Tensor draw(Tensor examples, long k);
    }

    /** The K-sample bound per example, [N], without gradients; {@code x} as the model evaluates it. */
    public Tensor perExample(LatentVariableModel model, Tensor x, long k) {
        return logMeanExp(model::logImportanceWeights, x, k);
    }

    /**
     * log (1/K) sum_k exp(w_k) per example, [N], without gradients, for K log weights per example
     * drawn by {@code weights}: the chunked, running log-sum-exp every K-sample estimate shares.
     */
    public Tensor logMeanExp(LogWeights weights, Tensor x, long k) {
        if (k < 1) {
            throw new IllegalArgumentException("K must be positive");
        }
        long n = x.size(0);
        long samplesPerChunk = Math.min(k, rowBudget);
        long examplesPerChunk = Math.max(1, rowBudget / samplesPerChunk);
        TensorVector parts = new TensorVector();
        try (NoGradGuard guard = new NoGradGuard()) {
            for (long start = 0; start < n; start += examplesPerChunk) {
                Tensor examples = x.narrow(0, start, Math.min(examplesPerChunk, n - start));
                try (PointerScope scope = new PointerScope()) {
                    Tensor logSum = null;
                    for (long done = 0; done < k; done += samplesPerChunk) {
                        Tensor chunk = weights.draw(examples, Math.min(samplesPerChunk, k - done));
                        Tensor chunkSum = torch.logsumexp(chunk, 0);
                        logSum = logSum == null ? chunkSum : torch.logaddexp(logSum, chunkSum);
                    }
                    // The vector holds its own reference, so the bound outlives this scope.
                    parts.push_back(logSum.sub(new Scalar(Math.log(k))));
                }
                progress.accept(Math.min(n, start + examplesPerChunk));
            }
            return torch.cat(parts);
        }
    }

    /** The mean of the K-sample bound over all rows of {@code x}, in nats. */
    public double mean(LatentVariableModel model, Tensor x, long k) {
        try (PointerScope scope = new PointerScope()) {
            return perExample(model, x, k).mean().item_double();
        }
    }

    /** The mean one-sample ELBO over all rows of {@code x}, in nats, evaluated in chunks without gradients. */
    public double meanElbo(LatentVariableModel model, Tensor x) {
        long n = x.size(0);
        double total = 0;
        try (NoGradGuard guard = new NoGradGuard()) {
            for (long start = 0; start < n; start += rowBudget) {
                try (PointerScope scope = new PointerScope()) {
                    total += model.elbo(x.narrow(0, start, Math.min(rowBudget, n - start))).sum().item_double();
                }
            }
        }
        return total / n;
    }
}
