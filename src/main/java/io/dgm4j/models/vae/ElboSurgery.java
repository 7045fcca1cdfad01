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
    private static final int ROWS = 1024;
    /** Elements of one block of the direct [rows, N, L] distances: 32 MB of doubles. */
    private static final long DIRECT_ELEMENTS = 4_000_000;
    /** The error in nats allowed to the expanded distances before the direct ones are used. */
    private static final double TOLERANCE = 1e-4;

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
            Tensor mutualInformation = logOwnOverMixture(q, draw.z0());
            Tensor marginalKl = draw.logQ().sub(mutualInformation).sub(model.logPrior(draw.z()));
            return new Result(mutualInformation.mean().item_double(), marginalKl.mean().item_double());
        }
    }

    /**
     * log N(z0_n; mean_n, std_n) - log (1/N sum_m N(z0_n; mean_m, std_m)) per n, [N]. Both terms are
     * taken at z0 as stored: a posterior narrower than float32's spacing at its mean draws z0 = mean,
     * and the first term from the noise would then disagree with the mixture's own component.
     *
     * <p>The N x N table of squared Mahalanobis distances is expanded into matrix products,
     * sum_l (z_nl - m_kl)^2 p_kl = (z^2 p^T)_nk - 2 (z (m p)^T)_nk + sum_l m_kl^2 p_kl with p = 1/var,
     * so a block of rows costs two matmuls instead of an [rows, N, L] broadcast (50x faster at N =
     * 2000, L = 20). Computed in double precision: the expansion subtracts nearly equal terms, and
     * loses every digit when a posterior is narrow compared to its distance from the origin
     * (log-variances of -48 gave a mutual information of 1e4 nats, above its bound log N). Where
     * the terms are large enough for that, the distances are taken the direct way instead.
     */
    private static Tensor logOwnOverMixture(Posterior q, Tensor z0) {
        long n = z0.size(0);
        long latent = z0.size(1);
        Tensor z = z0.to(torch.ScalarType.Double);
        Tensor mean = q.mean().to(torch.ScalarType.Double);
        Tensor logVar = q.logVar().to(torch.ScalarType.Double);
        Tensor precision = logVar.neg().exp();
        Tensor scaledMean = mean.mul(precision);
        Tensor meanTerm = scaledMean.mul(mean).sum(1);
        boolean expand = expansionIsAccurate(z, precision, meanTerm);
        // Per component k: sum_l log var_kl + L log 2 pi, [N]; the expanded distances leave out the mean term.
        Tensor normaliser = logVar.sum(1).add(new Scalar(latent * Math.log(2 * Math.PI)));
        Tensor constant = (expand ? normaliser.add(meanTerm) : normaliser).unsqueeze(0);
        long rowsPerBlock = expand ? ROWS : Math.max(1, DIRECT_ELEMENTS / (n * latent));
        Tensor[] blocks = new Tensor[(int) ((n + rowsPerBlock - 1) / rowsPerBlock)];
        for (long start = 0; start < n; start += rowsPerBlock) {
            Tensor rows = z.narrow(0, start, Math.min(rowsPerBlock, n - start));
            Tensor distances = expand
                    ? rows.square().matmul(precision.t()).sub(rows.matmul(scaledMean.t()).mul(new Scalar(2.0)))
                    : rows.unsqueeze(1).sub(mean.unsqueeze(0)).square().mul(precision.unsqueeze(0)).sum(new long[] {2});
            blocks[(int) (start / rowsPerBlock)] = torch.logsumexp(distances.add(constant).mul(new Scalar(-0.5)), 1);
        }
        Tensor logMixture = torch.cat(new TensorVector(blocks)).sub(new Scalar(Math.log(n)));
        Tensor ownDistances = z.sub(mean).square().mul(precision).sum(new long[] {1});
        Tensor logOwn = ownDistances.add(normaliser).mul(new Scalar(-0.5));
        return logOwn.sub(logMixture).to(z0.scalar_type());
    }

    /**
     * Whether the expanded distances are good to {@link #TOLERANCE} nats: each of their three terms is at most
     * sum_l max_n z_nl^2 max_k p_kl + max_k sum_l m_kl^2 p_kl, and double precision rounds each to about
     * 1e-16 of its size per latent dimension summed.
     */
    private static boolean expansionIsAccurate(Tensor z, Tensor precision, Tensor meanTerm) {
        double largestTerm = z.square().amax(new long[] {0}, false).mul(precision.amax(new long[] {0}, false)).sum().item_double()
                + meanTerm.max().item_double();
        return largestTerm * z.size(1) * 4e-16 < TOLERANCE;
    }
}
