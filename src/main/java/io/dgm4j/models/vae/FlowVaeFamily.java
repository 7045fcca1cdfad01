package io.dgm4j.models.vae;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.CompositeTransform;
import io.dgm4j.models.flows.AlternatingCouplings;
import io.dgm4j.models.flows.GaussianMade;
import io.dgm4j.models.flows.MadeDegrees;
import io.dgm4j.models.flows.MaskedAutoregressiveTransform;
import io.dgm4j.models.flows.Permutation;
import io.dgm4j.models.flows.PlanarLayer;
import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * VAEs with a flow in the latent space, trained on the ELBO with a Monte Carlo KL term. Options: those
 * of {@code vae}, plus flow-steps (4) and
 * <ul>
 *   <li>{@code vae-flow-posterior}: posterior-flow (planar or iaf): q(z|x) is the encoder's Gaussian
 *       followed by flow-steps planar layers or IAF layers shared by all x (Rezende and Mohamed 2015;
 *       Kingma et al. 2016 without the context input);</li>
 *   <li>{@code vae-flow-prior}: prior-flow (realnvp or maf): p(z) is that flow over N(0, I), so the
 *       KL term also fits the prior to the aggregate posterior.</li>
 * </ul>
 * The IAF, RealNVP and MAF nets use the encoder's hidden width and depth (MADEs: one hidden layer).
 */
public final class FlowVaeFamily implements ModelFactory {
    private final boolean flowPosterior;

    private FlowVaeFamily(boolean flowPosterior) {
        this.flowPosterior = flowPosterior;
    }

    public static FlowVaeFamily posterior() {
        return new FlowVaeFamily(true);
    }

    public static FlowVaeFamily prior() {
        return new FlowVaeFamily(false);
    }

    @Override
    public String name() {
        return flowPosterior ? "vae-flow-posterior" : "vae-flow-prior";
    }

    @Override
    public String description() {
        return flowPosterior
                ? "VAE whose q(z|x) is the encoder Gaussian followed by a flow (--opt posterior-flow=planar|iaf)"
                : "VAE whose prior p(z) is a flow (--opt prior-flow=realnvp|maf), fitted to the aggregate posterior";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        int steps = options.positiveInt("flow-steps", 4);
        LatentFlows.Builder flows;
        if (flowPosterior) {
            String kind = options.choice("posterior-flow", "planar", "planar", "iaf");
            flows = (params, latent, hidden, depth, activation) -> new LatentFlows(
                    kind.equals("planar") ? planar(params, latent, steps)
                            : autoregressive(params, "posterior", kind, latent, steps, hidden, activation).inverted(),
                    null);
        } else {
            String kind = options.choice("prior-flow", "realnvp", "realnvp", "maf");
            flows = (params, latent, hidden, depth, activation) -> new LatentFlows(null, kind.equals("realnvp")
                    ? couplings(params, latent, steps, hidden, depth, activation)
                    : autoregressive(params, "prior", kind, latent, steps, hidden, activation));
        }
        return VaeFamily.create(options, dataShape, 1, flows);
    }

    private static Transform planar(Parameters params, int latent, int steps) {
        List<Transform> layers = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            layers.add(new PlanarLayer(params, "posterior.planar" + k, latent));
        }
        return new CompositeTransform(layers);
    }

    /**
     * MAF layers in the density direction, a reversal between them. Used inverted for the posterior,
     * its one-pass direction then maps z0 to z: IAF.
     */
    private static Transform autoregressive(Parameters params, String role, String kind, int latent, int steps,
                                            int hidden, Activation activation) {
        requireTwoDimensions(kind, latent);
        List<Transform> layers = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            if (k > 0) {
                layers.add(Permutation.reverse(latent));
            }
            layers.add(new MaskedAutoregressiveTransform(new GaussianMade(params, role + ".made" + k,
                    MadeDegrees.natural(latent), hidden, 1, activation, true)));
        }
        return new CompositeTransform(layers);
    }

    private static Transform couplings(Parameters params, int latent, int steps, int hidden, int depth,
                                       Activation activation) {
        requireTwoDimensions("realnvp", latent);
        return new AlternatingCouplings(params, "prior.coupling", latent, steps, hidden, depth, activation);
    }

    private static void requireTwoDimensions(String kind, int latent) {
        if (latent < 2) {
            throw new InvalidInputException("a " + kind + " flow on the latent needs at least 2 latent dimensions, "
                    + "but latent=" + latent + ": use --opt latent=2 or more");
        }
    }
}
