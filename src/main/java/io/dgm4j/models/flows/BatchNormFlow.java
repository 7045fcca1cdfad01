package io.dgm4j.models.flows;

import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Batch normalisation as a flow layer (RealNVP section 3.7; MAF): per channel,
 * z = (x - mean) / sqrt(variance + eps) * exp(logGamma) + beta, on vectors [N, C] or images
 * [N, C, H, W], with log|det| = positions * sum(logGamma - log(variance + eps) / 2).
 *
 * <p>Which statistics, by one rule: a forward (data to latent) pass with gradients enabled
 * (torch GradMode, i.e. a training step) uses the batch's own mean and biased variance, takes its
 * log-det from them (the statistics are treated as constants of the map, as in the papers), and
 * moves the running averages towards them. Everything else (any pass under NoGradGuard, such as
 * evaluation, density grids and validation, and every inverse pass, i.e. sampling) uses the
 * running averages, which are checkpointed buffers; it is then a fixed affine map, so densities
 * are exact and normalised.
 */
public final class BatchNormFlow implements Transform {
    private static final double EPS = 1e-5;
    /** Weight of the newest batch in the running averages. */
    private static final double MOMENTUM = 0.1;

    private final int channels;
    private final Tensor logGamma;
    private final Tensor beta;
    private final Tensor runningMean;
    private final Tensor runningVariance;

    public BatchNormFlow(Parameters params, String prefix, int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("batch norm needs at least one channel, got " + channels);
        }
        this.channels = channels;
        logGamma = params.add(prefix + ".logGamma", torch.zeros(channels));
        beta = params.add(prefix + ".beta", torch.zeros(channels));
        runningMean = params.addBuffer(prefix + ".runningMean", torch.zeros(channels));
        runningVariance = params.addBuffer(prefix + ".runningVariance", torch.ones(channels));
    }

    @Override
    public Result forward(Tensor x) {
        PerChannel.requireShape(x, channels, "batch norm");
        if (!GradMode.is_enabled()) {
            return forwardWith(x, runningMean, runningVariance);
        }
        Tensor[] batch = PerChannel.meanAndVariance(x);
        updateRunningAverages(batch[0], batch[1]);
        return forwardWith(x, batch[0], batch[1]);
    }

    /** The affine map for given statistics: what both regimes compute. */
    Result forwardWith(Tensor x, Tensor mean, Tensor variance) {
        Tensor logStd = variance.add(new Scalar(EPS)).log().mul(new Scalar(0.5));
        Tensor logScale = logGamma.sub(logStd);
        Tensor z = x.sub(PerChannel.broadcast(mean, x)).mul(PerChannel.broadcast(logScale.exp(), x))
                .add(PerChannel.broadcast(beta, x));
        return new Result(z, logDet(logScale, x));
    }

    @Override
    public Result inverse(Tensor z) {
        PerChannel.requireShape(z, channels, "batch norm");
        Tensor logStd = runningVariance.add(new Scalar(EPS)).log().mul(new Scalar(0.5));
        Tensor logScale = logGamma.sub(logStd);
        Tensor x = z.sub(PerChannel.broadcast(beta, z)).mul(PerChannel.broadcast(logScale.neg().exp(), z))
                .add(PerChannel.broadcast(runningMean, z));
        return new Result(x, logDet(logScale, z).neg());
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVariance() {
        return runningVariance;
    }

    private void updateRunningAverages(Tensor mean, Tensor variance) {
        try (NoGradGuard guard = new NoGradGuard()) {
            runningMean.lerp_(mean.detach(), new Scalar(MOMENTUM));
            runningVariance.lerp_(variance.detach(), new Scalar(MOMENTUM));
        }
    }

    private static Tensor logDet(Tensor logScale, Tensor x) {
        return logScale.sum().mul(new Scalar((double) PerChannel.positions(x))).expand(x.size(0));
    }
}
