package io.dgm4j.models.autoregressive;

import io.dgm4j.InvalidInputException;
import io.dgm4j.nn.Conv2d;
import io.dgm4j.nn.MaskedConv2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * PixelCNN (van den Oord et al. 2016) over binary images [1, H, W] in raster order: a 7x7 masked
 * convolution of mask A, residual blocks h + conv3x3_B(relu(h)), then two 1x1 convolutions to one
 * logit per pixel. Masks keep each logit off its own pixel and the pixels after it; like the
 * original PixelCNN, the stacked masks leave a blind spot to the upper right (the gated PixelCNN
 * fixes that with separate vertical and horizontal stacks; not built here).
 */
public final class PixelCnn extends BinaryAutoregressiveModel {
    static final int FIRST_KERNEL = 7;
    static final int BLOCK_KERNEL = 3;
    private final MaskedConv2d first;
    private final List<MaskedConv2d> blocks = new ArrayList<>();
    /** 1x1 convolutions: each pixel's features alone, so they need no mask. */
    private final Conv2d hiddenHead;
    private final Conv2d outputHead;
    private final long height;
    private final long width;

    public PixelCnn(int[] eventShape, int channels, int residualBlocks) {
        super("PixelCNN", requireGreyImage(eventShape));
        height = eventShape[1];
        width = eventShape[2];
        first = new MaskedConv2d(parameters, "conv_a", 1, channels, FIRST_KERNEL, false);
        for (int b = 0; b < residualBlocks; b++) {
            blocks.add(new MaskedConv2d(parameters, "block" + b, channels, channels, BLOCK_KERNEL, true));
        }
        hiddenHead = new Conv2d(parameters, "head.hidden", channels, channels, 1, false);
        outputHead = new Conv2d(parameters, "head.output", channels, 1, 1, false);
    }

    private static int[] requireGreyImage(int[] shape) {
        if (shape.length != 3 || shape[0] != 1) {
            throw new InvalidInputException("pixelcnn models one-channel images of shape [1, H, W], but the data has "
                    + "shape " + Arrays.toString(shape) + ": use image data such as --data mnist10k");
        }
        return shape;
    }

    @Override
    protected Tensor logits(Tensor flat) {
        return network(flat.reshape(flat.size(0), 1, height, width)).reshape(flat.size(0), height * width);
    }

    /** The logits [N, 1, h, W] of images [N, 1, h, W] (h may be a band of rows of the full image). */
    private Tensor network(Tensor images) {
        Tensor h = first.forward(images);
        for (MaskedConv2d block : blocks) {
            h = h.add(block.forward(torch.relu(h)));
        }
        h = hiddenHead.forward(torch.relu(h));
        return outputHead.forward(torch.relu(h));
    }

    /**
     * Rows above the current one that a logit sees: 3 through mask A's 7x7, 1 through each block's 3x3
     * (the heads are 1x1). Zero padding at a band's top edge corrupts the first layer's top 3 rows, and
     * each block one row more, so a band from row r - {@code rowsSeen()} to r computes row r exactly.
     */
    private int rowsSeen() {
        return FIRST_KERNEL / 2 + blocks.size() * (BLOCK_KERNEL / 2);
    }

    /**
     * Pixel i's logit from the band of rows it sees (at most 8 of MNIST's 28 at 4 blocks, 7 on average),
     * not the whole image: the sampler's 784 passes compute a quarter of the rows, with the same logits.
     */
    @Override
    protected Tensor logitOf(Tensor flat, int i) {
        long row = i / width;
        long top = Math.max(0, row - rowsSeen());
        Tensor band = flat.reshape(flat.size(0), 1, height, width).narrow(2, top, row - top + 1);
        return network(band).select(2, row - top).select(2, i % width).reshape(flat.size(0));
    }

    @Override
    protected int[] order() {
        return naturalOrder(dimension);
    }
}
