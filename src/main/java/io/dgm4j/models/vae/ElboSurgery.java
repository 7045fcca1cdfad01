package io.dgm4j.models.vae;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * ELBO surgery (Hoffman and Johnson 2016): the average KL term E_n[KL(q(z|x_n) || p(z))] over N
 * examples splits into the mutual information I(n; z) under q(n, z) = q(z|x_n) / N and the
 * marginal KL(q_agg(z) || p(z)), q_agg the mixture of the N posteriors. One draw z_n ~ q(z|x_n)
 * per example estimates both:
 * I = E_n[log q(z_n|x_n) - log q_agg(z_n)] and KL(q_agg || p) = E_n[log q_agg(z_n) - log p(z_n)].
 *
 * <p>The posterior flow is shared by all x, so its log-det cancels in q(z|x_n) / q_agg(z): the
 * mixture is evaluated on the encoder's Gaussian draws z0 and needs no inverse of the flow. The
 * cost is N^2 L, in blocks of rows.
 */
public final class ElboSurgery {
    /** Rows of the N x N table of log q(z0_n | x_m) held at once. */
    private static final int ROWS = 64;

    /** The two parts in nats per example; they add up to the Monte Carlo average KL term. */
    public record Result(double mutualInformation, double marginalKl) {
    }

    private ElboSurgery() {
    }

    /** Over the examples x [N, ...] (as the likelihood sees them), without gradients. */
    public static Result estimate(Vae model, Tensor x) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Posterior q = model.posterior(x);
            long n = x.size(0);
            Tensor eps = torch.randn(n, model.latentDimension());
            Vae.Draw draw = model.draw(q, eps);
            // log q(z_n|x_n) - log q_agg(z_n): the same with or without the flow's log-det.
            Tensor mutualInformation = logOwnOverMixture(q, draw.z0(), q.logDensityOfNoise(eps));
            Tensor marginalKl = draw.logQ().sub(mutualInformation).sub(model.logPrior(draw.z()));
            return new Result(mutualInformation.mean().item_double(), marginalKl.mean().item_double());
        }
    }

    /**
     * log N(z0_n; mean_n, std_n) - log (1/N sum_m N(z0_n; mean_m, std_m)) per n, [N], given the
     * first term {@code logOwn} [N].
     */
    private static Tensor logOwnOverMixture(Posterior q, Tensor z0, Tensor logOwn) {
        long n = z0.size(0);
        long latent = z0.size(1);
        Tensor mean = q.mean().unsqueeze(0);
        Tensor logVar = q.logVar().unsqueeze(0);
        Tensor precision = logVar.neg().exp();
        Tensor logNormaliser = logVar.sum(2).add(new Scalar(latent * Math.log(2 * Math.PI)));
        Tensor[] blocks = new Tensor[(int) ((n + ROWS - 1) / ROWS)];
        for (long start = 0; start < n; start += ROWS) {
            Tensor rows = z0.narrow(0, start, Math.min(ROWS, n - start)).unsqueeze(1);
            Tensor logDensities = rows.sub(mean).square().mul(precision).sum(2).add(logNormaliser)
                    .mul(new Scalar(-0.5));
            blocks[(int) (start / ROWS)] = torch.logsumexp(logDensities, 1);
        }
        Tensor logMixture = torch.cat(new TensorVector(blocks)).sub(new Scalar(Math.log(n)));
        return logOwn.sub(logMixture);
    }
}
