package io.dgm4j.eval;

import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.vae.FlowVaeFamily;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.testing.TinyImageFlow;
import java.util.Arrays;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LatentInterpolationTest {
    static final int[] IMAGE = {1, 4, 4};
    static final int D = 16;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private static float[] row(float[] values, int r) {
        return Arrays.copyOfRange(values, r * D, (r + 1) * D);
    }

    @Test
    void linearPathsEndAtTheirLatentsAndAreAffineInBetween() {
        Engine.seed(1);
        float[] a = Tensors.toFloats(torch.randn(3, 1, 4, 4));
        float[] b = Tensors.toFloats(torch.randn(3, 1, 4, 4));
        int steps = 5;
        Tensor path = LatentInterpolation.linear(Tensors.of(a, 3, 1, 4, 4), Tensors.of(b, 3, 1, 4, 4), steps);
        assertArrayEquals(new long[] {15, 1, 4, 4}, Tensors.shape(path));
        float[] z = Tensors.toFloats(path);
        for (int p = 0; p < 3; p++) {
            assertArrayEquals(row(a, p), row(z, p * steps), "pair " + p + " starts exactly at z1");
            assertArrayEquals(row(b, p), row(z, p * steps + steps - 1), "pair " + p + " ends exactly at z2");
            for (int k = 0; k < steps; k++) {
                double t = k / (steps - 1.0);
                for (int i = 0; i < D; i++) {
                    assertEquals((1 - t) * a[p * D + i] + t * b[p * D + i], z[(p * steps + k) * D + i], 1e-6);
                }
            }
        }
    }

    @Test
    void sphericalGridCornersAreTheFourLatents() {
        Engine.seed(2);
        float[] corners = Tensors.toFloats(torch.randn(4, 1, 4, 4));
        int steps = 6;
        float[] grid = Tensors.toFloats(LatentInterpolation.spherical(Tensors.of(corners, 4, 1, 4, 4), steps));
        assertEquals(steps * steps * D, grid.length);
        int[] cornerRows = {0, steps - 1, (steps - 1) * steps, steps * steps - 1};
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(row(corners, c), row(grid, cornerRows[c]), "corner z" + (c + 1));
        }
    }

    /**
     * |z|^2 = a^T G a for the scheme's coefficients a(phi, phi') and the Gram matrix G of z1..z4,
     * computed here in double from the formula; for orthogonal z's of equal norm r every point
     * of the grid has norm r (the grid lies on a sphere).
     */
    @Test
    void sphericalGridNormsFollowTheScheme() {
        Engine.seed(3);
        float[] corners = Tensors.toFloats(torch.randn(4, D));
        int steps = 7;
        float[] grid = Tensors.toFloats(LatentInterpolation.spherical(Tensors.of(corners, 4, D), steps));
        double[][] gram = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < D; k++) {
                    gram[i][j] += (double) corners[i * D + k] * corners[j * D + k];
                }
            }
        }
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < steps; j++) {
                double phi = i * Math.PI / 2 / (steps - 1), phiPrime = j * Math.PI / 2 / (steps - 1);
                double[] a = {Math.cos(phi) * Math.cos(phiPrime), Math.cos(phi) * Math.sin(phiPrime),
                        Math.sin(phi) * Math.cos(phiPrime), Math.sin(phi) * Math.sin(phiPrime)};
                double expected = 0;
                for (int p = 0; p < 4; p++) {
                    for (int q = 0; q < 4; q++) {
                        expected += a[p] * gram[p][q] * a[q];
                    }
                }
                double actual = 0;
                for (float v : row(grid, i * steps + j)) {
                    actual += (double) v * v;
                }
                assertEquals(expected, actual, 1e-5 * expected, "|z|^2 at phi index " + i + ", phi' index " + j);
            }
        }

        // Orthogonal corners of norm 3: scaled unit vectors e1..e4.
        float[] orthogonal = new float[4 * D];
        for (int c = 0; c < 4; c++) {
            orthogonal[c * D + c * 3] = 3;
        }
        float[] sphere = Tensors.toFloats(LatentInterpolation.spherical(Tensors.of(orthogonal, 4, D), steps));
        for (int r = 0; r < steps * steps; r++) {
            double norm = 0;
            for (float v : row(sphere, r)) {
                norm += (double) v * v;
            }
            assertEquals(3, Math.sqrt(norm), 1e-5, "grid point " + r);
        }
    }

    @Test
    void decodedEndsAreTheDataPointsForAFlow() {
        Flow flow = TinyImageFlow.create(IMAGE, 11);
        Engine.seed(4);
        float[] x = Tensors.toFloats(torch.rand(4, 1, 4, 4));
        Tensor data = Tensors.of(x, 4, 1, 4, 4);
        float[] paths = Tensors.toFloats(LatentInterpolation.linearPaths(flow, data.narrow(0, 0, 2), data.narrow(0, 2, 2), 5));
        assertEquals(10 * D, paths.length);
        assertArrayEquals(row(x, 0), row(paths, 0), 1e-5f);
        assertArrayEquals(row(x, 2), row(paths, 4), 1e-5f);
        assertArrayEquals(row(x, 1), row(paths, 5), 1e-5f);
        assertArrayEquals(row(x, 3), row(paths, 9), 1e-5f);
        // A flow is not linear: the decoded midpoint is not the midpoint of the data.
        double gap = 0;
        for (int i = 0; i < D; i++) {
            gap = Math.max(gap, Math.abs(paths[2 * D + i] - (x[i] + x[2 * D + i]) / 2));
        }
        assertTrue(gap > 1e-3, "decoded midpoint equals the data midpoint: the flow was skipped");

        int steps = 4;
        float[] grid = Tensors.toFloats(LatentInterpolation.sphericalGrid(flow, data, steps));
        int[] cornerRows = {0, steps - 1, (steps - 1) * steps, steps * steps - 1};
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(row(x, c), row(grid, cornerRows[c]), 1e-5f, "decoded corner " + c);
        }
    }

    /**
     * A flow prior's codes are not Gaussian, so the scheme's norms hold in its base noise: here
     * z = 2 eps + 3, and four codes whose noise is orthogonal with norm 3 give a grid whose noise keeps
     * norm 3 (a grid laid in z itself would not: its corners' z are far from orthogonal).
     */
    @Test
    void sphericalGridOfAFlowPriorIsLaidInItsBaseNoise() {
        LatentSpace affinePrior = new LatentSpace() {
            @Override
            public Tensor encode(Tensor x) {
                return x;
            }

            @Override
            public Tensor decode(Tensor z) {
                return z;
            }

            @Override
            public Tensor sampleLatent(long n) {
                return latentFromNoise(priorNoise(n));
            }

            @Override
            public Tensor priorNoise(long n) {
                return torch.randn(n, D);
            }

            @Override
            public Tensor latentFromNoise(Tensor eps) {
                return eps.mul(new Scalar(2.0)).add(new Scalar(3.0));
            }

            @Override
            public Tensor noiseFromLatent(Tensor z) {
                return z.sub(new Scalar(3.0)).div(new Scalar(2.0));
            }
        };
        float[] codes = new float[4 * D];
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < D; i++) {
                codes[c * D + i] = 3 + 2 * (i == c * 3 ? 3 : 0);
            }
        }
        int steps = 5;
        float[] grid = Tensors.toFloats(LatentInterpolation.sphericalGrid(affinePrior, Tensors.of(codes, 4, D), steps));
        for (int r = 0; r < steps * steps; r++) {
            double norm = 0;
            for (float z : row(grid, r)) {
                norm += Math.pow((z - 3) / 2.0, 2);
            }
            assertEquals(3, Math.sqrt(norm), 1e-5, "noise norm of grid point " + r);
        }
    }

    /** A real vae-flow-prior: noiseFromLatent undoes latentFromNoise, through a flow that moves the points. */
    @Test
    void flowPriorVaeNoiseAndLatentAreInverses() {
        Engine.seed(6);
        LatentSpace vae = (LatentSpace) FlowVaeFamily.prior().create(new ModelOptions(
                Map.of("latent", "2", "hidden", "8", "depth", "1", "flow-steps", "2")), IMAGE);
        perturb(((GenerativeModel) vae).parameters(), 0.5);
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor eps = torch.randn(6, 2);
            Tensor z = vae.latentFromNoise(eps);
            assertTrue(torch.sub(z, eps).abs().max().item_double() > 0.1, "the perturbed flow moves the noise");
            assertArrayEquals(Tensors.toFloats(eps), Tensors.toFloats(vae.noiseFromLatent(z)), 1e-4f);
        }
    }
}
