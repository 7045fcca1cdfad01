package io.dgm4j.train;

import io.dgm4j.models.vae.ElboSurgery;
import io.dgm4j.models.vae.Vae;
import io.dgm4j.models.vae.VaeTraining;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Trains a VAE on a bound of log p(x): the ELBO (reconstruction term plus beta-weighted, optionally
 * warmed-up KL, in closed form when q(z|x) and p(z) are both Gaussian and by Monte Carlo otherwise)
 * or, with K > 1 samples, the IWAE bound. Reconstruction and KL are always logged separately, and
 * validation counts the active latent units and splits the KL term into the mutual information
 * I(x; z) and the marginal KL(q_agg(z) || p(z)) (ELBO surgery), so that posterior collapse and a
 * prior that misses the aggregate posterior are visible in the metrics.
 */
public final class VariationalBound implements Objective {
    /** A latent unit is active when its posterior mean varies across the data by more than this (Burda et al. 2016). */
    static final double ACTIVE_UNIT_VARIANCE = 0.01;
    private static final int VALIDATION_CHUNK = 1000;
    private final Vae model;
    private final VaeTraining settings;
    private final PreparedValidationData validationData;

    public VariationalBound(Vae model) {
        this.model = model;
        this.validationData = new PreparedValidationData(model::evaluationData);
        this.settings = model.training();
    }

    @Override
    public List<List<Tensor>> parameterGroups() {
        return List.of(model.parameters().list());
    }

    @Override
    public List<String> trainMetrics() {
        return List.of("train_loss", "train_recon", "train_kl");
    }

    @Override
    public List<String> validationMetrics() {
        return List.of("val_elbo", "val_recon", "val_kl", "val_active_units", "val_mutual_info", "val_marginal_kl");
    }

    @Override
    public Map<String, Double> step(Tensor batch, Optimization optimization) {
        Tensor x = model.trainingData(batch);
        double klWeight = settings.klWeight(optimization.step());
        Tensor recon;
        Tensor kl;
        Tensor loss;
        if (settings.samples() == 1) {
            Vae.Terms terms = model.terms(x);
            recon = terms.logLikelihood().mean().neg();
            kl = terms.kl().mean();
            loss = recon.add(kl.mul(new Scalar(klWeight)));
        } else {
            Vae.Weights weights = model.weights(x, settings.samples());
            recon = weights.logLikelihood().mean().neg();
            kl = weights.kl().mean();
            Tensor bound = torch.logsumexp(weights.logWeights(klWeight), 0).sub(new Scalar(Math.log(settings.samples())));
            loss = bound.mean().neg();
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", optimization.minimize(0, loss));
        metrics.put("train_recon", recon.item_double());
        metrics.put("train_kl", kl.item_double());
        return metrics;
    }

    /** One-sample ELBO terms over the (fixed-binarised) held-out data, in chunks. */
    @Override
    public Map<String, Double> validate(Tensor data) {
        Tensor x = validationData.of(data);
        long n = x.size(0);
        double logLikelihood = 0;
        double kl = 0;
        TensorVector means = new TensorVector();
        try (NoGradGuard guard = new NoGradGuard()) {
            for (long start = 0; start < n; start += VALIDATION_CHUNK) {
                Tensor chunk = x.narrow(0, start, Math.min(VALIDATION_CHUNK, n - start));
                Vae.Terms terms = model.terms(chunk);
                logLikelihood += terms.logLikelihood().sum().item_double();
                kl += terms.kl().sum().item_double();
                means.push_back(model.encode(chunk));
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_elbo", (logLikelihood - kl) / n);
        metrics.put("val_recon", -logLikelihood / n);
        metrics.put("val_kl", kl / n);
        metrics.put("val_active_units", (double) activeUnits(torch.cat(means)));
        ElboSurgery.Result surgery = ElboSurgery.estimate(model, x);
        metrics.put("val_mutual_info", surgery.mutualInformation());
        metrics.put("val_marginal_kl", surgery.marginalKl());
        return metrics;
    }

    /** Latent dimensions whose posterior mean [N, L] has a variance over the examples above the threshold. */
    static long activeUnits(Tensor posteriorMeans) {
        if (posteriorMeans.size(0) < 2) {
            return 0;
        }
        Tensor variance = torch.var(posteriorMeans, new long[] {0}, true, false);
        return variance.gt(new Scalar(ACTIVE_UNIT_VARIANCE)).sum().item_long();
    }

}
