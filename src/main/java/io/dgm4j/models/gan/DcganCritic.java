package io.dgm4j.models.gan;

import io.dgm4j.nn.BatchNorm;
import io.dgm4j.nn.Linear;
import io.dgm4j.nn.Parameters;
import io.dgm4j.nn.StrideTwoConv2d;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The DCGAN critic for images {C, H, W}: conv to [64, H/2, W/2], LeakyReLU(0.2), conv to
 * [128, H/4, W/4], batch norm (left out for WGAN-GP, whose penalty is per example and batch norm
 * would couple the examples), LeakyReLU(0.2), flatten, Linear to one raw score.
 */
public final class DcganCritic implements GanNet {
    private final StrideTwoConv2d down1;
    private final StrideTwoConv2d down2;
    private final BatchNorm norm;
    private final Linear output;

    public DcganCritic(Parameters params, int[] imageShape, boolean batchNorm) {
        down1 = StrideTwoConv2d.halving(params, "critic.down1", imageShape[0], 64);
        down2 = StrideTwoConv2d.halving(params, "critic.down2", 64, 128);
        norm = batchNorm ? new BatchNorm(params, "critic.bn", 128) : null;
        output = new Linear(params, "critic.out", 128 * (imageShape[1] / 4) * (imageShape[2] / 4), 1);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor h = torch.leaky_relu(down1.forward(x), new Scalar(MlpGenerator.SLOPE));
        h = down2.forward(h);
        if (norm != null) {
            h = norm.forward(h, training);
        }
        h = torch.leaky_relu(h, new Scalar(MlpGenerator.SLOPE));
        return output.forward(h.flatten(1, -1)).view(-1);
    }
}
