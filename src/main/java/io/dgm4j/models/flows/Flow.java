package io.dgm4j.models.flows;

import io.dgm4j.distributions.Distribution;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.models.SamplesWithLogProb;
import io.dgm4j.nn.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * A normalizing flow: a base distribution p_Z and a transform f from data to latent, giving
 * log p(x) = log p_Z(f(x)) + log |det df/dx|. A flow is itself a distribution.
 */
public final class Flow implements Distribution, GenerativeModel, ExactLogDensity, LatentSpace, SamplesWithLogProb {
    private final Distribution base;
    private final Transform transform;
    private final Parameters parameters;
    private final int[] eventShape;

    public Flow(Distribution base, Transform transform, Parameters parameters, int[] eventShape) {
        this.base = base;
        this.transform = transform;
        this.parameters = parameters;
        this.eventShape = eventShape.clone();
    }

    /** This flow with a fixed transform applied to the data first (e.g. standardisation). */
    public Flow withPreprocessing(Transform first) {
        List<Transform> steps = new ArrayList<>();
        steps.add(first);
        steps.add(transform);
        return new Flow(base, new CompositeTransform(steps), parameters, eventShape);
    }

    public Transform transform() {
        return transform;
    }

    /** The transform's steps from data to latent: a composite's parts, or the transform alone. */
    public List<Transform> steps() {
        return transform instanceof CompositeTransform composite ? composite.steps() : List.of(transform);
    }

    public Distribution base() {
        return base;
    }

    @Override
    public Tensor logProb(Tensor x) {
        Transform.Result r = transform.forward(x);
        return base.logProb(r.output()).add(r.logAbsDet());
    }

    @Override
    public Tensor sample(long n) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return transform.inverse(base.sample(n)).output();
        }
    }

    @Override
    public Tensor rsample(long n) {
        return transform.inverse(base.rsample(n)).output();
    }

    /** log q(x) = log p_Z(z) - log |det d x / d z| along the sampling pass x = f^-1(z). */
    @Override
    public Sample sampleWithLogProb(long n) {
        return pushForward(base.rsample(n));
    }

    /**
     * Maps given base draws {@code eps} to data with their log-density, in one sampling pass: the
     * density of the flow's own samples needs no inversion (the "cached noise" of an IAF).
     * Gradients flow to the parameters.
     */
    public Sample pushForward(Tensor eps) {
        return pushThrough(base, transform, eps);
    }

    /** The sampling pass shared by every flow, including those without a forward (density) direction. */
    static Sample pushThrough(Distribution base, Transform transform, Tensor eps) {
        Transform.Result x = transform.inverse(eps);
        return new Sample(x.output(), base.logProb(eps).sub(x.logAbsDet()));
    }

    @Override
    public Tensor encode(Tensor x) {
        return transform.forward(x).output();
    }

    @Override
    public Tensor decode(Tensor z) {
        return transform.inverse(z).output();
    }

    @Override
    public Tensor sampleLatent(long n) {
        return base.sample(n);
    }

    @Override
    public int eventDimension() {
        return base.eventDimension();
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    @Override
    public int[] eventShape() {
        return eventShape.clone();
    }
}
