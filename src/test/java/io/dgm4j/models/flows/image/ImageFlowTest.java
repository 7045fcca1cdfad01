package io.dgm4j.models.flows.image;

import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.eval.DequantizationBound;
import io.dgm4j.eval.Likelihood;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.CompositeTransform;
import io.dgm4j.models.flows.ElementwiseAffine;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.flows.RealNvp;
import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.Parameters;
import io.dgm4j.nn.ResidualConvNet;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.testing.NumericalJacobian;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageFlowTest {
    private static final double ALPHA = 0.05;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /**
     * Builds a model in double precision, for the Jacobian checks: central differences of a float32
     * map of 16-64 coordinates through a dozen conv layers carry errors of ~1e-2 in log|det|.
     */
    static <T> T inDoublePrecision(Supplier<T> build) {
        torch.set_default_dtype(torch.scalarTypeToTypeMeta(torch.ScalarType.Double));
        try {
            return build.get();
        } finally {
            torch.set_default_dtype(torch.scalarTypeToTypeMeta(torch.ScalarType.Float));
        }
    }

    static Tensor inDouble(Tensor x) {
        return x.to(torch.ScalarType.Double);
    }

    /**
     * log|det J| of t (built in double precision) at images x [n, C, H, W] against central
     * differences computed in double precision end to end (inputs, outputs, the determinant).
     */
    static void assertLogDetMatchesNumericalJacobian(Transform t, int n, long c, long h, long w, float[] x) {
        int d = (int) (c * h * w);
        double step = 1e-4;
        double[][][] jacobian = new double[n][d][d];
        try (NoGradGuard g = new NoGradGuard()) {
            for (int j = 0; j < d; j++) {
                double[] plus = new double[x.length];
                double[] minus = new double[x.length];
                for (int k = 0; k < x.length; k++) {
                    plus[k] = x[k] + (k % d == j ? step : 0);
                    minus[k] = x[k] - (k % d == j ? step : 0);
                }
                double[] fp = doubles(t.forward(AbstractTensor.create(plus, n, c, h, w)).output());
                double[] fm = doubles(t.forward(AbstractTensor.create(minus, n, c, h, w)).output());
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < d; k++) {
                        jacobian[i][k][j] = (fp[i * d + k] - fm[i * d + k]) / (2 * step);
                    }
                }
            }
            float[] analytic = Tensors.toFloats(t.forward(inDouble(Tensors.of(x, n, c, h, w))).logAbsDet());
            for (int i = 0; i < n; i++) {
                double numeric = NumericalJacobian.logAbsDeterminant(jacobian[i]);
                assertEquals(numeric, analytic[i], 1e-4 * Math.max(1, Math.abs(numeric)), "example " + i);
            }
        }
    }

    static double[] doubles(Tensor t) {
        Tensor c = t.to(torch.ScalarType.Double).contiguous();
        double[] out = new double[(int) c.numel()];
        try (DoublePointer p = c.data_ptr_double()) {
            p.get(out);
        }
        return out;
    }

    static void assertLogDetMatchesNumericalJacobian(Transform t, int n, long c, long h, long w) {
        assertLogDetMatchesNumericalJacobian(t, n, c, h, w, Tensors.toFloats(torch.randn(n, c, h, w)));
    }

    static void assertRoundTrip(Transform t, Tensor x) {
        try (NoGradGuard g = new NoGradGuard()) {
            Transform.Result forward = t.forward(inDouble(x));
            Transform.Result back = t.inverse(forward.output());
            assertArrayEquals(Tensors.toFloats(x), Tensors.toFloats(back.output()), 1e-5f);
            for (float s : Tensors.toFloats(forward.logAbsDet().add(back.logAbsDet()))) {
                assertEquals(0, s, 1e-5);
            }
        }
    }

    @Test
    void squeezeMovesEach2x2PatchIntoChannels() {
        Tensor x = Tensors.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 1, 1, 4, 4);
        Tensor z = new Squeeze().forward(x).output();
        assertArrayEquals(new long[] {1, 4, 2, 2}, Tensors.shape(z));
        // channel 2i+j holds pixel (2y+i, 2x+j)
        assertArrayEquals(new float[] {0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15}, Tensors.toFloats(z));
        assertLogDetMatchesNumericalJacobian(new Squeeze(), 3, 2, 2, 4);
        assertRoundTrip(new Squeeze(), torch.randn(3, 2, 4, 2));
    }

    @Test
    void logitLogDetMatchesNumericalJacobian() {
        LogitTransform logit = new LogitTransform(ALPHA);
        float[] y = Tensors.toFloats(torch.rand(4, 1, 2, 2).mul(new Scalar(0.9)).add(new Scalar(0.05)));
        assertLogDetMatchesNumericalJacobian(logit, 4, 1, 2, 2, y);
        assertLogDetMatchesNumericalJacobian(logit, 4, 1, 2, 2, Tensors.toFloats(torch.rand(4, 1, 2, 2)));
        assertLogDetMatchesNumericalJacobian(logit.inverted(), 4, 1, 2, 2);
        assertRoundTrip(logit, torch.rand(4, 2, 2, 2));
    }

    @Test
    void checkerboardCouplingLogDetAndRoundTrip() {
        for (int parity = 0; parity < 2; parity++) {
            Parameters params = new Parameters();
            int p = parity;
            CheckerboardCoupling c = inDoublePrecision(() -> new CheckerboardCoupling(params, "c", 2, 4, 4, p,
                    ResidualConvNet.factory(8, 1), 0));
            perturb(params, 0.3);
            assertLogDetMatchesNumericalJacobian(c, 3, 2, 4, 4);
            assertLogDetMatchesNumericalJacobian(c.inverted(), 3, 2, 4, 4);
            Tensor x = torch.randn(3, 2, 4, 4);
            assertRoundTrip(c, x);
            // the conditioning pixels pass through unchanged, the others change
            try (NoGradGuard g = new NoGradGuard()) {
                float[] before = Tensors.toFloats(x);
                float[] after = Tensors.toFloats(c.forward(inDouble(x)).output());
                int changed = 0;
                for (int i = 0; i < before.length; i++) {
                    int row = (i / 4) % 4;
                    int col = i % 4;
                    if ((row + col) % 2 == parity) {
                        assertEquals(before[i], after[i], 0f);
                    } else if (before[i] != after[i]) {
                        changed++;
                    }
                }
                assertEquals(before.length / 2, changed);
            }
        }
    }

    @Test
    void channelCouplingLogDetAndRoundTrip() {
        for (boolean first : new boolean[] {true, false}) {
            for (int channels : new int[] {4, 3}) {
                Parameters params = new Parameters();
                int cs = channels;
                boolean f = first;
                ChannelCoupling c = inDoublePrecision(
                        () -> new ChannelCoupling(params, "c", cs, f, ResidualConvNet.factory(8, 1)));
                perturb(params, 0.3);
                assertLogDetMatchesNumericalJacobian(c, 3, channels, 2, 2);
                assertLogDetMatchesNumericalJacobian(c.inverted(), 3, channels, 2, 2);
                assertRoundTrip(c, torch.randn(3, channels, 2, 2));
            }
        }
    }

    static ImageFlow tinyRealNvp(int[] shape, String dequantization) {
        Engine.seed(3);
        ImageFlow model = (ImageFlow) new RealNvp().create(new ModelOptions(Map.of("scales", "2", "couplings", "2",
                "blocks", "1", "channels", "4", "dequantization", dequantization, "dequant_channels", "4")), shape);
        perturb(model.parameters(), 0.2);
        return model;
    }

    @Test
    void multiScaleRealNvpLogDetAndRoundTrip() {
        ImageFlow model = inDoublePrecision(() -> tinyRealNvp(new int[] {1, 4, 4}, "uniform"));
        Transform t = model.flow().transform();
        assertLogDetMatchesNumericalJacobian(t, 3, 1, 4, 4);
        assertRoundTrip(t, torch.randn(5, 1, 4, 4));
        ImageFlow three = inDoublePrecision(() -> (ImageFlow) new RealNvp().create(new ModelOptions(Map.of(
                "scales", "3", "couplings", "1", "blocks", "1", "channels", "4")), new int[] {2, 4, 4}));
        perturb(three.parameters(), 0.2);
        assertLogDetMatchesNumericalJacobian(three.flow().transform(), 2, 2, 4, 4);
        assertRoundTrip(three.flow().transform(), torch.randn(5, 2, 4, 4));
    }

    @Test
    void glowLogDetAndRoundTrip() {
        for (String lu : new String[] {"false", "true"}) {
            Engine.seed(4);
            ImageFlow model = inDoublePrecision(() -> (ImageFlow) new Glow().create(new ModelOptions(Map.of(
                    "levels", "2", "steps", "2", "channels", "4", "lu", lu)), new int[] {1, 4, 4}));
            perturb(model.parameters(), 0.2);
            Transform t = model.flow().transform();
            try (NoGradGuard g = new NoGradGuard()) {
                t.forward(inDouble(torch.randn(16, 1, 4, 4))); // ActNorm's data-dependent initialisation, before the checks
            }
            assertLogDetMatchesNumericalJacobian(t, 3, 1, 4, 4);
            assertRoundTrip(t, torch.randn(5, 1, 4, 4));
        }
    }

    /** Pixels in [0, 1] in, pixels in [0, 1] out, latent of the image's shape. */
    @Test
    void imageModelShapes() {
        ImageFlow model = tinyRealNvp(new int[] {1, 4, 4}, "variational");
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor samples = model.sample(6);
            assertArrayEquals(new long[] {6, 1, 4, 4}, Tensors.shape(samples));
            for (float v : Tensors.toFloats(samples)) {
                assertTrue(v >= 0 && v <= 1, "sample pixel " + v);
            }
            Tensor x = torch.randint(256, new long[] {6, 1, 4, 4}).div(new Scalar(255.0));
            assertArrayEquals(new long[] {6, 1, 4, 4}, Tensors.shape(model.encode(x)));
            assertArrayEquals(new long[] {6}, Tensors.shape(model.logProb(x)));
            // decode(encode(x)) lands in x's quantisation cell
            float[] decoded = Tensors.toFloats(model.decode(model.encode(x)));
            float[] pixels = Tensors.toFloats(x);
            for (int i = 0; i < pixels.length; i++) {
                assertEquals(Math.round(pixels[i] * 255), (int) Math.floor(decoded[i] * 256), "pixel " + i);
            }
        }
    }

    /** An image flow whose flow is the fixed map v -> (v - shift) / scale, so p_V is a known normal. */
    static ImageFlow fixedFlow(int[] shape, Dequantization dequantization, Parameters params, float shift, float scale) {
        Transform affine = new ElementwiseAffine(new float[] {shift}, new float[] {scale});
        Transform perPixel = new CompositeTransform(List.of(affine));
        int d = shape[0] * shape[1] * shape[2];
        Transform flat = new Transform() {
            @Override
            public Result forward(Tensor x) {
                Result r = perPixel.forward(x);
                // ElementwiseAffine reports one feature's log-det; the image has d of them
                return new Result(r.output(), r.logAbsDet().mul(new Scalar(d)));
            }

            @Override
            public Result inverse(Tensor z) {
                Result r = perPixel.inverse(z);
                return new Result(r.output(), r.logAbsDet().mul(new Scalar(d)));
            }
        };
        Flow flow = new Flow(new StandardNormal(shape), flat, params, shape);
        return new ImageFlow(flow, dequantization, new LogitTransform(ALPHA));
    }

    /** log p_Y(y) per pixel for the fixed flow, computed by hand in double precision. */
    static double logDensityOfY(double y, double shift, double scale) {
        double p = ALPHA + (1 - 2 * ALPHA) * y;
        double v = Math.log(p / (1 - p));
        double z = (v - shift) / scale;
        return -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - Math.log(scale) + Math.log((1 - 2 * ALPHA) / (p * (1 - p)));
    }

    /** Simpson's rule on [a, b] with 2000 intervals. */
    static double integrate(java.util.function.DoubleUnaryOperator f, double a, double b) {
        int m = 2000;
        double h = (b - a) / m;
        double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < m; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        }
        return sum * h / 3;
    }

    /** Both the dequantisation term (-D log 256) and the logit log-det enter bits/dim as papers define it. */
    @Test
    void bitsPerDimOfAFixedFlowOnAConstantImage() {
        int[] shape = {1, 4, 4};
        int k = 100;
        ImageFlow model = fixedFlow(shape, new UniformDequantization(), new Parameters(), 0.3f, 1.5f);
        Tensor images = torch.full(new long[] {2000, 1, 4, 4}, new Scalar(k / 255.0));
        // E_u[log p_Y((k + u)/256)] - log 256 per pixel, by quadrature over the cell
        double perPixel = integrate(u -> logDensityOfY((k + u) / 256, 0.3, 1.5), 0, 1) - Math.log(256);
        double expectedBitsPerDim = -perPixel / Math.log(2);
        double nll = Likelihood.meanNll(model, images);
        assertEquals(expectedBitsPerDim, Likelihood.bitsPerDim(nll, 16), 2e-4);
        assertEquals(nll, Likelihood.meanNll(model, images), 0.0, "evaluation must be repeatable");
    }

    /** log P(k) exactly: the integral of p_Y over the cell [k/256, (k+1)/256]. */
    static double exactLogProbability(int k, double shift, double scale) {
        return Math.log(integrate(y -> Math.exp(logDensityOfY(y, shift, scale)), k / 256.0, (k + 1) / 256.0));
    }

    static double[] meanAndStandardError(Tensor values) {
        float[] v = Tensors.toFloats(values);
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double var = 0;
        for (float x : v) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(var / (v.length - 1) / v.length)};
    }

    @Test
    void dequantisationBoundsAreBelowTheExactDiscreteLogProbability() {
        int[] shape = {1, 1, 1};
        double shift = 0.3;
        double scale = 1.5;
        ImageFlow uniform = fixedFlow(shape, new UniformDequantization(), new Parameters(), (float) shift, (float) scale);
        Engine.seed(5);
        Parameters params = new Parameters();
        VariationalDequantization q = new VariationalDequantization(params, "q", shape, ResidualConvNet.factory(4, 1));
        perturb(params, 0.3);
        ImageFlow variational = fixedFlow(shape, q, params, (float) shift, (float) scale);
        for (int k : new int[] {0, 37, 128, 255}) {
            double exact = exactLogProbability(k, shift, scale);
            Tensor images = torch.full(new long[] {4000, 1, 1, 1}, new Scalar(k / 255.0));
            try (NoGradGuard g = new NoGradGuard()) {
                double[] u = meanAndStandardError(uniform.logProb(images));
                double expected = integrate(v -> logDensityOfY((k + v) / 256, shift, scale), 0, 1) - Math.log(256);
                assertEquals(expected, u[0], 4 * u[1] + 1e-5, "uniform bound at k=" + k);
                assertTrue(u[0] <= exact + 4 * u[1] + 1e-6, "uniform bound " + u[0] + " > log P " + exact);
                double[] v = meanAndStandardError(variational.logProb(images));
                assertTrue(v[0] <= exact + 4 * v[1] + 1e-6, "variational bound " + v[0] + " > log P " + exact);
                assertTrue(v[0] > exact - 1, "variational bound far too loose: " + v[0] + " vs " + exact);
            }
        }
    }

    /**
     * The K-draw bound of {@link DequantizationBound} rises with K to the exact log P(k) of a flow
     * that factorises over pixels (log P(k) = sum of per-pixel cell integrals, by quadrature), with a
     * poor variational q, whose one-draw bound sits well below it. Two images with different log P(k)
     * alternate in the batch, so that weights assigned to the wrong image would show.
     */
    @Test
    void importanceWeightedDequantisationBoundRisesToTheExactLogProbability() {
        int[] shape = {1, 2, 2};
        double shift = 0.3;
        double scale = 1.5;
        int[][] pixels = {{0, 37, 128, 255}, {0, 0, 0, 0}};
        int copies = 500;
        Engine.seed(5);
        Parameters params = new Parameters();
        VariationalDequantization q = new VariationalDequantization(params, "q", shape, ResidualConvNet.factory(4, 1));
        perturb(params, 0.1);
        ImageFlow model = fixedFlow(shape, q, params, (float) shift, (float) scale);
        float[] values = new float[2 * copies * 4];
        for (int row = 0; row < 2 * copies; row++) {
            for (int i = 0; i < 4; i++) {
                values[row * 4 + i] = pixels[row % 2][i] / 255f;
            }
        }
        Tensor images = Tensors.of(values, 2 * copies, 1, 2, 2);
        Tensor oneDraw;
        try (NoGradGuard g = new NoGradGuard()) {
            oneDraw = model.logProb(images);
        }
        Tensor[] bounds = new Tensor[4];
        long[] ks = {1, 10, 100, 1000};
        for (int j = 0; j < ks.length; j++) {
            bounds[j] = DequantizationBound.perExample(model, images, ks[j], done -> { });
        }
        for (int image = 0; image < 2; image++) {
            double exact = 0;
            for (int k : pixels[image]) {
                exact += exactLogProbability(k, shift, scale);
            }
            double[] one = meanAndStandardError(oneDraw.view(copies, 2).select(1, image));
            double[] previous = null;
            for (int j = 0; j < ks.length; j++) {
                double[] bound = meanAndStandardError(bounds[j].view(copies, 2).select(1, image));
                String what = "image " + image + ", K=" + ks[j] + ": ";
                assertTrue(bound[0] <= exact + 3 * bound[1], what + bound[0] + " > log P " + exact);
                if (previous == null) {
                    assertEquals(one[0], bound[0], 4 * Math.hypot(one[1], bound[1]), what + "the one-draw bound");
                    assertTrue(bound[0] < exact - 0.3, what + "a poor q should leave a gap: " + bound[0] + " vs " + exact);
                } else {
                    assertTrue(bound[0] > previous[0] + 2 * Math.hypot(previous[1], bound[1]),
                            what + bound[0] + " not above " + previous[0]);
                }
                previous = bound;
            }
            assertEquals(exact, previous[0], 0.1, "image " + image + ": K=1000 within 0.1 nats of log P(k)");
        }
    }

    /** log q(u | k) = log N(e) - log|du/de|: checked against the numerical Jacobian of e -> u. */
    @Test
    void variationalNoiseDensityMatchesNumericalJacobian() {
        Engine.seed(11);
        Parameters params = new Parameters();
        int[] shape = {1, 2, 2};
        VariationalDequantization q = new VariationalDequantization(params, "q", shape, ResidualConvNet.factory(4, 1));
        perturb(params, 0.3);
        Tensor counts = torch.randint(256, new long[] {3, 1, 2, 2}).to(torch.ScalarType.Float);
        float[] noise = Tensors.toFloats(torch.randn(3, 4));
        try (NoGradGuard g = new NoGradGuard()) {
            double[] logDet = NumericalJacobian.logAbsDet(e -> q.push(e.view(3, 1, 2, 2), counts).u().reshape(3, 4),
                    noise, 4, 1e-3);
            Tensor e = Tensors.of(noise, 3, 1, 2, 2);
            float[] logQ = Tensors.toFloats(q.push(e, counts).logDensity());
            float[] logNormal = Tensors.toFloats(new StandardNormal(shape).logProb(e));
            for (int i = 0; i < 3; i++) {
                assertEquals(logNormal[i] - logDet[i], logQ[i], 2e-2, "example " + i);
            }
            float[] u = Tensors.toFloats(q.draw(counts, new GeneratorOptional()).u());
            for (float x : u) {
                assertTrue(x > 0 && x < 1);
            }
        }
    }

    @Test
    void rejectsShapesAndOptionsItCannotModel() {
        RealNvp factory = new RealNvp();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> factory.create(new ModelOptions(Map.of("scales", "4")), new int[] {1, 28, 28}));
        assertTrue(e.getMessage().contains("--opt scales"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> factory.create(new ModelOptions(Map.of()), new int[] {28, 28}));
        assertThrows(InvalidInputException.class,
                () -> factory.create(new ModelOptions(Map.of("dequantization", "gaussian")), new int[] {1, 4, 4}));
        assertThrows(InvalidInputException.class,
                () -> factory.create(new ModelOptions(Map.of("alpha", "0.5")), new int[] {1, 4, 4}));
        InvalidInputException glow = assertThrows(InvalidInputException.class,
                () -> new Glow().create(new ModelOptions(Map.of()), new int[] {2}));
        assertTrue(glow.getMessage().contains("[C, H, W]"), glow.getMessage());
        InvalidInputException levels = assertThrows(InvalidInputException.class,
                () -> new Glow().create(new ModelOptions(Map.of("levels", "3")), new int[] {1, 28, 28}));
        assertTrue(levels.getMessage().contains("--opt levels"), levels.getMessage());
    }
}
