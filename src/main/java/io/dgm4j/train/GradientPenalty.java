package io.dgm4j.train;

import io.dgm4j.tensor.Tensors;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * WGAN-GP's soft Lipschitz constraint (Gulrajani et al. 2017): lambda * E[(||grad_x f(x)|| - 1)^2]
 * at points x on straight lines between real and generated examples. The gradient norm is taken per
 * example over all its input dimensions. The critic's gradient is itself differentiated (double
 * backpropagation: the graph of grad_x f is kept), so the penalty trains the critic's parameters.
 */
public final class GradientPenalty {

    private GradientPenalty() {
    }

    /** The penalty at x = e real + (1 - e) fake with e ~ U(0, 1) per example. */
    public static Tensor between(UnaryOperator<Tensor> critic, Tensor real, Tensor fake, double weight) {
        long[] shape = new long[(int) real.dim()];
        Arrays.fill(shape, 1);
        shape[0] = real.size(0);
        Tensor e = torch.rand(shape);
        Tensor points = real.detach().mul(e).add(fake.detach().mul(e.neg().add(new Scalar(1.0))));
        return at(critic, points, weight);
    }

    /** The penalty at the given points [N, ...]: lambda * mean over examples of (||grad f|| - 1)^2. */
    public static Tensor at(UnaryOperator<Tensor> critic, Tensor points, double weight) {
        // requires_grad_ returns a reference into its receiver: keep the owning handle, not the reference
        Tensor x = points.detach();
        x.requires_grad_(true);
        Tensor scores = critic.apply(x);
        TensorVector grads = torch.grad(new TensorVector(scores.sum()), new TensorVector(x), new TensorVector(),
                new BoolOptional(true), true, false);
        Tensor norms = Tensors.element(grads, 0).flatten(1, -1).norm(new ScalarOptional(new Scalar(2.0)),
                new long[] {1}, false);
        return norms.sub(new Scalar(1.0)).square().mean().mul(new Scalar(weight));
    }
}
