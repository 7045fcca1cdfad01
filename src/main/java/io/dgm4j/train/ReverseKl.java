package io.dgm4j.train;

import io.dgm4j.eval.ImportanceSampling;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.SamplesWithLogProb;
import io.dgm4j.models.cnf.AdjointGradient;
import io.dgm4j.models.cnf.ContinuousFlow;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.flows.Transform;
import io.dgm4j.targets.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * Reverse KL against an unnormalised target p~ = exp(-U): minimise
 * KL(q || p) = E_q[log q(x) + U(x)] + log Z over reparameterised samples of the model q, which it
 * draws itself ({@code batchSize} per step; no data). log Z does not depend on q, so the loss and
 * val_reverse_kl are the KL up to the constant -log Z; val_ess and val_log_z come from the
 * importance weights p~ / q of {@link #VALIDATION_SAMPLES} fresh samples.
 *
 * <p>A continuous flow trained with gradient=adjoint takes the same loss's gradient by the adjoint method
 * ({@link AdjointGradient}) through the solve from the base draws to the samples, so that memory does not
 * grow with the solver's steps.
 */
public final class ReverseKl implements Objective {
    public static final int VALIDATION_SAMPLES = 4096;

    private final GenerativeModel model;
    private final SamplesWithLogProb sampler;
    private final Target target;
    private final int batchSize;
    /** The continuous flow that ends the model's transform where it trains by the adjoint method, else null. */
    private final ContinuousFlow adjoint;

    public <M extends GenerativeModel & SamplesWithLogProb> ReverseKl(M model, Target target, int batchSize) {
        this.model = model;
        this.sampler = model;
        this.target = target;
        this.batchSize = batchSize;
        ContinuousFlow ode = model instanceof Flow flow ? ContinuousFlow.endingOf(flow) : null;
        this.adjoint = ode != null && ode.adjointTraining() ? ode : null;
    }

    @Override
    public List<List<Tensor>> parameterGroups() {
        return List.of(model.parameters().list());
    }

    @Override
    public List<String> trainMetrics() {
        return List.of("train_loss");
    }

    @Override
    public List<String> validationMetrics() {
        return List.of("val_reverse_kl", "val_ess", "val_log_z");
    }

    @Override
    public Map<String, Double> step(Tensor batch, Optimization optimization) {
        if (adjoint != null) {
            return Map.of("train_loss", optimization.minimize(0, adjointLoss((Flow) model)));
        }
        SamplesWithLogProb.Sample s = sampler.sampleWithLogProb(batchSize);
        Tensor loss = s.logProb().add(target.energy(s.values())).mean();
        return Map.of("train_loss", optimization.minimize(0, loss));
    }

    /**
     * The loss with the adjoint's gradient. In the sampling direction the ODE comes first; the flow's other
     * steps (fixed maps such as a standardisation) follow it inside the loss, so their log-dets count too.
     */
    private Tensor adjointLoss(Flow flow) {
        List<Transform> steps = flow.steps();
        List<Transform> after = steps.subList(0, steps.size() - 1);
        Tensor eps = flow.base().sample(batchSize);
        Tensor logBase = flow.base().logProb(eps);
        List<Tensor> parameters = model.parameters().list();
        AdjointGradient.Result result = AdjointGradient.of(adjoint, eps, false, end -> {
            Tensor x = end.end();
            Tensor logAbsDet = end.logAbsDet();
            for (int i = after.size() - 1; i >= 0; i--) {
                Transform.Result r = after.get(i).inverse(x);
                x = r.output();
                logAbsDet = logAbsDet.add(r.logAbsDet());
            }
            return logBase.sub(logAbsDet).add(target.energy(x)).mean();
        }, parameters);
        return result.surrogateLoss(parameters);
    }

    @Override
    public Map<String, Double> validate(Tensor data) {
        ImportanceSampling e = ImportanceSampling.estimate(sampler, target, VALIDATION_SAMPLES);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_reverse_kl", e.reverseKl());
        metrics.put("val_ess", e.ess());
        metrics.put("val_log_z", e.logZ());
        return metrics;
    }

    @Override
    public boolean usesData() {
        return false;
    }
}
