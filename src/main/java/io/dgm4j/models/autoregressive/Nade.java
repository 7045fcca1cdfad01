package io.dgm4j.models.autoregressive;

import io.dgm4j.data.Binarisation;
import io.dgm4j.nn.Init;
import io.dgm4j.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * NADE (Larochelle and Murray 2011) over binary x in raster order: pixel d's logit is
 * b_d + V_d . sigmoid(a_d) with a_d = c + sum_{j<d} x_j W_j, one hidden layer whose weights all
 * conditionals share. The a_d are a running sum, so the density costs O(D H) per example, as one
 * MLP pass would, and sampling keeps the running sum: D cheap steps instead of D full passes.
 * Weights: W [D, H] (row j: what pixel j adds), c [H], V [D, H], b [D], initialised as PyTorch's
 * nn.Linear initialises layers of those fan-ins.
 */
public final class Nade extends BinaryAutoregressiveModel {
    /** Values per [B, N, H] intermediate at most: 16 MB of floats, half glibc's mmap threshold as bin/dgm4j sets it. */
    static final long BLOCK_VALUES = 1 << 22;
    /** Pixels per block at most: on mnist10k (batch 100, 500 units, 1 thread) blocks of 64 trained at 3.1 steps/s, 32 at 4.4-5.0, 16 at 4.9-6.8, 8 at 5.3-6.9. */
    static final int PIXELS_PER_BLOCK = 16;
    private final Tensor inputWeight;
    private final Tensor hiddenBias;
    private final Tensor outputWeight;
    private final Tensor outputBias;

    private final long blockValues;
    /** [B, B] with 1 where column < row, for the largest block; smaller blocks use its top-left corner. */
    private final Tensor strictlyLower;

    public Nade(int[] eventShape, int hidden) {
        this(eventShape, hidden, BLOCK_VALUES);
    }

    /** {@code blockValues}: the size of the blocks {@link #logits} works in (tests make it small). */
    Nade(int[] eventShape, int hidden, long blockValues) {
        super("NADE", eventShape);
        this.blockValues = blockValues;
        this.strictlyLower = torch.ones(PIXELS_PER_BLOCK, PIXELS_PER_BLOCK).tril(-1);
        strictlyLower.retainReference();
        inputWeight = parameters.add("input.weight", Init.pytorchDefault(false, dimension, dimension, hidden));
        hiddenBias = parameters.add("input.bias", Init.pytorchDefault(false, dimension, hidden));
        outputWeight = parameters.add("output.weight", Init.pytorchDefault(false, hidden, dimension, hidden));
        outputBias = parameters.add("output.bias", Init.pytorchDefault(false, hidden, dimension));
    }

    /**
     * All D logits in one pass, in blocks of B pixels: a block's pre-activations [B, N, H] are the
     * running sum carried in from the blocks before it plus, for pixel b, sum_{j<b in the block} x_j W_j,
     * one matrix product of the block's x masked by a strictly lower-triangular [B, B] with its rows
     * of W. Why blocks: the [N, D, H] of NADE's O(D H) per example, in one piece, is 157 MB for a
     * batch of 100 MNIST images and 500 hidden units, over glibc's mmap threshold, so every step
     * faulted its pages in afresh (0.7 steps/s, two thirds of the time in the kernel). Why a product:
     * a cumulative sum along the block and its backward were half the step's time; the product
     * costs B N H multiply-adds per pixel, which {@link #PIXELS_PER_BLOCK} keeps small.
     */
    @Override
    protected Tensor logits(Tensor flat) {
        long n = flat.size(0);
        long hidden = hiddenBias.size(0);
        int block = (int) Math.max(1, Math.min(Math.min(dimension, PIXELS_PER_BLOCK), blockValues / Math.max(1, n * hidden)));
        TensorVector parts = new TensorVector();
        Tensor carried = hiddenBias.unsqueeze(0);
        for (int start = 0; start < dimension; start += block) {
            int len = Math.min(block, dimension - start);
            Tensor x = flat.narrow(1, start, len);
            Tensor w = inputWeight.narrow(0, start, len);
            // earlier[b, n, j] = x[n, j] for j < b: pixel b's share of the block, [B, N, B].
            Tensor earlier = strictlyLower.narrow(0, 0, len).narrow(1, 0, len).unsqueeze(1).mul(x.unsqueeze(0));
            Tensor preActivations = torch.matmul(earlier, w);
            preActivations.add_(carried);
            parts.push_back(preActivations.sigmoid().bmm(outputWeight.narrow(0, start, len).unsqueeze(2)).squeeze(2));
            carried = carried.add(x.mm(w));
        }
        return torch.cat(parts, 0).t().add(outputBias);
    }

    @Override
    protected int[] order() {
        return naturalOrder(dimension);
    }

    /** D steps that each add the drawn pixel's row of W to the running pre-activation [n, H]. */
    @Override
    public Tensor sample(long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor preActivation = hiddenBias.unsqueeze(0).repeat(n, 1);
            Tensor probabilities = torch.zeros(n, dimension);
            for (int d = 0; d < dimension; d++) {
                try (PointerScope step = new PointerScope()) {
                    Tensor logit = preActivation.sigmoid().mv(outputWeight.select(0, d)).add(outputBias.select(0, d));
                    Tensor p = logit.sigmoid();
                    probabilities.select(1, d).copy_(p);
                    preActivation.add_(Binarisation.dynamic(p).unsqueeze(1).mul(inputWeight.select(0, d).unsqueeze(0)));
                }
            }
            return probabilities.reshape(Tensors.batchShape(n, eventShape()));
        }
    }
}
