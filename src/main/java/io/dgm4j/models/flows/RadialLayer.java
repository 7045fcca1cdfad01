package io.dgm4j.models.flows;

import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * One radial flow layer (Rezende and Mohamed 2015), f(z) = z + beta (z - z0) / (alpha + r) with
 * r = |z - z0|, defined in the sampling direction (latent to data): its inverse has no closed form,
 * so {@link #forward} (data to latent) is unsupported and {@link #inverse} computes f.
 *
 * <p>f is invertible iff beta >= -alpha, so alpha = softplus(a) > 0 and beta = -alpha + softplus(c)
 * for free parameters a and c. With h = 1 / (alpha + r),
 * log |det df/dz| = (d - 1) log(1 + beta h) + log(1 + beta h + beta h'(r) r), computed in the
 * equivalent forms (d - 1) [log(softplus(c) + r) - log(alpha + r)] and
 * log(alpha softplus(c) + 2 alpha r + r^2) - 2 log(alpha + r), whose terms are all non-negative.
 */
public final class RadialLayer implements Transform {
    private final Tensor center;
    private final Tensor rawAlpha;
    private final Tensor rawBeta;
    private final int dimension;

    public RadialLayer(Parameters params, String name, int dimension) {
        this.dimension = dimension;
        this.center = params.add(name + ".z0", torch.randn(dimension));
        this.rawAlpha = params.add(name + ".alpha", torch.randn(1).mul(new Scalar(0.5)));
        this.rawBeta = params.add(name + ".beta", torch.randn(1).mul(new Scalar(0.5)));
    }

    public Tensor alpha() {
        return torch.softplus(rawAlpha);
    }

    /** beta = -alpha + softplus(c) >= -alpha whatever the free parameter c is. */
    public Tensor beta() {
        return alphaPlusBeta().sub(alpha());
    }

    private Tensor alphaPlusBeta() {
        return torch.softplus(rawBeta);
    }

    @Override
    public Result forward(Tensor x) {
        throw new UnsupportedOperationException("a radial layer is defined in the sampling direction only "
                + "(latent to data) and has no closed-form inverse: use inverse(z), or Flow/SamplingDirectionFlow"
                + ".sampleWithLogProb for samples with their density");
    }

    @Override
    public Result inverse(Tensor z) {
        Tensor alpha = alpha();
        Tensor alphaPlusBeta = alphaPlusBeta();
        Tensor offset = z.sub(center);
        Tensor r = offset.square().sum(1).sqrt();
        Tensor alphaPlusR = r.add(alpha);
        Tensor betaH = alphaPlusBeta.sub(alpha).div(alphaPlusR);
        Tensor output = z.add(offset.mul(betaH.unsqueeze(1)));
        Tensor logAlphaPlusR = alphaPlusR.log();
        Tensor radialTerm = alpha.mul(alphaPlusBeta).add(r.mul(alpha).mul(new Scalar(2))).add(r.square()).log()
                .sub(logAlphaPlusR.mul(new Scalar(2)));
        Tensor logAbsDet = r.add(alphaPlusBeta).log().sub(logAlphaPlusR).mul(new Scalar(dimension - 1)).add(radialTerm);
        return new Result(output, logAbsDet);
    }
}
