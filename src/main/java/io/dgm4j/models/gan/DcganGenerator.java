package io.dgm4j.models.gan;

import io.dgm4j.nn.BatchNorm;
import io.dgm4j.nn.Linear;
import io.dgm4j.nn.Parameters;
import io.dgm4j.nn.StrideTwoConv2d;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The DCGAN generator for images {C, H, W} (H, W multiples of 4; MNIST: C=1, 28x28): Linear to
 * [128, H/4, W/4], batch norm, ReLU, transposed conv to [64, H/2, W/2], batch norm, ReLU,
 * transposed conv to [C, H, W], tanh.
 */
public final class DcganGenerator implements GanNet {
    private final Linear project;
    private final BatchNorm norm0;
    private final StrideTwoConv2d up1;
    private final BatchNorm norm1;
    private final StrideTwoConv2d up2;
    private final long[] projectedShape;

    public DcganGenerator(Parameters params, int inputs, int[] imageShape) {
        int h = imageShape[1] / 4;
        int w = imageShape[2] / 4;
        project = new Linear(params, "generator.project", inputs, 128 * h * w);
        norm0 = new BatchNorm(params, "generator.bn0", 128);
        up1 = StrideTwoConv2d.transposed(params, "generator.up1", 128, 64);
        norm1 = new BatchNorm(params, "generator.bn1", 64);
        up2 = StrideTwoConv2d.transposed(params, "generator.up2", 64, imageShape[0]);
        projectedShape = new long[] {-1, 128, h, w};
    }

    @Override
    public Tensor forward(Tensor z, boolean training) {
        Tensor h = torch.relu(norm0.forward(project.forward(z).view(projectedShape), training));
        h = torch.relu(norm1.forward(up1.forward(h), training));
        return up2.forward(h).tanh();
    }
}
