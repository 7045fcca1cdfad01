package io.dgm4j.eval;

import io.dgm4j.models.ExactLogDensity;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Held-out negative log-likelihood in nats and its bits-per-dimension form. */
public final class Likelihood {
    private static final long MAX_ROWS = 4096;
    private static final long MAX_VALUES = 1 << 16;

    private Likelihood() {
    }

    /** Mean of -log p(x) over all rows of {@code data}, in nats, evaluated in chunks without gradients. */
    public static double meanNll(ExactLogDensity model, Tensor data) {
        long n = data.size(0);
        long chunk = rowsPerChunk(data);
        double total = 0;
        try (NoGradGuard guard = new NoGradGuard()) {
            for (long start = 0; start < n; start += chunk) {
                try (PointerScope scope = new PointerScope()) {
                    long len = Math.min(chunk, n - start);
                    total -= model.logProb(data.narrow(0, start, len)).sum().item_double();
                }
            }
        }
        return total / n;
    }

    /** log p(x) per row, [N], evaluated in chunks without gradients. */
    public static Tensor logProb(ExactLogDensity model, Tensor data) {
        long n = data.size(0);
        long chunk = rowsPerChunk(data);
        org.bytedeco.pytorch.TensorVector parts = new org.bytedeco.pytorch.TensorVector();
        try (NoGradGuard guard = new NoGradGuard()) {
            for (long start = 0; start < n; start += chunk) {
                parts.push_back(model.logProb(data.narrow(0, start, Math.min(chunk, n - start))));
            }
            return org.bytedeco.pytorch.global.torch.cat(parts);
        }
    }

    /**
     * Rows evaluated at once: up to 4096, but at most ~64k input values. Why: a conv flow's
     * activations are (its width) x (the input), and tensors that large are mmapped and faulted in
     * afresh by every op: 2000 MNIST images in one chunk spent more time in the kernel than computing.
     */
    static long rowsPerChunk(Tensor data) {
        long perRow = data.numel() / Math.max(1, data.size(0));
        return Math.max(1, Math.min(MAX_ROWS, MAX_VALUES / Math.max(1, perRow)));
    }

    /** nats per example -> bits per dimension: divide by D ln 2. */
    public static double bitsPerDim(double nllNats, int dimension) {
        return nllNats / (dimension * Math.log(2));
    }
}
