package io.dgm4j.models.cnf;

import io.dgm4j.nn.Init;
import io.dgm4j.nn.Parameters;
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

    @Override
    public Value at(Tensor z, double t) {
        Tensor h = z;
        Scalar time = new Scalar(t);
        for (int layer = 0; layer < weights.length; layer++) {
            Tensor bias = biases[layer].add(timeWeights[layer].mul(time));
            h = torch.addmm(bias, h, weights[layer]);
            if (layer < weights.length - 1) {
                h = torch.tanh(h);
            }
        }
        return new Value(h, null);
    }
}
