package io.dgm4j.models.cnf;

import io.dgm4j.nn.Init;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * FFJORD's free-form velocity (Grathwohl et al. 2019): an MLP of z with tanh hidden layers, each layer
 * also fed the time t (FFJORD's "concat" layer: W [h, t] + b, computed as W_h h + (b + t w_t)). tanh keeps
 * v smooth, which the ODE solver and the divergence's own gradient need (ReLU would make the divergence
 * piecewise constant in z).
 */
final class FreeFormField implements VelocityField {
    private final Tensor[] weights;
    private final Tensor[] timeWeights;
    private final Tensor[] biases;
    private final Scalar one = Tensors.keptScalar(1);

    /** {@code depth} >= 1 hidden layers of width {@code hidden}. */
    FreeFormField(Parameters parameters, int dimension, int hidden, int depth) {
        int layers = depth + 1;
        weights = new Tensor[layers];
        timeWeights = new Tensor[layers];
        biases = new Tensor[layers];
        for (int layer = 0; layer < layers; layer++) {
            int in = layer == 0 ? dimension : hidden;
            int out = layer == depth ? dimension : hidden;
            // fan-in counts t, as for a linear layer on the concatenation [h, t]
            weights[layer] = parameters.add("field.w" + layer, Init.pytorchDefault(false, in + 1, in, out));
            timeWeights[layer] = parameters.add("field.wt" + layer, Init.pytorchDefault(false, in + 1, out));
            biases[layer] = parameters.add("field.b" + layer, Init.pytorchDefault(false, in + 1, out));
        }
    }

    /**
     * The exact divergence comes from forward-mode Jacobians: with J_l = d h_l / dz held as [N, D, m] (row
     * (n, i) is d h_l / d z_i of example n), each layer maps a row j to (j W) * tanh', and the last layer's
     * trace needs only sum_ik J[n, i, k] W[k, i]. That is D times a forward pass, where autograd would need D
     * backward passes, and it keeps a training step's gradient at second order. The rows of all examples
     * go through one matrix product [N * D, m] x [m, m]: a product broadcast over the batch would make the
     * weights' gradient a batched product and a sum.
     */
    @Override
    public Value at(Tensor z, double t, boolean withDivergence) {
        long n = z.size(0);
        long d = z.size(1);
        Tensor h = z;
        Tensor jacobian = null;
        Scalar time = new Scalar(t);
        int last = weights.length - 1;
        for (int layer = 0; layer < last; layer++) {
            h = torch.tanh(torch.addmm(biases[layer].add(timeWeights[layer], time), h, weights[layer]));
            if (withDivergence) {
                Tensor slope = torch.rsub(h.square(), one).unsqueeze(1);              // tanh' = 1 - tanh^2, [N, 1, m]
                Tensor linear = layer == 0 ? weights[0].unsqueeze(0)                 // [1, D, m]
                        : jacobian.reshape(n * d, -1).mm(weights[layer]).view(n, d, -1); // [N, D, m]
                jacobian = slope.mul(linear);
            }
        }
        Tensor velocity = torch.addmm(biases[last].add(timeWeights[last], time), h, weights[last]);
        Tensor divergence = withDivergence ? jacobian.mul(weights[last].t().unsqueeze(0)).sum(new long[] {1, 2}) : null;
        return new Value(velocity, divergence, null);
    }
}
