package io.dgm4j.models.flows;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * One MAF layer (Papamakarios et al. 2017) over a {@link GaussianMade}. Density direction
 * (forward, data to latent) in one pass, since every (mu_i, alpha_i) reads only data:
 * z_i = (x_i - mu_i(x_&lt;i)) exp(-alpha_i(x_&lt;i)), log|det| = -sum alpha.
 * Sampling direction (inverse) in D passes: x_i needs x_&lt;i first, and pass k makes the features
 * of degree k exact (those of lower degree already are), so after D passes all of x is.
 *
 * <p>Used the other way round ({@link #inverted()}) this is an IAF layer (Kingma et al. 2016):
 * sampling in one pass, density in D.
 */
public final class MaskedAutoregressiveTransform implements Transform {
    private final GaussianMade made;
    private final int dimension;

    public MaskedAutoregressiveTransform(GaussianMade made) {
        this.made = made;
        this.dimension = made.inputDegrees().length;
    }

    public GaussianMade made() {
        return made;
    }

    @Override
    public Result forward(Tensor x) {
        Tensor[] muAlpha = made.forward(x);
        Tensor z = x.sub(muAlpha[0]).mul(muAlpha[1].neg().exp());
        return new Result(z, muAlpha[1].sum(1).neg());
    }

    @Override
    public Result inverse(Tensor z) {
        Tensor[] weights = made.maskedWeights();
        Tensor x = torch.zeros_like(z);
        Tensor alpha = null;
        for (int pass = 0; pass < dimension; pass++) {
            Tensor[] muAlpha = made.forward(weights, x);
            alpha = muAlpha[1];
            x = torch.addcmul(muAlpha[0], z, alpha.exp());
        }
        // The last pass read features of degree below D, all exact by then: its alpha is x's alpha.
        return new Result(x, alpha.sum(1));
    }
}
