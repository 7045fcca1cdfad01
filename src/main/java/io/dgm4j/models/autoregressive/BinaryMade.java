package io.dgm4j.models.autoregressive;

import io.dgm4j.models.flows.MadeDegrees;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Init;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * MADE (Germain et al. 2015) as a model of binary data: an MLP whose masked weights (see
 * {@link MadeDegrees}) let output i see only the inputs before i in the order of the input
 * degrees; its D outputs are the Bernoulli logits of the conditionals. The masks are fixed tensors
 * multiplied into the weights on every call, rebuilt from the run's seed when the model is loaded.
 */
public final class BinaryMade extends BinaryAutoregressiveModel {
    private final Tensor[] weights;
    private final Tensor[] biases;
    private final Tensor[] masks;
    private final Activation activation;
    private final int[] order;

    /** {@code inputDegrees}: the position (1..D) of each pixel in the order; {@code hidden}: the hidden layers' widths. */
    public BinaryMade(int[] eventShape, int[] inputDegrees, int[] hidden, Activation activation) {
        super("MADE", eventShape);
        if (inputDegrees.length != dimension) {
            throw new IllegalArgumentException(inputDegrees.length + " degrees for " + dimension + " pixels");
        }
        this.activation = activation;
        this.order = new int[dimension];
        for (int i = 0; i < dimension; i++) {
            order[inputDegrees[i] - 1] = i;
        }
        weights = new Tensor[hidden.length + 1];
        biases = new Tensor[hidden.length + 1];
        masks = new Tensor[hidden.length + 1];
        int[] previous = inputDegrees;
        for (int layer = 0; layer <= hidden.length; layer++) {
            boolean output = layer == hidden.length;
            int[] degrees = output ? inputDegrees : MadeDegrees.hidden(previous, hidden[layer], dimension);
            masks[layer] = MadeDegrees.mask(previous, degrees, output);
            masks[layer].retainReference();
            weights[layer] = parameters.add("w" + layer, Init.pytorchDefault(false, previous.length, previous.length,
                    degrees.length));
            biases[layer] = parameters.add("b" + layer, Init.pytorchDefault(false, previous.length, degrees.length));
            previous = degrees;
        }
    }

    @Override
    protected Tensor logits(Tensor flat) {
        Tensor h = flat;
        int last = weights.length - 1;
        for (int layer = 0; layer < last; layer++) {
            h = activation.applyToFresh(torch.addmm(biases[layer], h, weights[layer].mul(masks[layer])));
        }
        return torch.addmm(biases[last], h, weights[last].mul(masks[last]));
    }

    @Override
    protected int[] order() {
        return order.clone();
    }
}
