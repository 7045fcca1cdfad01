package io.dgm4j.models.flows.image;

import io.dgm4j.models.flows.Transform;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The multi-scale architecture of RealNVP and Glow: each level transforms its input, then (all
 * but the last) factors out the second half of its channels, which go straight to the base
 * distribution; the first half continues to the next level. The factored-out pieces and the last
 * level's output are flattened and concatenated in level order, then laid out in the input's
 * [C, H, W] shape, so the latent is an image-shaped N(0, I) variable. That layout is a
 * permutation of coordinates: the log-det is that of the levels alone.
 */
public final class MultiScaleTransform implements Transform {
    /**
     * One level.
     *
     * @param steps       the level's bijection, squeezes included
     * @param outputShape [C, H, W] that {@code steps} produces
     */
    public record Level(Transform steps, int[] outputShape) {
    }

    private final List<Level> levels;
    private final long[] eventShape;

    public MultiScaleTransform(int[] eventShape, List<Level> levels) {
        this.levels = List.copyOf(levels);
        this.eventShape = new long[] {-1, eventShape[0], eventShape[1], eventShape[2]};
        long total = 0;
        for (int i = 0; i < levels.size(); i++) {
            total += factoredSize(i);
        }
        if (total != (long) eventShape[0] * eventShape[1] * eventShape[2]) {
            throw new IllegalArgumentException("levels do not account for every coordinate of the image");
        }
    }

    @Override
    public Result forward(Tensor x) {
        TensorVector latent = new TensorVector();
        Tensor h = x;
        Tensor logDet = null;
        for (int i = 0; i < levels.size(); i++) {
            Result r = levels.get(i).steps().forward(h);
            logDet = logDet == null ? r.logAbsDet() : logDet.add(r.logAbsDet());
            h = r.output();
            if (i < levels.size() - 1) {
                int channels = levels.get(i).outputShape()[0];
                int kept = channels / 2;
                latent.push_back(h.narrow(1, kept, channels - kept).flatten(1, -1));
                h = h.narrow(1, 0, kept);
            } else {
                latent.push_back(h.flatten(1, -1));
            }
        }
        return new Result(torch.cat(latent, 1).view(eventShape), logDet);
    }

    @Override
    public Result inverse(Tensor z) {
        long n = z.size(0);
        Tensor flat = z.reshape(n, -1);
        int last = levels.size() - 1;
        long offset = flat.size(1) - factoredSize(last);
        Tensor h = flat.narrow(1, offset, factoredSize(last)).reshape(shapeOf(n, levels.get(last).outputShape(), 0));
        Result r = levels.get(last).steps().inverse(h);
        Tensor logDet = r.logAbsDet();
        h = r.output();
        for (int i = last - 1; i >= 0; i--) {
            int[] shape = levels.get(i).outputShape();
            int kept = shape[0] / 2;
            offset -= factoredSize(i);
            Tensor factored = flat.narrow(1, offset, factoredSize(i)).reshape(shapeOf(n, shape, kept));
            r = levels.get(i).steps().inverse(torch.cat(new TensorVector(h, factored), 1));
            logDet = logDet.add(r.logAbsDet());
            h = r.output();
        }
        return new Result(h, logDet);
    }

    /** Coordinates level i sends to the latent: half its channels, or all of them at the last level. */
    private long factoredSize(int i) {
        int[] s = levels.get(i).outputShape();
        int channels = i == levels.size() - 1 ? s[0] : s[0] - s[0] / 2;
        return (long) channels * s[1] * s[2];
    }

    private static long[] shapeOf(long n, int[] shape, int droppedChannels) {
        return new long[] {n, shape[0] - droppedChannels, shape[1], shape[2]};
    }
}
