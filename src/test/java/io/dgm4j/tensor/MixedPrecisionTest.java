package io.dgm4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Mlp;
import io.dgm4j.nn.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MixedPrecisionTest {
    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    @Test
    void productsRunInBf16InsideTheRegionOnlyAndTheStateIsRestored() {
        Tensor a = torch.randn(4, 8);
        Tensor b = torch.randn(8, 3);
        try (MixedPrecision region = MixedPrecision.enter(MixedPrecision.BF16)) {
            assertEquals("BFloat16", dtype(a.mm(b)));
            // Element-wise work on float32 inputs is left alone.
            assertEquals("Float", dtype(a.exp()));
        }
        assertFalse(torch.is_autocast_enabled(DeviceType.CPU));
        assertEquals("Float", dtype(a.mm(b)));
        try (MixedPrecision region = MixedPrecision.enter(MixedPrecision.FP32)) {
            assertEquals("Float", dtype(a.mm(b)));
        }
    }

    /**
     * The loss and the parameter gradients of an MLP agree with the fp32 ones to bf16's ~3 digits,
     * the gradients arrive in float32 for the optimizer, and they do differ: the products really ran in bf16.
     */
    @Test
    void gradientsAreFloat32AndMatchTheFp32GradientsToBf16Accuracy() {
        Engine.seed(3);
        Parameters params = new Parameters();
        Mlp mlp = new Mlp(params, "mlp", 16, 64, 2, 4, Activation.parse("tanh"), false);
        Tensor x = torch.randn(32, 16);
        Tensor target = torch.randn(32, 4);
        List<Tensor> exact = gradients(params, mlp, x, target, MixedPrecision.FP32);
        List<Tensor> mixed = gradients(params, mlp, x, target, MixedPrecision.BF16);
        double largestDifference = 0;
        for (int i = 0; i < exact.size(); i++) {
            assertEquals("Float", dtype(mixed.get(i)));
            double scale = exact.get(i).abs().max().item_double();
            double difference = exact.get(i).sub(mixed.get(i)).abs().max().item_double();
            assertTrue(difference <= 0.03 * scale, "gradient " + i + ": max difference " + difference
                    + " against a largest entry of " + scale);
            largestDifference = Math.max(largestDifference, difference);
        }
        assertTrue(largestDifference > 0, "the bf16 gradients equal the fp32 ones: autocast did not act");
    }

    private static List<Tensor> gradients(Parameters params, Mlp mlp, Tensor x, Tensor target, String precision) {
        for (Tensor p : params.list()) {
            p.mutable_grad().reset();
        }
        try (MixedPrecision region = MixedPrecision.enter(precision)) {
            mlp.forward(x).sub(target).pow(Tensors.keptScalar(2)).mean().backward();
        }
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : params.list()) {
            grads.add(p.grad().clone());
        }
        return grads;
    }

    /** An RBM's step samples its chain without gradients before the loss uses the same weights. */
    @Test
    void aParameterUsedWithoutGradientsFirstStillGetsItsGradient() {
        Tensor w = torch.randn(8, 3).set_requires_grad(true);
        Tensor x = torch.randn(4, 8);
        try (MixedPrecision region = MixedPrecision.enter(MixedPrecision.BF16)) {
            try (NoGradGuard guard = new NoGradGuard()) {
                x.mm(w);
            }
            x.mm(w).sum().backward();
        }
        assertTrue(w.grad().defined(), "the weight got no gradient");
        Tensor expected = x.sum(0).unsqueeze(1).expand(8, 3);
        assertTrue(w.grad().allclose(expected, 2e-2, 2e-2, false), "the gradient of sum(x w) is sum_n x_n in every column");
    }

    /** The dtype's name (libtorch hands out a new ScalarType object per call, so objects do not compare). */
    private static String dtype(Tensor t) {
        return String.valueOf(t.scalar_type());
    }

    @Test
    void nativeBf16IsReadFromTheCpuFlags() {
        assertTrue(MixedPrecision.hasNativeBf16("processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_bf16 avx512_vnni\n"));
        assertTrue(MixedPrecision.hasNativeBf16("flags\t: sse4_2 amx_tile amx_bf16\n"));
        assertFalse(MixedPrecision.hasNativeBf16("flags\t: fpu avx2 avx512f avx512bw\n"));
        assertFalse(MixedPrecision.hasNativeBf16("processor\t: 0\n"));
        assertEquals(null, MixedPrecision.hardwareWarning(MixedPrecision.FP32));
    }

    @Test
    void anUnknownPrecisionIsAUserError() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> MixedPrecision.enter("fp16"));
        assertTrue(e.getMessage().contains("fp32 or bf16"), e.getMessage());
    }
}
