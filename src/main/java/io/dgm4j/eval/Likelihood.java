package io.dgm4j.eval;

import io.dgm4j.models.ExactLogDensity;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Held-out negative log-likelihood in nats and its bits-per-dimension form. */
public final class Likelihood {
    private static final int CHUNK = 4096;

    private Likelihood() {
    }

    /** Mean of -log p(x) over all rows of {@code data}, in nats, evaluated in chunks without gradients. */
    public static double meanNll(ExactLogDensity model, Tensor data) {
        long n = data.size(0);
        double total = 0;
        try (NoGradGuard guard = new NoGradGuard()) {
            for (long start = 0; start < n; start += CHUNK) {
                try (PointerScope scope = new PointerScope()) {
                    long len = Math.min(CHUNK, n - start);
                    total -= model.logProb(data.narrow(0, start, len)).sum().item_double();
                }
            }
        }
        return total / n;
    }

    /** log p(x) per row, [N], evaluated in chunks without gradients. */
    public static Tensor logProb(ExactLogDensity model, Tensor data) {
        long n = data.size(0);
        org.bytedeco.pytorch.TensorVector parts = new org.bytedeco.pytorch.TensorVector();
        try (NoGradGuard guard = new NoGradGuard()) {
            for (long start = 0; start < n; start += CHUNK) {
                parts.push_back(model.logProb(data.narrow(0, start, Math.min(CHUNK, n - start))));
            }
            return org.bytedeco.pytorch.global.torch.cat(parts);
        }
    }

    /** nats per example -> bits per dimension: divide by D ln 2. */
    public static double bitsPerDim(double nllNats, int dimension) {
        return nllNats / (dimension * Math.log(2));
    }
}
