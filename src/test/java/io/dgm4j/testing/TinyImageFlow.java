package io.dgm4j.testing;

import static io.dgm4j.testing.Perturbation.perturb;

import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.models.flows.AlternatingCouplings;
import io.dgm4j.models.flows.CompositeTransform;
import io.dgm4j.models.flows.ElementwiseAffine;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;
import io.dgm4j.tensor.Engine;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * A small flow over images {C, H, W} with an image-shaped latent, standing in for the image
 * families (RealNVP multi-scale, Glow) in tests of pictures: a per-pixel affine map and two
 * perturbed (so non-identity) affine couplings applied to the flattened image.
 */
public final class TinyImageFlow {
    private TinyImageFlow() {
    }

    public static Flow create(int[] shape, long seed) {
        Engine.seed(seed);
        int d = shape[0] * shape[1] * shape[2];
        float[] shift = new float[d];
        float[] scale = new float[d];
        for (int i = 0; i < d; i++) {
            shift[i] = 0.5f + 0.01f * i;
            scale[i] = 0.2f + 0.05f * (i % 7);
        }
        Parameters params = new Parameters();
        Transform couplings = new AlternatingCouplings(params, "coupling", d, 2, 8, 1, Activation.parse("tanh"));
        perturb(params, 0.3);
        Transform flat = new CompositeTransform(List.of(new ElementwiseAffine(shift, scale), couplings));
        return new Flow(new StandardNormal(shape), new Flattened(flat, shape), params, shape);
    }

    /** A transform of vectors [N, D] applied to images [N, C, H, W]; the latent keeps the image shape. */
    private record Flattened(Transform inner, int[] shape) implements Transform {
        @Override
        public Result forward(Tensor x) {
            Result r = inner.forward(x.reshape(x.size(0), -1));
            return new Result(r.output().reshape(x.size(0), shape[0], shape[1], shape[2]), r.logAbsDet());
        }

        @Override
        public Result inverse(Tensor z) {
            Result r = inner.inverse(z.reshape(z.size(0), -1));
            return new Result(r.output().reshape(z.size(0), shape[0], shape[1], shape[2]), r.logAbsDet());
        }
    }
}
