package io.dgm4j.eval;

import io.dgm4j.models.LatentVariableModel;
import java.util.function.LongConsumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The K-sample importance-weighted bound log (1/K) sum_k p(x, z_k) / q(z_k|x), z_k ~ q(z|x)
 * (Burda et al. 2016): below log p(x), rising towards it as K grows; and from the same draws, the
 * ELBO estimate (1/K) sum_k log p(x, z_k) / q(z_k|x). Evaluated in chunks of
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

    /**
     * Per example, [N], from the same K log weights w_k: {@code elbo}, their mean, an unbiased estimate
     * of the ELBO, and {@code iwae}, log (1/K) sum_k exp(w_k), the K-sample bound. By Jensen elbo <= iwae
     * for every example and every draw, so the figures never contradict the order of the bounds.
     */
    public record Bounds(Tensor elbo, Tensor iwae) {
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
        return bounds(weights, x, k).iwae();
    }

    /** {@link Bounds} of {@code model}'s own log importance weights. */
    public Bounds bounds(LatentVariableModel model, Tensor x, long k) {
        return bounds(model::logImportanceWeights, x, k);
    }

    /** {@link Bounds} for K log weights per example drawn by {@code weights}, in chunks, without gradients. */
    public Bounds bounds(LogWeights weights, Tensor x, long k) {
        if (k < 1) {
            throw new IllegalArgumentException("K must be positive");
        }
        long n = x.size(0);
        long samplesPerChunk = Math.min(k, rowBudget);
        long examplesPerChunk = Math.max(1, rowBudget / samplesPerChunk);
        TensorVector elbos = new TensorVector();
        TensorVector iwaes = new TensorVector();
        try (NoGradGuard guard = new NoGradGuard()) {
            for (long start = 0; start < n; start += examplesPerChunk) {
                Tensor examples = x.narrow(0, start, Math.min(examplesPerChunk, n - start));
                try (PointerScope scope = new PointerScope()) {
                    Tensor logSum = null;
                    Tensor sum = null;
                    for (long done = 0; done < k; done += samplesPerChunk) {
                        Tensor chunk = weights.draw(examples, Math.min(samplesPerChunk, k - done));
                        Tensor chunkLogSum = torch.logsumexp(chunk, 0);
                        // In double: a float sum of 5000 weights of -100 nats would lose a hundredth of a nat.
                        Tensor chunkSum = chunk.to(ScalarType.Double).sum(0);
                        logSum = logSum == null ? chunkLogSum : torch.logaddexp(logSum, chunkLogSum);
                        sum = sum == null ? chunkSum : sum.add(chunkSum);
                    }
                    Tensor iwae = logSum.sub(new Scalar(Math.log(k)));
                    // Jensen puts the mean at or below the log-mean-exp; the minimum only absorbs rounding
                    // (all K weights equal, where the two agree to the last bit or so).
                    Tensor elbo = torch.minimum(sum.div(new Scalar((double) k)).to(iwae.scalar_type()), iwae);
                    // The vectors hold their own references, so the bounds outlive this scope.
                    elbos.push_back(elbo);
                    iwaes.push_back(iwae);
                }
                progress.accept(Math.min(n, start + examplesPerChunk));
            }
            return new Bounds(torch.cat(elbos), torch.cat(iwaes));
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
