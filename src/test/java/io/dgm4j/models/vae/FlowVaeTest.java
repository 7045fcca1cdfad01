package io.dgm4j.models.vae;

import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.eval.ImportanceWeightedBound;
import io.dgm4j.eval.TemperatureSampling;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.CompositeTransform;
import io.dgm4j.models.flows.ElementwiseAffine;
import io.dgm4j.models.flows.Permutation;
import io.dgm4j.models.flows.PlanarLayer;
import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.Activation;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.testing.NumericalJacobian;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The flow posterior's and flow prior's densities, their Monte Carlo KL, bounds, and ELBO surgery. */
class FlowVaeTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private static Vae family(FlowVaeFamily family, String... options) {
        Map<String, String> map = new java.util.HashMap<>(Map.of("latent", "2", "hidden", "8", "depth", "1"));
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        Vae model = (Vae) family.create(new ModelOptions(map), new int[] {2});
        perturb(model.parameters(), 0.3);
        return model;
    }

    private static Tensor points(long n) {
        return torch.randn(n, 2);
    }

    /** A mean with a standard error over independent values. */
    private record Mean(double value, double standardError) {
        static Mean of(float[] values) {
            double sum = 0;
            double sumSquares = 0;
            for (float v : values) {
                sum += v;
                sumSquares += (double) v * v;
            }
            double mean = sum / values.length;
            return new Mean(mean, Math.sqrt((sumSquares / values.length - mean * mean) / values.length));
        }
    }

    @Test
    void flowPosteriorDensityIsTheChangeOfVariablesOfItsReparameterisation() {
        Engine.seed(1);
        for (String kind : List.of("planar", "iaf")) {
            Vae model = family(FlowVaeFamily.posterior(), "posterior-flow", kind, "flow-steps", "3");
            assertFalse(model.hasClosedFormKl());
            try (NoGradGuard guard = new NoGradGuard()) {
                Posterior q = model.posterior(points(6));
                float[] eps = Tensors.toFloats(torch.randn(6, 2));
                float[] logQ = Tensors.toFloats(model.draw(q, Tensors.of(eps, 6, 2)).logQ());
                // z = flow(mean + std * eps) with eps ~ N(0, I): log q(z) = log N(eps) - log |det dz/deps|.
                double[] logDet = NumericalJacobian.logAbsDet(e -> model.draw(q, e).z(), eps, 2, 1e-2);
                for (int i = 0; i < 6; i++) {
                    double logNoise = -0.5 * (eps[2 * i] * eps[2 * i] + eps[2 * i + 1] * eps[2 * i + 1])
                            - Math.log(2 * Math.PI);
                    assertEquals(logNoise - logDet[i], logQ[i], 2e-3, kind + " point " + i);
                }
            }
        }
    }

    @Test
    void flowPriorDensityIntegratesToOneOverTheLatentPlane() {
        Engine.seed(2);
        int side = 400;
        double half = 12;
        double cell = 2 * half / side;
        float[] grid = new float[2 * side * side];
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                grid[2 * (i * side + j)] = (float) (-half + (i + 0.5) * cell);
                grid[2 * (i * side + j) + 1] = (float) (-half + (j + 0.5) * cell);
            }
        }
        for (String kind : List.of("realnvp", "maf")) {
            Vae model = family(FlowVaeFamily.prior(), "prior-flow", kind, "flow-steps", "2");
            try (NoGradGuard guard = new NoGradGuard()) {
                double mass = model.logPrior(Tensors.of(grid, side * side, 2)).exp().sum().item_double() * cell * cell;
                assertEquals(1.0, mass, 0.02, kind);
                // Not N(0, I): the flow changed the density.
                double logAtOrigin = model.logPrior(torch.zeros(1, 2)).item_double();
                assertTrue(Math.abs(logAtOrigin + Math.log(2 * Math.PI)) > 1e-3, kind + " " + logAtOrigin);
            }
        }
    }

    /** A VAE on 2-D points with a 2-D latent and the given latent flows. */
    private static Vae withFlows(LatentFlows.Builder flows) {
        Vae model = VaeFamily.build(new int[] {2}, 2, 8, 1, 1, Activation.TANH, "gaussian", 1.0, true,
                new VaeTraining(1, 1, 0), flows);
        perturb(model.parameters(), 0.3);
        return model;
    }

    @Test
    void monteCarloKlThroughIdentityFlowsMatchesTheClosedForm() {
        Engine.seed(4);
        Transform identity = new Permutation(new int[] {0, 1});
        List<Vae> models = List.of(
                withFlows((params, latent, hidden, depth, activation) -> new LatentFlows(identity, null)),
                withFlows((params, latent, hidden, depth, activation) -> new LatentFlows(null, identity)));
        int points = 5;
        int replicates = 4000;
        for (Vae model : models) {
            assertFalse(model.hasClosedFormKl());
            try (NoGradGuard guard = new NoGradGuard()) {
                Tensor x = points(points);
                float[] closedForm = Tensors.toFloats(model.posterior(x).klToStandardNormal());
                float[] monteCarlo = Tensors.toFloats(model.terms(x.repeat(replicates, 1)).kl());
                for (int i = 0; i < points; i++) {
                    float[] draws = new float[replicates];
                    for (int r = 0; r < replicates; r++) {
                        draws[r] = monteCarlo[r * points + i];
                    }
                    Mean estimate = Mean.of(draws);
                    assertEquals(closedForm[i], estimate.value(), 4 * estimate.standardError() + 1e-4,
                            "point " + i + " KL " + closedForm[i]);
                }
            }
        }
    }

    /**
     * On the exact probabilistic-PCA model of {@link VaeBoundsTest} (1-D latent, decoder affine in z),
     * with a random encoder and two random planar steps: the ELBO stays below log p(x), and the
     * IWAE bound with many samples lies between them.
     */
    @Test
    void elboWithAFlowPosteriorStaysBelowTheExactLogLikelihood() {
        Engine.seed(5);
        Vae model = VaeFamily.build(new int[] {2}, 1, 8, 1, 0, Activation.TANH, "gaussian", VaeBoundsTest.SIGMA,
                false, new VaeTraining(1, 1, 0), (params, latent, hidden, depth, activation) -> new LatentFlows(
                        new CompositeTransform(List.of(new PlanarLayer(params, "p0", latent),
                                new PlanarLayer(params, "p1", latent))), null));
        int points = 40;
        Tensor x;
        try (NoGradGuard guard = new NoGradGuard()) {
            model.parameters().get("decoder.w0").copy_(Tensors.of(VaeBoundsTest.W, 1, 2));
            model.parameters().get("decoder.b0").copy_(Tensors.of(VaeBoundsTest.B, 2));
            x = torch.randn(points, 1).mul(Tensors.of(VaeBoundsTest.W, 1, 2)).add(Tensors.of(VaeBoundsTest.B, 1, 2))
                    .add(torch.randn(points, 2).mul(new Scalar(VaeBoundsTest.SIGMA)));
        }
        double logP = 0;
        for (double v : VaeBoundsTest.exactLogDensity(Tensors.toFloats(x))) {
            logP += v / points;
        }
        Mean elbo;
        try (NoGradGuard guard = new NoGradGuard()) {
            elbo = Mean.of(Tensors.toFloats(model.elbo(x.repeat(500, 1))));
        }
        double iwae = Mean.of(Tensors.toFloats(new ImportanceWeightedBound(100_000).perExample(model, x, 2000)))
                .value();
        assertTrue(elbo.value() + 4 * elbo.standardError() < logP, "elbo " + elbo + " vs log p " + logP);
        assertTrue(elbo.value() - 4 * elbo.standardError() < iwae, "iwae_2000 " + iwae + " vs elbo " + elbo);
        assertTrue(iwae < logP + 0.02, "iwae_2000 " + iwae + " vs log p " + logP);
        assertTrue(iwae > logP - 0.5, "iwae_2000 " + iwae + " should approach log p " + logP);
    }

    /**
     * A flow prior z = shift + scale * eps (ElementwiseAffine's map of z to eps = (z - shift) / scale)
     * sampled at T: the temperature scales eps, so z = shift + scale * T * eps for the same eps, centred
     * on shift at every T (scaling z instead, T * (shift + scale * eps), would move the centre to T * shift).
     * Without a flow, z = T * eps as before.
     */
    @Test
    void temperatureScalesTheFlowPriorsBaseNoise() {
        float[] shift = {2, -1};
        float[] scale = {0.5f, 3};
        Vae affinePrior = withFlows((params, latent, hidden, depth, activation) ->
                new LatentFlows(null, new ElementwiseAffine(shift, scale)));
        Vae gaussianPrior = withFlows(LatentFlows.Builder.NONE);
        int n = 400;
        for (double t : new double[] {0.3, 1.0, 2.0}) {
            Engine.seed(11);
            float[] eps = Tensors.toFloats(torch.randn(n, 2));
            Engine.seed(11);
            float[] tempered = Tensors.toFloats(TemperatureSampling.latents(affinePrior, n, t));
            Engine.seed(11);
            float[] plain = Tensors.toFloats(TemperatureSampling.latents(gaussianPrior, n, t));
            for (int i = 0; i < 2 * n; i++) {
                assertEquals(shift[i % 2] + scale[i % 2] * t * eps[i], tempered[i], 1e-5, "T = " + t + " value " + i);
                assertEquals(t * eps[i], plain[i], 1e-6, "Gaussian prior, T = " + t + " value " + i);
            }
        }
    }
}
