package io.dgm4j.models.flows.image;

import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.RepeatableNoise;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * A flow on 8-bit images given as pixels k/255 in [0, 1] (the RealNVP/Glow set-up). logProb
 * returns the standard lower bound on the discrete log-likelihood, per example in nats:
 * <pre>
 *   k = round(255 x),  u ~ q(u | k) (uniform or variational),  y = (k + u) / 256,
 *   v = logit(a + (1 - 2a) y)                                  ({@link LogitTransform})
 *   log P(k) >= log p_V(v) + log|dv/dy| - D log 256 - log q(u | k)
 * </pre>
 * (-D log 256 because y = (k + u)/256 shrinks the unit cells of k + u), so bits/dim = -log P /
 * (D ln 2) is the figure papers report. The noise is one draw per call: during training from
 * libtorch's seeded generator; without gradients (evaluation) from a private generator reset at
 * each call, so that the same data always gets the same figure.
 */
public final class ImageFlow implements GenerativeModel, ExactLogDensity, LatentSpace {
    private static final long EVALUATION_SEED = 1234;
    private final Flow flow;
    private final Dequantization dequantization;
    private final LogitTransform logit;
    private final double logCells;
    private final RepeatableNoise evaluationNoise = new RepeatableNoise(EVALUATION_SEED);

    /** {@code flow} models v, the logit-space image; its parameters include the dequantiser's. */
    public ImageFlow(Flow flow, Dequantization dequantization, LogitTransform logit) {
        this.flow = flow;
        this.dequantization = dequantization;
        this.logit = logit;
        int d = 1;
        for (int s : flow.eventShape()) {
            d *= s;
        }
        this.logCells = d * Math.log(256);
    }

    public Flow flow() {
        return flow;
    }

    public Dequantization dequantization() {
        return dequantization;
    }

    @Override
    public Tensor logProb(Tensor x) {
        return logProb(x, noiseSource());
    }

    /**
     * K draws per image of the log weight w = log p(k + u) - log q(u | k) (the bound above), [K, N],
     * the noise from {@code noise}, which runs on from call to call. log (1/K) sum_k exp(w_k) is a
     * lower bound on log P(k) too, tighter as K grows and reaching log P(k) as K goes to infinity
     * (the importance-weighted dequantisation bound of Ho et al. 2019, as IWAE's for a VAE).
     */
    public Tensor logImportanceWeights(Tensor x, long k, Generator noise) {
        long n = x.size(0);
        // draw-major copies: rows j, n + j, 2n + j, ... are image j, so [K * N] reshapes to [K, N]
        Tensor copies = x.repeat(k, 1, 1, 1);
        return logProb(copies, new GeneratorOptional(noise)).reshape(k, n);
    }

    private Tensor logProb(Tensor x, GeneratorOptional source) {
        Tensor counts = x.mul(new Scalar(255.0)).round();
        Dequantization.Noise noise = dequantization.draw(counts, source);
        Tensor y = counts.add(noise.u()).div(new Scalar(256.0));
        var v = logit.forward(y);
        return flow.logProb(v.output()).add(v.logAbsDet()).sub(new Scalar(logCells)).sub(noise.logDensity());
    }

    private GeneratorOptional noiseSource() {
        if (GradMode.is_enabled()) {
            return new GeneratorOptional();
        }
        return evaluationNoise.restarted();
    }

    /** Samples as pixel intensities in [0, 1], [n, C, H, W]. */
    @Override
    public Tensor sample(long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return decode(flow.sampleLatent(n));
        }
    }

    /** The latent of each image dequantised at the cell centres (u = 1/2): deterministic. */
    @Override
    public Tensor encode(Tensor x) {
        Tensor y = x.mul(new Scalar(255.0)).round().add(new Scalar(0.5)).div(new Scalar(256.0));
        return flow.encode(logit.forward(y).output());
    }

    @Override
    public Tensor decode(Tensor z) {
        return logit.inverse(flow.decode(z)).output().clamp(new ScalarOptional(new Scalar(0.0)), new ScalarOptional(new Scalar(1.0)));
    }

    @Override
    public Tensor sampleLatent(long n) {
        return flow.sampleLatent(n);
    }

    @Override
    public Parameters parameters() {
        return flow.parameters();
    }

    @Override
    public int[] eventShape() {
        return flow.eventShape();
    }
}
