package io.dgm4j.tensor;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** Conversions between Java arrays and tensors, and small helpers used across layers. */
public final class Tensors {
    private Tensors() {
    }

    /** A float32 tensor holding a copy of {@code values} with the given shape. */
    public static Tensor of(float[] values, long... shape) {
        Engine.ensureStarted();
        return AbstractTensor.create(values, shape);
    }

    /** The elements of a tensor in row-major order, as float32. */
    public static float[] toFloats(Tensor t) {
        Tensor c = t.detach().to(torch.ScalarType.Float).contiguous();
        float[] out = new float[(int) c.numel()];
        try (FloatPointer p = c.data_ptr_float()) {
            p.get(out);
        }
        return out;
    }

    public static long[] shape(Tensor t) {
        return t.sizes().vec().get();
    }

    /** Examples x [N, ...] as rows [N, D], e.g. images for the models that see them as vectors of pixels. */
    public static Tensor rows(Tensor x) {
        return x.reshape(x.size(0), -1);
    }

    /** The shape of n examples of shape {@code eventShape}: [n, ...eventShape]. */
    public static long[] batchShape(long n, int[] eventShape) {
        long[] shape = new long[eventShape.length + 1];
        shape[0] = n;
        for (int i = 0; i < eventShape.length; i++) {
            shape[i + 1] = eventShape[i];
        }
        return shape;
    }

    /**
     * A Scalar a model keeps for its lifetime (a constant of a layer, made once instead of per call): retained,
     * because a model may be built inside a caller's memory scope but outlives it.
     */
    public static Scalar keptScalar(double value) {
        Scalar s = new Scalar(value);
        s.retainReference();
        return s;
    }

    /**
     * An owning handle on element i of a vector. {@code TensorVector.get} returns a reference into the
     * vector's storage, which dies with the vector: once the collector frees an unreachable vector, such a
     * reference is freed memory (a crash inside libtorch, or a nonsense error).
     */
    public static Tensor element(TensorVector vector, long i) {
        return new Tensor(vector.get(i));
    }
}
