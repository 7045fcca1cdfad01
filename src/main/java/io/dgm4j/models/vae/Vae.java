package io.dgm4j.models.vae;

import io.dgm4j.data.Dataset;
import io.dgm4j.models.DataRequirements;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.models.LatentVariableModel;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A variational autoencoder: prior p(z) = N(0, I) over L latent dimensions, a decoder p(x|z) and a
 * diagonal-Gaussian encoder q(z|x), trained through the reparameterisation z = mean + std * eps.
 * Data of any shape (e.g. images {1, 28, 28}) is passed flattened, [N, D]; the conv nets reshape it to images.
 */
public final class Vae implements GenerativeModel, LatentSpace, LatentVariableModel, DataRequirements {
    /** One-sample ELBO terms per example, [N] each: log p(x|z) for z ~ q(z|x), and KL(q(z|x) || p(z)). */
    public record Terms(Tensor logLikelihood, Tensor kl) {
        public Tensor elbo() {
            return logLikelihood.sub(kl);
        }
    }

    /**
     * Per draw and example, [K, N]: log p(x|z_k) and log p(z_k) - log q(z_k|x); plus the closed-form
     * KL per example [N] (not part of the bound; logged so posterior collapse shows).
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

    Vae(GaussianEncoder encoder, Decoder decoder, Parameters parameters, int[] eventShape, int latent,
        VaeTraining training) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.parameters = parameters;
        this.eventShape = eventShape.clone();
        this.latent = latent;
        this.training = training;
    }

    public int latentDimension() {
        return latent;
    }

    public VaeTraining training() {
        return training;
    }

    private static Tensor flatten(Tensor x) {
        return x.reshape(x.size(0), -1);
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
        return encoder.posterior(flatten(x));
    }

    /** ELBO terms with the given standard normal noise eps [N, L] (fixed noise: common random numbers). */
    public Terms terms(Tensor x, Tensor eps) {
        Tensor flat = flatten(x);
        Posterior q = encoder.posterior(flat);
        return new Terms(decoder.logLikelihood(flat, q.reparameterise(eps)), q.klToStandardNormal());
    }

    public Terms terms(Tensor x) {
        return terms(x, torch.randn(x.size(0), latent));
    }

    /** Importance weights for the given noise eps [K, N, L]: z_k = mean + std * eps_k. */
    public Weights weights(Tensor x, Tensor eps) {
        Tensor flat = flatten(x);
        Posterior q = encoder.posterior(flat);
        long k = eps.size(0);
        long n = flat.size(0);
        Tensor z = q.reparameterise(eps);
        Tensor logLikelihood = decoder.logLikelihood(flat.unsqueeze(0).expand(k, n, flat.size(1)).reshape(k * n, -1),
                z.reshape(k * n, latent)).reshape(k, n);
        // log N(z; 0, I) - log N(z; mean, std): the 2*pi terms cancel, and (z - mean) / std = eps.
        Tensor logPriorRatio = eps.square().sub(z.square()).sum(2)
                .add(q.logVar().sum(1)).mul(new Scalar(0.5));
        return new Weights(logLikelihood, logPriorRatio, q.klToStandardNormal());
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
        Tensor flat = flatten(x);
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

    /** z ~ N(0, I) through the decoder: a draw of x (Gaussian), or the pixel probabilities (Bernoulli). */
    @Override
    public Tensor sample(long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return unflatten(decoder.sample(sampleLatent(n)));
        }
    }

    /** The posterior mean. */
    @Override
    public Tensor encode(Tensor x) {
        return encoder.posterior(flatten(x)).mean();
    }

    /** The decoder mean. */
    @Override
    public Tensor decode(Tensor z) {
        return unflatten(decoder.mean(z));
    }

    @Override
    public Tensor sampleLatent(long n) {
        return torch.randn(n, latent);
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
