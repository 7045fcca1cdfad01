package io.dgm4j.models.gan;

import io.dgm4j.nn.BatchNorm;
import io.dgm4j.nn.Linear;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The MLP generator: input -> 128 -> 256 -> 512 -> 1024 -> image, LeakyReLU(0.2) after each hidden
 * layer, batch norm before the activation of the 256, 512 and 1024 layers, tanh output in [-1, 1].
 */
public final class MlpGenerator implements GanNet {
    /** LeakyReLU's negative slope (a Scalar per call: a static one would be freed by the first memory scope). */
    static final double SLOPE = 0.2;
    private static final int[] WIDTHS = {128, 256, 512, 1024};
    private final Linear[] hidden = new Linear[WIDTHS.length];
    private final BatchNorm[] norms = new BatchNorm[WIDTHS.length];
    private final Linear output;
    private final long[] outputShape;

    public MlpGenerator(Parameters params, int inputs, int[] imageShape) {
        int in = inputs;
        for (int i = 0; i < WIDTHS.length; i++) {
            hidden[i] = new Linear(params, "generator.fc" + i, in, WIDTHS[i]);
            // The first hidden layer has no batch norm, as in the reference architecture.
            norms[i] = i == 0 ? null : new BatchNorm(params, "generator.bn" + i, WIDTHS[i]);
            in = WIDTHS[i];
        }
        output = new Linear(params, "generator.out", in, GanFamily.size(imageShape));
        outputShape = GanFamily.batchShape(imageShape);
    }

    @Override
    public Tensor forward(Tensor z, boolean training) {
        Tensor h = z;
        for (int i = 0; i < hidden.length; i++) {
            h = hidden[i].forward(h);
            if (norms[i] != null) {
                h = norms[i].forward(h, training);
            }
            h = torch.leaky_relu(h, new Scalar(SLOPE));
        }
        return output.forward(h).tanh().view(outputShape);
    }
}
