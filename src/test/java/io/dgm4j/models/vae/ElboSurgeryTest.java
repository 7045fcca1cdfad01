package io.dgm4j.models.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Activation;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ELBO surgery: known answers at the two extremes, and the identity MI + marginal KL = average KL. */
class ElboSurgeryTest {
    private static final int POINTS = 50;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** A VAE on 2-D points with a 2-D latent and an affine encoder: mean = scale * x, log-variance = logVar. */
    private static Vae affineEncoder(double scale, double logVar) {
        Vae model = VaeFamily.build(new int[] {2}, 2, 8, 0, 1, Activation.TANH, "gaussian", 1.0, true,
                new VaeTraining(1, 1, 0));
        float s = (float) scale;
        float v = (float) logVar;
        try (NoGradGuard guard = new NoGradGuard()) {
            model.parameters().get("encoder.w0").copy_(Tensors.of(new float[] {s, 0, 0, 0, 0, s, 0, 0}, 2, 4));
            model.parameters().get("encoder.b0").copy_(Tensors.of(new float[] {0.3f, -0.2f, v, v}, 4));
        }
        return model;
    }

    /** Points 0.5 apart on a line. */
    private static Tensor line() {
        float[] values = new float[2 * POINTS];
        for (int i = 0; i < POINTS; i++) {
            values[2 * i] = 0.5f * i;
        }
        return Tensors.of(values, POINTS, 2);
    }

    @Test
    void identicalPosteriorsCarryNoInformationAndTheirKlIsAllMarginal() {
        Engine.seed(1);
        Vae model = affineEncoder(0, -1);
        ElboSurgery.Result r = ElboSurgery.estimate(model, line());
        assertEquals(0, r.mutualInformation(), 1e-5);
        // Every posterior is N((0.3, -0.2), e^-1 I): KL = (|m|^2 + sum(var - 1 - log var)) / 2, up to MC error.
        double kl = 0.5 * (0.09 + 0.04 + 2 * Math.exp(-1));
        assertEquals(kl, r.marginalKl(), 0.15, "closed form " + kl);
    }

    @Test
    void separatedPosteriorsIdentifyTheirExampleAndReachLogN() {
        Engine.seed(2);
        // Means 5 apart with std e^-5: each draw is log N more likely under its own posterior.
        ElboSurgery.Result r = ElboSurgery.estimate(affineEncoder(10, -10), line());
        assertEquals(Math.log(POINTS), r.mutualInformation(), 1e-4);
    }

    /**
     * Posteriors of std e^-30 at distances up to 250 from the origin: the expanded distances lose every digit
     * there (they gave 1e4 nats, above log N), the direct ones keep the answer.
     */
    @Test
    void veryNarrowPosteriorsFarFromTheOriginStillReachLogN() {
        Engine.seed(4);
        ElboSurgery.Result r = ElboSurgery.estimate(affineEncoder(10, -60), line());
        assertEquals(Math.log(POINTS), r.mutualInformation(), 1e-4);
    }

    @Test
    void mutualInformationPlusMarginalKlIsTheAverageKl() {
        Engine.seed(3);
        Tensor x = torch.randn(POINTS, 2);
        Vae gaussian = affineEncoder(0.8, -1.5);
        Vae flowPrior = (Vae) FlowVaeFamily.prior().create(new ModelOptions(Map.of("hidden", "8", "flow-steps", "2")),
                new int[] {2});
        Vae flowPosterior = (Vae) FlowVaeFamily.posterior().create(new ModelOptions(Map.of("hidden", "8")),
                new int[] {2});
        for (Vae model : new Vae[] {gaussian, flowPrior, flowPosterior}) {
            int repeats = 200;
            double[] sums = new double[repeats];
            double mutualInformation = 0;
            for (int r = 0; r < repeats; r++) {
                ElboSurgery.Result surgery = ElboSurgery.estimate(model, x);
                assertTrue(surgery.mutualInformation() <= Math.log(POINTS) + 1e-5, "I <= log N");
                sums[r] = surgery.mutualInformation() + surgery.marginalKl();
                mutualInformation += surgery.mutualInformation() / repeats;
            }
            assertTrue(mutualInformation > 0, "I(x; z) = " + mutualInformation);
            double mean = 0;
            double squares = 0;
            for (double s : sums) {
                mean += s / repeats;
                squares += s * s / repeats;
            }
            double standardError = Math.sqrt((squares - mean * mean) / repeats);
            // The KL term by the model itself: closed form for the Gaussian one, many draws otherwise.
            double averageKl;
            try (NoGradGuard guard = new NoGradGuard()) {
                averageKl = model.terms(x.repeat(400, 1)).kl().mean().item_double();
            }
            double tolerance = 4 * standardError + (model.hasClosedFormKl() ? 0 : 0.05);
            assertEquals(averageKl, mean, tolerance, "average KL " + averageKl + ", I + marginal KL " + mean);
        }
    }
}
