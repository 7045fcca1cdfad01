package io.dgm4j.models.flows;

import io.dgm4j.nn.Parameters;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.T_TensorTensorTensor_T;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Glow's invertible 1x1 convolution: a learned C x C matrix W mixes the channels at every pixel of
 * [N, C, H, W] (z[:, :, h, w] = W x[:, :, h, w]), or the features of [N, C] (then it is a learned
 * generalisation of a permutation). log|det| = positions * log|det W|, positions = H*W or 1.
 * W starts as a random rotation (Q of the QR decomposition of a Gaussian matrix drawn from
 * libtorch's seeded generator), so the layer starts volume preserving and well conditioned.
 *
 * <p>LU parameterisation (optional): W = P L (U + diag(sign(s) exp(log|s|))) with the permutation
 * P and the signs fixed (checkpointed buffers), and L (unit lower triangular), U (strictly upper)
 * and log|s| learned. Why: log|det W| = sum(log|s|) costs O(C) instead of a decomposition of W per
 * step, and W stays invertible by construction. The inverse (sampling direction) inverts W.
 */
public final class InvertibleConv1x1 implements Transform {
    private final int channels;
    private final boolean luDecomposed;
    /** Plain: the weight itself (null under LU). */
    private final Tensor weight;
    /** LU: the fixed permutation and signs, and the learned factors (only their triangles are used). */
    private final Tensor permutation;
    private final Tensor signs;
    private final Tensor lower;
    private final Tensor upper;
    private final Tensor logAbsDiagonal;
    private final Tensor identity;

    public InvertibleConv1x1(Parameters params, String prefix, int channels, boolean luDecomposed) {
        if (channels < 1) {
            throw new IllegalArgumentException("a 1x1 convolution needs at least one channel, got " + channels);
        }
        this.channels = channels;
        this.luDecomposed = luDecomposed;
        Tensor rotation = randomRotation(channels);
        if (!luDecomposed) {
            weight = params.add(prefix + ".weight", rotation);
            permutation = signs = lower = upper = logAbsDiagonal = identity = null;
            return;
        }
        weight = null;
        T_TensorTensorTensor_T plu = torch.linalg_lu(rotation);
        Tensor diagonal = plu.get2().diagonal();
        permutation = params.addBuffer(prefix + ".permutation", plu.get0());
        signs = params.addBuffer(prefix + ".signs", diagonal.sign());
        lower = params.add(prefix + ".lower", torch.tril(plu.get1(), -1));
        upper = params.add(prefix + ".upper", torch.triu(plu.get2(), 1));
        logAbsDiagonal = params.add(prefix + ".logAbsDiagonal", diagonal.abs().log());
        identity = torch.eye(channels);
        identity.retainReference();
    }

    private static Tensor randomRotation(int channels) {
        T_TensorTensor_T qr = torch.linalg_qr(torch.randn(channels, channels));
        return qr.get0().clone();
    }

    /** The C x C matrix W (built from its factors under LU). */
    public Tensor weight() {
        if (!luDecomposed) {
            return weight;
        }
        Tensor l = torch.tril(lower, -1).add(identity);
        Tensor u = torch.triu(upper, 1).add(torch.diag(signs.mul(logAbsDiagonal.exp())));
        return permutation.matmul(l).matmul(u);
    }

    /** log|det W|, a scalar: O(C) under LU. */
    public Tensor logAbsDetWeight() {
        return luDecomposed ? logAbsDiagonal.sum() : torch.linalg_slogdet(weight).get1();
    }

    @Override
    public Result forward(Tensor x) {
        PerChannel.requireShape(x, channels, "a 1x1 convolution");
        return new Result(mix(x, weight()), logDet(x, logAbsDetWeight()));
    }

    @Override
    public Result inverse(Tensor z) {
        PerChannel.requireShape(z, channels, "a 1x1 convolution");
        return new Result(mix(z, torch.linalg_inv(weight())), logDet(z, logAbsDetWeight().neg()));
    }

    private static Tensor mix(Tensor x, Tensor matrix) {
        if (x.dim() == 2) {
            return x.matmul(matrix.t());
        }
        return torch.conv2d(x, matrix.view(matrix.size(0), matrix.size(1), 1, 1));
    }

    private static Tensor logDet(Tensor x, Tensor logAbsDetMatrix) {
        return logAbsDetMatrix.mul(new Scalar((double) PerChannel.positions(x))).expand(x.size(0));
    }
}
