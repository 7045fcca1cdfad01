package io.dgm4j.models.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.SamplesWithLogProb;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.testing.NumericalJacobian;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlanarRadialTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private static void set(Tensor parameter, float... values) {
        try (NoGradGuard g = new NoGradGuard()) {
            parameter.copy_(Tensors.of(values, values.length));
        }
    }

    /** The sampling map f = inverse(): its log-det must match central differences of f itself. */
    private static void assertLogDetMatchesNumericalJacobian(Transform t, int d) {
        float[] z = Tensors.toFloats(torch.randn(16, d).mul(new Scalar(1.5)));
        double[] numeric = NumericalJacobian.logAbsDet(v -> t.inverse(v).output(), z, d, 1e-3);
        float[] analytic;
        try (NoGradGuard g = new NoGradGuard()) {
            analytic = Tensors.toFloats(t.inverse(Tensors.of(z, 16, d)).logAbsDet());
        }
        for (int i = 0; i < 16; i++) {
            assertEquals(numeric[i], analytic[i], 5e-3, "example " + i);
        }
    }

    @Test
    void planarLogDetMatchesNumericalJacobianIncludingParametersThatNeedTheConstraint() {
        Engine.seed(11);
        for (int d : new int[] {2, 3}) {
            for (int trial = 0; trial < 4; trial++) {
                Parameters params = new Parameters();
                PlanarLayer layer = new PlanarLayer(params, "p", d);
                Tensor w = torch.randn(d);
                set(params.get("p.w"), Tensors.toFloats(w));
                // Trials 0 and 1: u = -3 w / |w|^2 (w^T u = -3), which without u_hat would fold space over.
                Tensor u = trial < 2 ? w.mul(new Scalar(-3)).div(w.square().sum()) : torch.randn(d).mul(new Scalar(2));
                set(params.get("p.u"), Tensors.toFloats(u));
                set(params.get("p.b"), (float) (trial - 1.5));
                assertLogDetMatchesNumericalJacobian(layer, d);
                try (NoGradGuard g = new NoGradGuard()) {
                    double wu = layer.w().dot(layer.constrainedU()).item_double();
                    assertTrue(wu >= -1, "w^T u_hat = " + wu);
                    if (trial < 2) {
                        // The exact value: m(-3) = -1 + softplus(-3).
                        assertEquals(-1 + Math.log1p(Math.exp(-3)), wu, 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void radialLogDetMatchesNumericalJacobianIncludingParametersThatNeedTheConstraint() {
        Engine.seed(12);
        for (int d : new int[] {2, 3}) {
            for (int trial = 0; trial < 4; trial++) {
                Parameters params = new Parameters();
                RadialLayer layer = new RadialLayer(params, "r", d);
                set(params.get("r.z0"), Tensors.toFloats(torch.randn(d).mul(new Scalar(0.5))));
                set(params.get("r.alpha"), (float) (trial - 1));
                // A raw beta of -4 gives beta = -alpha + softplus(-4), just above -alpha: nearly singular at z0.
                set(params.get("r.beta"), trial % 2 == 0 ? -4f : 2f);
                assertLogDetMatchesNumericalJacobian(layer, d);
                try (NoGradGuard g = new NoGradGuard()) {
                    double alpha = layer.alpha().item_double();
                    double beta = layer.beta().item_double();
                    assertTrue(alpha > 0, "alpha = " + alpha);
                    assertTrue(beta >= -alpha, "beta = " + beta + " < -alpha = " + -alpha);
                }
            }
        }
    }

    /** In 1-D invertible means strictly increasing: it must hold for parameters that violate the raw condition. */
    @Test
    void constrainedLayersAreStrictlyIncreasingIn1d() {
        Parameters params = new Parameters();
        PlanarLayer planar = new PlanarLayer(params, "p", 1);
        set(params.get("p.w"), 2f);
        set(params.get("p.u"), -5f);
        RadialLayer radial = new RadialLayer(params, "r", 1);
        set(params.get("r.z0"), 0.3f);
        set(params.get("r.alpha"), 0f);
        set(params.get("r.beta"), -6f);
        float[] grid = new float[401];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = -4 + 0.02f * i;
        }
        try (NoGradGuard g = new NoGradGuard()) {
            for (Transform t : new Transform[] {planar, radial}) {
                float[] f = Tensors.toFloats(t.inverse(Tensors.of(grid, grid.length, 1)).output());
                for (int i = 1; i < f.length; i++) {
                    assertTrue(f[i] > f[i - 1], t.getClass().getSimpleName() + " decreases at z = " + grid[i]);
                }
            }
        }
    }

    @Test
    void theDensityDirectionFailsClearly() {
        Parameters params = new Parameters();
        Tensor x = torch.zeros(3, 2);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new PlanarLayer(params, "p", 2).forward(x));
        assertTrue(e.getMessage().contains("sampling direction"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> new RadialLayer(params, "r", 2).forward(x));
    }

    /** The density of a sample from the sampling pass equals the density computed back through forward. */
    @Test
    void sampleWithLogProbAgreesWithLogProbOfAFlowWithAnInverse() {
        Flow flow = RealNvpTest.randomFlow(3, 4);
        Engine.seed(5);
        try (NoGradGuard g = new NoGradGuard()) {
            SamplesWithLogProb.Sample s = flow.sampleWithLogProb(256);
            float[] fromSampling = Tensors.toFloats(s.logProb());
            float[] fromForward = Tensors.toFloats(flow.logProb(s.values()));
            for (int i = 0; i < fromSampling.length; i++) {
                assertEquals(fromForward[i], fromSampling[i], 1e-4, "sample " + i);
            }
        }
    }

    /** A stack's log q of its samples is the base density minus the summed layer log-dets. */
    @Test
    void planarAndRadialFlowsGiveTheDensityOfTheirSamples() {
        for (String family : new String[] {"planar", "radial"}) {
            Engine.seed(3);
            SamplingDirectionFlow flow = (SamplingDirectionFlow) io.dgm4j.models.ModelRegistry.get(family)
                    .create(new ModelOptions(Map.of("layers", "3")), new int[] {2});
            Engine.seed(4);
            SamplesWithLogProb.Sample s;
            try (NoGradGuard g = new NoGradGuard()) {
                s = flow.sampleWithLogProb(8);
            }
            Engine.seed(4);
            float[] z = Tensors.toFloats(torch.randn(8, 2));
            double[] numericLogDet = NumericalJacobian.logAbsDet(v -> flow.transform().inverse(v).output(), z, 2, 1e-3);
            float[] logq = Tensors.toFloats(s.logProb());
            for (int i = 0; i < 8; i++) {
                double logBase = -0.5 * (z[2 * i] * z[2 * i] + z[2 * i + 1] * z[2 * i + 1]) - Math.log(2 * Math.PI);
                assertEquals(logBase - numericLogDet[i], logq[i], 5e-3, family + " sample " + i);
            }
            assertEquals(3 * (family.equals("planar") ? 5 : 4), flow.parameters().count());
        }
    }

    @Test
    void rejectsDataItCannotModel() {
        ModelOptions none = new ModelOptions(Map.of());
        assertThrows(InvalidInputException.class, () -> PlanarRadialFamily.planar().create(none, new int[] {1, 28, 28}));
        assertThrows(InvalidInputException.class, () -> PlanarRadialFamily.radial().create(none, new int[] {3, 4}));
        assertThrows(InvalidInputException.class,
                () -> PlanarRadialFamily.planar().create(new ModelOptions(Map.of("layers", "0")), new int[] {2}));
        assertEquals(16 * 7, PlanarRadialFamily.planar().create(none, new int[] {3}).parameters().count());
    }
}
