package io.dgm4j.models.cnf;

import io.dgm4j.nn.Init;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * OT-Flow's velocity (Onken et al. 2021): v = -grad_z Phi(z, t) for a scalar potential of s = (z, t),
 *
 * <pre>Phi(s) = w^T N(s) + 1/2 s^T A^T A s + c^T s,</pre>
 *
 * with N a ResNet (u_0 = sigma(K_0 s + b_0), u_k = u_{k-1} + (1/depth) sigma(K_k u_{k-1} + b_k)) whose
 * activation sigma(x) = log cosh(x) is the antiderivative of tanh, and A of rank {@code rank}. Optimal
 * transport makes the field a potential; the potential also satisfies the HJB equation
 * d Phi/dt - 1/2 |grad_z Phi|^2 = 0, whose residual along the path is OT-Flow's penalty R.
 * The gradient (and later the divergence, the potential's Laplacian) come from autograd here, where
 * OT-Flow derives them by hand for speed.
 */
final class PotentialField implements VelocityField {
    private static final double LOG_2 = Math.log(2);

    private final int dimension;
    private final Tensor openingWeight;
    private final Tensor openingBias;
    private final Tensor[] residualWeights;
    private final Tensor[] residualBiases;
    private final Tensor outputWeight;
    private final Tensor quadratic;
    private final Tensor linear;

    PotentialField(Parameters parameters, int dimension, int hidden, int depth, int rank) {
        this.dimension = dimension;
        int space = dimension + 1;
        openingWeight = parameters.add("potential.k0", Init.pytorchDefault(false, space, space, hidden));
        openingBias = parameters.add("potential.b0", Init.pytorchDefault(false, space, hidden));
        residualWeights = new Tensor[depth];
        residualBiases = new Tensor[depth];
        for (int k = 0; k < depth; k++) {
            residualWeights[k] = parameters.add("potential.k" + (k + 1), Init.pytorchDefault(false, hidden, hidden, hidden));
            residualBiases[k] = parameters.add("potential.b" + (k + 1), Init.pytorchDefault(false, hidden, hidden));
        }
        outputWeight = parameters.add("potential.w", Init.pytorchDefault(false, hidden, hidden));
        // Xavier-uniform, as a linear map from R^(d+1) to R^rank
        double bound = Math.sqrt(6.0 / (rank + space));
        quadratic = parameters.add("potential.a", torch.rand(rank, space).mul(new Scalar(2 * bound)).sub(new Scalar(bound)));
        linear = parameters.add("potential.c", torch.zeros(space));
    }

    /** Phi at space-time points s = (z, t) [N, D + 1]; returns [N]. */
    Tensor potential(Tensor s) {
        Tensor u = logCosh(torch.addmm(openingBias, s, openingWeight));
        Scalar step = new Scalar(1.0 / residualWeights.length);
        for (int k = 0; k < residualWeights.length; k++) {
            u = u.add(logCosh(torch.addmm(residualBiases[k], u, residualWeights[k])).mul(step));
        }
        Tensor network = u.matmul(outputWeight);
        Tensor quadraticTerm = s.matmul(quadratic.t()).square().sum(1).mul(new Scalar(0.5));
        return network.add(quadraticTerm).add(s.matmul(linear));
    }

    /** log cosh x = |x| + log(1 + e^(-2|x|)) - log 2, in a form that cannot overflow. */
    private static Tensor logCosh(Tensor x) {
        Tensor a = x.abs();
        return a.add(torch.softplus(a.mul(new Scalar(-2)))).sub(new Scalar(LOG_2));
    }

    @Override
    public Value at(Tensor z, double t) {
        Tensor s = torch.cat(new TensorVector(z, torch.full(new long[] {z.size(0), 1}, new Scalar(t))), 1);
        Tensor phi = potential(s);
        Tensor grad = torch.grad(new TensorVector(phi.sum()), new TensorVector(s), new TensorVector(),
                new BoolOptional(true), true, false).get(0);
        Tensor gradZ = grad.narrow(1, 0, dimension);
        Tensor timeDerivative = grad.select(1, dimension);
        Tensor hjbResidual = timeDerivative.sub(gradZ.square().sum(1).mul(new Scalar(0.5)));
        return new Value(gradZ.neg(), hjbResidual);
    }
}
