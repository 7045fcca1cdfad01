package io.dgm4j.nn;

import io.dgm4j.tensor.Tensors;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Moves a group of parameters into one contiguous buffer, and their gradients into another, so
 * that the optimizer updates one tensor per step instead of one per layer. Each parameter stays
 * the same Java/C++ tensor (layers keep their references); only its storage becomes a slice of
 * the buffer. Autograd accumulates each gradient in place into its slice of the gradient buffer.
 *
 * <p>Why: small models are bound by the cost per operator call; Adam runs ~10 kernels per
 * tensor, so 40 small tensors cost ~400 calls where one buffer costs ~10 (measured: optimizer
 * time per RealNVP step 2.0 ms -> 1.1 ms).
 */
public final class FlatParameters {
    private final Tensor values;
    private final Tensor gradients;
    private final TensorVector parameters;

    public FlatParameters(List<Tensor> parameters) {
        long total = 0;
        for (Tensor p : parameters) {
            total += p.numel();
        }
        Tensor flatValues = torch.empty(total);
        Tensor flatGradients = torch.zeros(total);
        try (NoGradGuard guard = new NoGradGuard()) {
            long offset = 0;
            for (Tensor p : parameters) {
                long n = p.numel();
                long[] shape = Tensors.shape(p);
                flatValues.narrow(0, offset, n).copy_(p.reshape(-1));
                p.set_(flatValues, offset, shape, contiguousStrides(shape));
                p.mutable_grad().put(flatGradients.narrow(0, offset, n).view(shape));
                offset += n;
            }
        }
        flatValues.requires_grad_(true);
        flatValues.mutable_grad().put(flatGradients);
        flatValues.retainReference();
        flatGradients.retainReference();
        this.values = flatValues;
        this.gradients = flatGradients;
        this.parameters = new TensorVector(parameters.toArray(new Tensor[0]));
    }

    /** The group's parameters (slices of {@link #values()}), for back-propagating to them alone. */
    public TensorVector parameters() {
        return parameters;
    }

    /** The single tensor an optimizer should update; its gradient is the gradient buffer. */
    public Tensor values() {
        return values;
    }

    /** The Euclidean norm of the whole gradient buffer. */
    public double gradientNorm() {
        return gradients.norm().item_double();
    }

    public void zeroGradients() {
        gradients.zero_();
    }

    private static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }
}
