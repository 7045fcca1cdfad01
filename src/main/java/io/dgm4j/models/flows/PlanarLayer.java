package io.dgm4j.models.flows;

import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * One planar flow layer (Rezende and Mohamed 2015), f(z) = z + u_hat tanh(w^T z + b), defined in
 * the sampling direction (latent to data): its inverse has no closed form, so {@link #forward}
 * (data to latent) is unsupported and {@link #inverse} computes f.
 *
 * <p>f is invertible iff w^T u_hat >= -1. The free parameter u is mapped to
 * u_hat = u + (m(w^T u) - w^T u) w / |w|^2 with m(a) = -1 + softplus(a), so that w^T u_hat = m(w^T u) > -1.
 * Then log |det df/dz| = log(1 + h' w^T u_hat) with h' = 1 - tanh^2, computed as
 * log(tanh^2 + h' softplus(w^T u)): both terms are non-negative, so it stays accurate where
 * w^T u_hat approaches -1.
 */
public final class PlanarLayer implements Transform {
    /** Keeps w / |w|^2 finite at w = 0 (where the layer is a constant shift and u_hat = u is fine). */
    private static final double MIN_SQUARED_NORM = 1e-12;

    private final Tensor u;
    private final Tensor w;
    private final Tensor b;

    public PlanarLayer(Parameters params, String name, int dimension) {
        // Uniform(-1/sqrt(d), 1/sqrt(d)): a small random hyperplane and shift, not the identity.
        double bound = 1 / Math.sqrt(dimension);
        this.u = params.add(name + ".u", uniform(dimension, bound));
        this.w = params.add(name + ".w", uniform(dimension, bound));
        this.b = params.add(name + ".b", torch.zeros(1));
    }

    private static Tensor uniform(int dimension, double bound) {
        return torch.rand(dimension).mul(new Scalar(2 * bound)).sub(new Scalar(bound));
    }

    /** u_hat, the constrained direction actually used: w^T u_hat >= -1 whatever u is. */
    public Tensor constrainedU() {
        Tensor wu = w.dot(u);
        return constrainedU(wu, torch.softplus(wu));
    }

    private Tensor constrainedU(Tensor wu, Tensor softplusWu) {
        Tensor correction = softplusWu.sub(new Scalar(1)).sub(wu)
                .div(w.square().sum().clamp_min(new Scalar(MIN_SQUARED_NORM)));
        return u.add(w.mul(correction));
    }

    public Tensor w() {
        return w;
    }

    @Override
    public Result forward(Tensor x) {
        throw new UnsupportedOperationException("a planar layer is defined in the sampling direction only "
                + "(latent to data) and has no closed-form inverse: use inverse(z), or Flow/SamplingDirectionFlow"
                + ".sampleWithLogProb for samples with their density");
    }

    @Override
    public Result inverse(Tensor z) {
        Tensor wu = w.dot(u);
        Tensor softplusWu = torch.softplus(wu);
        Tensor h = torch.tanh(z.mv(w).add(b));
        Tensor output = z.add(h.unsqueeze(1).mul(constrainedU(wu, softplusWu)));
        // 1 + (1 - h^2) m(w^T u) = softplus(w^T u) + h^2 (1 - softplus(w^T u))
        Tensor logAbsDet = h.square().mul(softplusWu.neg().add(new Scalar(1))).add(softplusWu).log();
        return new Result(output, logAbsDet);
    }
}
