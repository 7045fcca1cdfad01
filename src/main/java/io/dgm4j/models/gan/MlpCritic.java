package io.dgm4j.models.gan;

import io.dgm4j.nn.Linear;
import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** The MLP critic on flattened inputs: in -> 512 -> 256 -> 1, LeakyReLU(0.2) then dropout after each hidden layer; a raw score. */
public final class MlpCritic implements GanNet {
    private final Linear first;
    private final Linear second;
    private final Linear output;
    private final double dropout;

    public MlpCritic(Parameters params, int inputs, double dropout) {
        first = new Linear(params, "critic.fc0", inputs, 512);
        second = new Linear(params, "critic.fc1", 512, 256);
        output = new Linear(params, "critic.out", 256, 1);
        this.dropout = dropout;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor h = torch.dropout(torch.leaky_relu(first.forward(x), new Scalar(MlpGenerator.SLOPE)), dropout, training);
        h = torch.dropout(torch.leaky_relu(second.forward(h), new Scalar(MlpGenerator.SLOPE)), dropout, training);
        return output.forward(h).view(-1);
    }
}
