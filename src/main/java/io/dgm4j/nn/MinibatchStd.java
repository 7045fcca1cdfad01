package io.dgm4j.nn;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The minibatch standard deviation feature (Karras et al. 2018): the standard deviation of each
 * feature over the batch, averaged to one number and appended to every example as an extra
 * feature ([N, D] -> [N, D+1]) or channel ([N, C, H, W] -> [N, C+1, H, W]). A critic that sees it
 * can tell a collapsed batch of near-identical samples from a varied real one.
 */
public final class MinibatchStd {

    private MinibatchStd() {
    }

    public static Tensor append(Tensor x) {
        Tensor centred = x.sub(x.mean(new long[] {0}, true, new ScalarTypeOptional()));
        Tensor std = centred.square().mean(0).add(new Scalar(1e-8)).sqrt().mean();
        long[] shape = x.sizes().vec().get();
        shape[1] = 1;
        return torch.cat(new TensorVector(x, std.expand(shape)), 1);
    }
}
