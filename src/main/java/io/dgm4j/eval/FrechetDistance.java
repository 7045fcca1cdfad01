package io.dgm4j.eval;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The Fréchet (2-Wasserstein) distance between two Gaussians, and between Gaussians fitted to two
 * feature sets: the quantity behind FID,
 * {@code |mu1 - mu2|^2 + tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2)}, a squared distance.
 *
 * <p>All arithmetic is in double precision: the trace term is a difference of large, nearly equal
 * numbers when the two sets are alike. Matrix square roots come from symmetric eigendecompositions
 * (LAPACK's, through libtorch) rather than a general matrix square root, because both matrices are
 * symmetric positive semi-definite in exact arithmetic; eigenvalues that round-off pushes slightly
 * below 0 are clamped to 0 instead of producing NaN.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** A Gaussian fitted to features: mean [F] and covariance [F, F] (row-major), kept as Java arrays. */
    public record Gaussian(double[] mean, double[] covariance) {
        public Gaussian {
            if (covariance.length != mean.length * mean.length) {
                throw new IllegalArgumentException(covariance.length + " covariance entries for a mean of " + mean.length);
            }
        }

        public int dimension() {
            return mean.length;
        }

        /**
         * The sample mean and the unbiased sample covariance (divisor N - 1, as numpy's cov and the
         * FID reference use) of the rows of {@code features} [N, F], N >= 2.
         */
        public static Gaussian fit(Tensor features) {
            if (features.dim() != 2 || features.size(0) < 2) {
                throw new IllegalArgumentException("need features [N, F] with N >= 2, got " + features.sizes().vec());
            }
            try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
                Tensor x = features.detach().to(torch.ScalarType.Double);
                Tensor mean = x.sum(0).div(new Scalar((double) x.size(0)));
                Tensor centred = x.sub(mean);
                Tensor covariance = centred.t().mm(centred).div(new Scalar((double) (x.size(0) - 1)));
                return new Gaussian(doubles(mean), doubles(covariance));
            }
        }
    }

    /** The distance between Gaussians fitted to the rows of two feature sets [N1, F] and [N2, F]. */
    public static double between(Tensor features1, Tensor features2) {
        return between(Gaussian.fit(features1), Gaussian.fit(features2));
    }

    /** The squared 2-Wasserstein distance between N(mean1, cov1) and N(mean2, cov2). */
    public static double between(Gaussian first, Gaussian second) {
        int f = first.dimension();
        if (second.dimension() != f) {
            throw new IllegalArgumentException("Gaussians of dimension " + f + " and " + second.dimension());
        }
        double meanTerm = 0;
        for (int i = 0; i < f; i++) {
            double d = first.mean()[i] - second.mean()[i];
            meanTerm += d * d;
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            Tensor s1 = matrix(first.covariance(), f);
            Tensor s2 = matrix(second.covariance(), f);
            Tensor root1 = symmetricSquareRoot(s1);
            Tensor product = root1.mm(s2).mm(root1);
            double traceOfRoot = clampedEigenvalues(product).sqrt().sum().item_double();
            double trace = s1.trace().item_double() + s2.trace().item_double() - 2 * traceOfRoot;
            // Round-off can leave a tiny negative value for identical Gaussians; the distance is >= 0.
            return Math.max(0, meanTerm + trace);
        }
    }

    /** V diag(sqrt(max(lambda, 0))) V^T for a symmetric positive semi-definite matrix. */
    private static Tensor symmetricSquareRoot(Tensor symmetric) {
        T_TensorTensor_T decomposition = torch.linalg_eigh(symmetrise(symmetric));
        Tensor roots = decomposition.get0().clamp_min(new Scalar(0.0)).sqrt();
        Tensor vectors = decomposition.get1();
        return vectors.mul(roots.unsqueeze(0)).mm(vectors.t());
    }

    private static Tensor clampedEigenvalues(Tensor symmetric) {
        return torch.linalg_eigh(symmetrise(symmetric)).get0().clamp_min(new Scalar(0.0));
    }

    /** (A + A^T) / 2: removes the asymmetry round-off leaves in products, which eigh would ignore silently. */
    private static Tensor symmetrise(Tensor a) {
        return a.add(a.t()).mul(new Scalar(0.5));
    }

    private static Tensor matrix(double[] rowMajor, int f) {
        return AbstractTensor.create(rowMajor, f, f);
    }

    static double[] doubles(Tensor t) {
        Tensor c = t.detach().to(torch.ScalarType.Double).contiguous();
        double[] out = new double[(int) c.numel()];
        try (DoublePointer p = c.data_ptr_double()) {
            p.get(out);
        }
        return out;
    }
}
