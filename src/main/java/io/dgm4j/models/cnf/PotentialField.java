package io.dgm4j.models.cnf;

import io.dgm4j.nn.Init;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Tensors;
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
 *
 * <p>As in OT-Flow, the gradient and the exact divergence (minus the Laplacian of Phi in z) are computed
 * in closed form, one pass back through the ResNet and one forward pass of its z-Jacobians, rather than by
 * nested autograd: a training step then differentiates twice instead of three times.
 */
final class PotentialField implements VelocityField {
    private final int dimension;
    private final Tensor openingWeight;
    private final Tensor openingBias;
    private final Tensor[] residualWeights;
    private final Tensor[] residualBiases;
    private final Tensor outputWeight;
    private final Tensor quadratic;
    private final Tensor linear;
    private final Scalar residualStep;
    private final Scalar one = Tensors.keptScalar(1);
    private final Scalar half = Tensors.keptScalar(0.5);
    private final Scalar minusTwo = Tensors.keptScalar(-2);
    private final Scalar log2 = Tensors.keptScalar(Math.log(2));

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
        residualStep = Tensors.keptScalar(1.0 / depth);
    }

    /** Phi at space-time points s = (z, t) [N, D + 1]; returns [N]. The definition the closed forms follow. */
    Tensor potential(Tensor s) {
        Tensor u = logCosh(torch.addmm(openingBias, s, openingWeight));
        for (int k = 0; k < residualWeights.length; k++) {
            u = u.add(logCosh(torch.addmm(residualBiases[k], u, residualWeights[k])).mul(residualStep));
        }
        Tensor network = u.matmul(outputWeight);
        Tensor quadraticTerm = s.matmul(quadratic.t()).square().sum(1).mul(half);
        return network.add(quadraticTerm).add(s.matmul(linear));
    }

    /** log cosh x = |x| + log(1 + e^(-2|x|)) - log 2, in a form that cannot overflow. */
    private Tensor logCosh(Tensor x) {
        Tensor a = x.abs();
        return a.add(torch.softplus(a.mul(minusTwo))).sub(log2);
    }

    @Override
    public Value at(Tensor z, double t, boolean withDivergence) {
        long n = z.size(0);
        int depth = residualWeights.length;
        Tensor s = torch.cat(new TensorVector(z, torch.full(new long[] {n, 1}, new Scalar(t))), 1);

        // Forward through the ResNet, keeping sigma' = tanh of each pre-activation.
        Tensor[] slopes = new Tensor[depth + 1];
        Tensor[] curvatures = new Tensor[depth + 1];
        Tensor pre = torch.addmm(openingBias, s, openingWeight);
        slopes[0] = pre.tanh();
        Tensor u = logCosh(pre);
        for (int k = 1; k <= depth; k++) {
            pre = torch.addmm(residualBiases[k - 1], u, residualWeights[k - 1]);
            slopes[k] = pre.tanh();
            if (k < depth) {
                u = u.add(logCosh(pre).mul(residualStep));
            }
        }
        for (int k = 0; k <= depth; k++) {
            curvatures[k] = torch.rsub(slopes[k].square(), one); // sigma'' = 1 - tanh^2
        }

        // Back: g_k = dPhi/du_k, from g_depth = w down to g_0.
        Tensor[] g = new Tensor[depth + 1];
        g[depth] = outputWeight.expand(new long[] {n, outputWeight.size(0)});
        for (int k = depth; k >= 1; k--) {
            g[k - 1] = g[k].add(slopes[k].mul(g[k]).matmul(residualWeights[k - 1].t()).mul(residualStep));
        }
        Tensor gradient = slopes[0].mul(g[0]).matmul(openingWeight.t())
                .add(s.matmul(quadratic.t()).matmul(quadratic)).add(linear);
        Tensor gradZ = gradient.narrow(1, 0, dimension);
        Tensor hjbResidual = gradient.select(1, dimension).sub(gradZ.square().sum(1).mul(half));
        if (!withDivergence) {
            return new Value(gradZ.neg(), null, hjbResidual);
        }

        // Laplacian in z: each activation j of layer k adds (its weight in Phi) sigma''(pre) |d pre / dz|^2.
        Tensor spatial = openingWeight.narrow(0, 0, dimension);                 // [D, m]: d pre_0 / dz, the same everywhere
        Tensor laplacian = curvatures[0].mul(g[0]).matmul(spatial.square().sum(0));
        // d u_0 / dz as rows [N, D, m] (row (n, i): d u_0 / d z_i of example n), so that each layer maps the
        // rows of all examples with one matrix product [N * D, m] x [m, m] (a product broadcast over the
        // batch would make the weights' gradient a batched product and a sum)
        Tensor jacobian = slopes[0].unsqueeze(1).mul(spatial.unsqueeze(0));
        for (int k = 1; k <= depth; k++) {
            Tensor preJacobian = jacobian.reshape(n * dimension, -1).mm(residualWeights[k - 1])
                    .view(n, dimension, -1);                                     // d pre_k / dz
            laplacian = laplacian.add(curvatures[k].mul(g[k]).mul(preJacobian.square().sum(1)).sum(1).mul(residualStep));
            if (k < depth) {
                jacobian = jacobian.add(slopes[k].unsqueeze(1).mul(preJacobian).mul(residualStep));
            }
        }
        laplacian = laplacian.add(quadratic.narrow(1, 0, dimension).square().sum());
        return new Value(gradZ.neg(), laplacian.neg(), hjbResidual);
    }
}
