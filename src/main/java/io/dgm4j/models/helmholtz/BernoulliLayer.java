package io.dgm4j.models.helmholtz;

import io.dgm4j.distributions.Bernoulli;
import io.dgm4j.nn.Parameters;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A layer of binary stochastic units conditioned on the layer below or above it:
 * p(y|u) = prod_j Bernoulli(y_j; sigmoid((u W + b)_j)). Initialised like PyTorch's nn.Linear
 * (uniform in +-1/sqrt(inputs)).
 */
final class BernoulliLayer {
    private final Tensor weight;
    private final Tensor bias;

    BernoulliLayer(Parameters params, String name, int inputs, int outputs) {
        double bound = 1.0 / Math.sqrt(inputs);
        this.weight = params.add(name + ".weight", uniform(bound, inputs, outputs));
        this.bias = params.add(name + ".bias", uniform(bound, outputs));
    }

    static Tensor uniform(double bound, long... shape) {
        return torch.rand(shape).mul(new Scalar(2 * bound)).sub(new Scalar(bound));
    }

    List<Tensor> parameters() {
        return List.of(weight, bias);
    }

    /** The logits of y given u [N, inputs]: [N, outputs]. */
    Tensor logits(Tensor input) {
        return torch.addmm(bias, input, weight);
    }

    /** A draw of y given u: [N, outputs] of 0s and 1s. */
    Tensor sample(Tensor input) {
        return torch.bernoulli(logits(input).sigmoid());
    }

    /** log p(y|u) per row, [N]. */
    Tensor logProb(Tensor input, Tensor output) {
        return Bernoulli.logProb(logits(input), output);
    }
}
