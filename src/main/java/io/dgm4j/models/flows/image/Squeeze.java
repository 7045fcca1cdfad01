package io.dgm4j.models.flows.image;

import io.dgm4j.models.flows.Transform;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Space-to-depth (Dinh et al. 2017): [N, C, H, W] -> [N, 4C, H/2, W/2], each 2x2 patch becoming
 * 4 channels (channel c*4 + 2i + j holds pixel (2y+i, 2x+j) of channel c, PyTorch's
 * pixel_unshuffle order). A permutation of coordinates, so log|det| = 0.
 */
public final class Squeeze implements Transform {
    @Override
    public Result forward(Tensor x) {
        return new Result(torch.pixel_unshuffle(x, 2), torch.zeros(x.size(0)));
    }

    @Override
    public Result inverse(Tensor z) {
        return new Result(torch.pixel_shuffle(z, 2), torch.zeros(z.size(0)));
    }
}
