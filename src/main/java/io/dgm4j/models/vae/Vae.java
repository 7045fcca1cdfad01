package io.dgm4j.models.vae;

import io.dgm4j.data.Dataset;
import io.dgm4j.models.DataRequirements;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.models.LatentVariableModel;
import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Tensors;
import java.util.Arrays;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A variational autoencoder: prior p(z) over L latent dimensions, a decoder p(x|z) and an encoder
 * q(z|x), trained through the reparameterisation z = mean + std * eps. Data of any shape (e.g.
 * images {1, 28, 28}) is passed flattened, [N, D]; the conv nets reshape it to images.
 *
 * <p>Optionally, q(z|x) pushes the encoder's Gaussian draw z0 through a flow shared by all x
 * (planar or IAF steps), so log q(z|x) = log N(z0; mean, std) - log |det dz/dz0|; and p(z) is a flow
 * over N(0, I) instead of N(0, I) itself. The KL term is then estimated by Monte Carlo,
 * log q(z|x) - log p(z) at the drawn z; with neither flow it is the closed form.
 */
public final class Vae implements GenerativeModel, LatentSpace, LatentVariableModel, DataRequirements {
    /**
     * One-sample ELBO terms per example, [N] each: log p(x|z) for z ~ q(z|x), and KL(q(z|x) || p(z)),
     * in closed form or, with a flow, its one-draw estimate log q(z|x) - log p(z).
     */
    public record Terms(Tensor logLikelihood, Tensor kl) {
        public Tensor elbo() {
            return logLikelihood.sub(kl);
        }
    }

    /**
     * Per draw and example, [K, N]: log p(x|z_k) and log p(z_k) - log q(z_k|x); plus the KL per example
     * [N], in closed form or, with a flow, the K draws' estimate (not part of the bound; logged so
     * posterior collapse shows).
     */
    public record Weights(Tensor logLikelihood, Tensor logPriorRatio, Tensor kl) {
        /** log p(x, z_k) - log q(z_k|x), with log p(z) - log q(z|x) weighted by {@code klWeight}. */
        public Tensor logWeights(double klWeight) {
            return klWeight == 1 ? logLikelihood.add(logPriorRatio)
                    : logLikelihood.add(logPriorRatio.mul(new Scalar(klWeight)));
        }
    }

    private final GaussianEncoder encoder;
    private final Decoder decoder;
    private final Parameters parameters;
    private final int[] eventShape;
    private final int latent;
    private final VaeTraining training;
    /** Maps the encoder's z0 to z in its inverse (sampling) direction; null: q(z|x) is the Gaussian itself. */
    private final Transform posteriorFlow;
    /** Maps z to N(0, I) in its forward (density) direction; null: p(z) = N(0, I). */
    private final Transform priorFlow;

    /** A reparameterised draw from q(z|x): the encoder's Gaussian draw z0, the latent z, and log q(z|x). */
    record Draw(Tensor z0, Tensor z, Tensor logQ) {
    }

    Vae(GaussianEncoder encoder, Decoder decoder, Parameters parameters, int[] eventShape, int latent,
        VaeTraining training, Transform posteriorFlow, Transform priorFlow) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.parameters = parameters;
        this.eventShape = eventShape.clone();
        this.latent = latent;
        this.training = training;
        this.posteriorFlow = posteriorFlow;
        this.priorFlow = priorFlow;
    }

    public int latentDimension() {
        return latent;
    }

    public VaeTraining training() {
        return training;
    }

    private Tensor unflatten(Tensor flat) {
        long[] shape = new long[eventShape.length + 1];
        shape[0] = flat.size(0);
        for (int i = 0; i < eventShape.length; i++) {
            shape[i + 1] = eventShape[i];
        }
        return flat.reshape(shape);
    }

    /** q(z|x) for x [N, ...]. */
    public Posterior posterior(Tensor x) {
        return encoder.posterior(Tensors.rows(x));
    }

    /** ELBO terms with the given standard normal noise eps [N, L] (fixed noise: common random numbers). */
    public Terms terms(Tensor x, Tensor eps) {
        Tensor flat = Tensors.rows(x);
        Posterior q = encoder.posterior(flat);
        Draw draw = draw(q, eps);
        Tensor kl = hasClosedFormKl() ? q.klToStandardNormal() : draw.logQ().sub(logPrior(draw.z()));
        return new Terms(decoder.logLikelihood(flat, draw.z()), kl);
    }

    /** Whether KL(q(z|x) || p(z)) has a closed form: both Gaussian, no flow on either side. */
    public boolean hasClosedFormKl() {
        return posteriorFlow == null && priorFlow == null;
    }

    /** z ~ q(z|x) for noise eps [N, L] or [K, N, L], with log q(z|x) per draw ([N] or [K, N]). */
    Draw draw(Posterior q, Tensor eps) {
        Tensor z0 = q.reparameterise(eps);
        Tensor logQ0 = q.logDensityOfNoise(eps);
        if (posteriorFlow == null) {
            return new Draw(z0, z0, logQ0);
        }
        Transform.Result pushed = posteriorFlow.inverse(z0.reshape(-1, latent));
        return new Draw(z0, pushed.output().reshape(Tensors.shape(z0)),
                logQ0.sub(pushed.logAbsDet().reshape(Tensors.shape(logQ0))));
    }

    /** log p(z) for z [..., L]: one value per latent vector. */
    Tensor logPrior(Tensor z) {
        if (priorFlow == null) {
            return standardNormalLogDensity(z);
        }
        long[] outer = Arrays.copyOf(Tensors.shape(z), (int) z.dim() - 1);
        Transform.Result base = priorFlow.forward(z.reshape(-1, latent));
        return standardNormalLogDensity(base.output()).add(base.logAbsDet()).reshape(outer);
    }

    private static Tensor standardNormalLogDensity(Tensor z) {
        return z.square().sum(-1).add(new Scalar(z.size(-1) * Math.log(2 * Math.PI))).mul(new Scalar(-0.5));
    }

    public Terms terms(Tensor x) {
        return terms(x, torch.randn(x.size(0), latent));
    }

    /** Importance weights for the given noise eps [K, N, L]: z_k = mean + std * eps_k. */
    public Weights weights(Tensor x, Tensor eps) {
        Tensor flat = Tensors.rows(x);
        Posterior q = encoder.posterior(flat);
        long k = eps.size(0);
        long n = flat.size(0);
        Draw draw = draw(q, eps);
        Tensor logLikelihood = decoder.logLikelihood(flat.unsqueeze(0).expand(k, n, flat.size(1)).reshape(k * n, -1),
                draw.z().reshape(k * n, latent)).reshape(k, n);
        Tensor logPriorRatio = logPrior(draw.z()).sub(draw.logQ());
        // Without a closed form, the K draws' mean of log q - log p is the logged KL estimate.
        Tensor kl = hasClosedFormKl() ? q.klToStandardNormal() : logPriorRatio.sum(0).div(new Scalar(k)).neg();
        return new Weights(logLikelihood, logPriorRatio, kl);
    }

    public Weights weights(Tensor x, long k) {
        return weights(x, torch.randn(k, x.size(0), latent));
    }

    @Override
    public Tensor elbo(Tensor x) {
        return terms(x).elbo();
    }

    @Override
    public Tensor logImportanceWeights(Tensor x, long k) {
        return weights(x, k).logWeights(1);
    }

    @Override
    public Tensor logLikelihoodsUnderPrior(Tensor x, long k) {
        Tensor flat = Tensors.rows(x);
        long n = flat.size(0);
        Tensor repeated = flat.unsqueeze(0).expand(k, n, flat.size(1)).reshape(k * n, -1);
        return decoder.logLikelihood(repeated, sampleLatent(k * n)).reshape(k, n);
    }

    @Override
    public Tensor evaluationData(Tensor x) {
        return decoder.evaluationData(x);
    }

    /** A training batch as the likelihood sees it (Bernoulli decoder: binarised afresh). */
    public Tensor trainingData(Tensor batch) {
        return decoder.trainingData(batch);
    }

    @Override
    public void checkData(Dataset data, String source) {
        decoder.checkData(data, source);
    }

    /** z ~ p(z) through the decoder: a draw of x (Gaussian), or the pixel probabilities (Bernoulli). */
    @Override
    public Tensor sample(long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return unflatten(decoder.sample(sampleLatent(n)));
        }
    }

    /** The encoder's Gaussian mean, pushed through the posterior flow if there is one. */
    @Override
    public Tensor encode(Tensor x) {
        Tensor mean = encoder.posterior(Tensors.rows(x)).mean();
        return posteriorFlow == null ? mean : posteriorFlow.inverse(mean).output();
    }

    /** The decoder mean. */
    @Override
    public Tensor decode(Tensor z) {
        return unflatten(decoder.mean(z));
    }

    @Override
    public Tensor sampleLatent(long n) {
        return latentFromNoise(priorNoise(n));
    }

    /** eps ~ N(0, I), [n, L]: the prior's base noise, which a flow prior maps to z. */
    @Override
    public Tensor priorNoise(long n) {
        return torch.randn(n, latent);
    }

    /** z = f^-1(eps) for the flow prior's map f of z to N(0, I); eps itself without one. */
    @Override
    public Tensor latentFromNoise(Tensor eps) {
        return priorFlow == null ? eps : priorFlow.inverse(eps).output();
    }

    /** eps = f(z), the flow prior's map of z to N(0, I); z itself without one. */
    @Override
    public Tensor noiseFromLatent(Tensor z) {
        return priorFlow == null ? z : priorFlow.forward(z.reshape(-1, latent)).output();
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    @Override
    public int[] eventShape() {
        return eventShape.clone();
    }
}
