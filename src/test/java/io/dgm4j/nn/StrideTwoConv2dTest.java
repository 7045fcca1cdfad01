package io.dgm4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The single-channel layers written as im2col / col2im products give libtorch's convolutions: the same
 * outputs, the same gradients with respect to input, weight and bias, and the same second-order gradient
 * that the gradient penalty takes (d/dW of |dy/dx|^2).
 */
class StrideTwoConv2dTest {
    private static final long[] STRIDE = {2, 2};
    private static final long[] PADDING = {1, 1};
    private static final long[] DILATION = {1, 1};

    @BeforeAll
    static void start() {
        Engine.start(1);
        Engine.seed(3);
    }

    @Test
    void halvingConvolutionOfOneChannelMatchesConv2d() {
        Parameters params = new Parameters();
        StrideTwoConv2d layer = StrideTwoConv2d.halving(params, "c", 1, 5);
        Tensor weight = params.list().get(0);
        TensorOptional bias = new TensorOptional(params.list().get(1));
        compare(layer::forward, x -> torch.conv2d(x, weight, bias, STRIDE, PADDING, DILATION, 1),
                torch.randn(3, 1, 8, 6), params.list());
    }

    @Test
    void transposedConvolutionToOneChannelMatchesConvTranspose2d() {
        Parameters params = new Parameters();
        StrideTwoConv2d layer = StrideTwoConv2d.transposed(params, "t", 5, 1);
        Tensor weight = params.list().get(0);
        TensorOptional bias = new TensorOptional(params.list().get(1));
        compare(layer::forward, x -> torch.conv_transpose2d(x, weight, bias, STRIDE, PADDING, new long[] {0, 0}, 1,
                DILATION), torch.randn(3, 5, 4, 3), params.list());
    }

    private static void compare(java.util.function.UnaryOperator<Tensor> layer,
                                java.util.function.UnaryOperator<Tensor> reference, Tensor input, List<Tensor> params) {
        List<Tensor> expected = outputAndGradients(reference, input, params);
        List<Tensor> actual = outputAndGradients(layer, input, params);
        String[] names = {"output", "d/dx", "d/dweight", "d/dbias", "d/dweight of |dy/dx|^2"};
        for (int i = 0; i < names.length; i++) {
            double error = actual.get(i).sub(expected.get(i)).abs().max().item_double();
            double scale = expected.get(i).abs().max().item_double();
            assertTrue(scale > 0 && error <= 1e-5 * scale, names[i] + ": max error " + error + " against scale " + scale);
        }
    }

    /** y, the gradients of sum(y * r) for a fixed r, and the weight gradient of the squared input gradient. */
    private static List<Tensor> outputAndGradients(java.util.function.UnaryOperator<Tensor> conv, Tensor input,
                                                   List<Tensor> params) {
        Tensor x = input.detach();
        x.requires_grad_(true);
        Tensor y = conv.apply(x);
        Engine.seed(5);
        Tensor r = torch.randn(y.sizes().vec().get());
        Tensor weighted = y.mul(r).sum();
        TensorVector first = torch.grad(new TensorVector(weighted), new TensorVector(x, params.get(0), params.get(1)),
                new TensorVector(), new BoolOptional(true), true, false);
        Tensor inputGradient = Tensors.element(first, 0);
        TensorVector second = torch.grad(new TensorVector(inputGradient.square().sum()), new TensorVector(params.get(0)),
                new TensorVector(), new BoolOptional(false), false, false);
        List<Tensor> out = new ArrayList<>(List.of(y.detach()));
        for (int i = 0; i < 3; i++) {
            out.add(Tensors.element(first, i).detach());
        }
        out.add(Tensors.element(second, 0));
        return out;
    }
}
