package io.dgm4j.models.flows;

import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Activation normalisation (Glow, Kingma and Dhariwal 2018): z = (x + bias) * exp(logScale) with
 * a learned bias and log-scale per channel, on vectors [N, C] or images [N, C, H, W]; log|det| =
 * positions * sum(logScale), positions being H*W for images and 1 for vectors.
 *
 * <p>Data-dependent initialisation: the first forward (data to latent) pass sets bias and
 * log-scale so that this batch leaves the layer with zero mean and unit variance per channel.
 * Why: the layers after it then start on standardised activations whatever the data scale. The
 * "initialised" flag is a checkpointed buffer, so a resumed or loaded model keeps its trained
 * values instead of re-initialising on its first batch. An inverse (sampling) pass before any
 * forward pass uses the identity it starts as and initialises nothing.
 */
public final class ActNorm implements Transform {
    /** Keeps the log-scale finite for a channel that is constant in the initialisation batch. */
    private static final double MIN_STD = 1e-6;

    private final int channels;
    private final Tensor bias;
    private final Tensor logScale;
    private final Tensor initialisedFlag;
    /** Caches a true flag so the steady state reads no tensor; a flag never goes back to false. */
    private boolean initialised;

    public ActNorm(Parameters params, String prefix, int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("ActNorm needs at least one channel, got " + channels);
        }
        this.channels = channels;
        bias = params.add(prefix + ".bias", torch.zeros(channels));
        logScale = params.add(prefix + ".logScale", torch.zeros(channels));
        initialisedFlag = params.addBuffer(prefix + ".initialised", torch.zeros(1));
    }

    public boolean isInitialised() {
        if (!initialised) {
            initialised = initialisedFlag.item_double() != 0;
        }
        return initialised;
    }

    @Override
    public Result forward(Tensor x) {
        PerChannel.requireShape(x, channels, "ActNorm");
        if (!isInitialised()) {
            initialiseFrom(x);
        }
        Tensor z = x.add(PerChannel.broadcast(bias, x)).mul(PerChannel.broadcast(logScale.exp(), x));
        return new Result(z, logDet(x));
    }

    @Override
    public Result inverse(Tensor z) {
        PerChannel.requireShape(z, channels, "ActNorm");
        Tensor x = z.mul(PerChannel.broadcast(logScale.neg().exp(), z)).sub(PerChannel.broadcast(bias, z));
        return new Result(x, logDet(z).neg());
    }

    private Tensor logDet(Tensor x) {
        return logScale.sum().mul(new Scalar((double) PerChannel.positions(x))).expand(x.size(0));
    }

    private void initialiseFrom(Tensor x) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor[] stats = PerChannel.meanAndVariance(x.detach());
            bias.copy_(stats[0].neg());
            logScale.copy_(stats[1].sqrt().clamp_min(new Scalar(MIN_STD)).log().neg());
            initialisedFlag.fill_(new Scalar(1.0));
        }
        initialised = true;
    }
}
