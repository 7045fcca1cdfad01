package io.dgm4j.train;

import io.dgm4j.eval.ImportanceSampling;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.SamplesWithLogProb;
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
 */
public final class ReverseKl implements Objective {
    public static final int VALIDATION_SAMPLES = 4096;

    private final GenerativeModel model;
    private final SamplesWithLogProb sampler;
    private final Target target;
    private final int batchSize;

    public <M extends GenerativeModel & SamplesWithLogProb> ReverseKl(M model, Target target, int batchSize) {
        this.model = model;
        this.sampler = model;
        this.target = target;
        this.batchSize = batchSize;
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
        SamplesWithLogProb.Sample s = sampler.sampleWithLogProb(batchSize);
        Tensor loss = s.logProb().add(target.energy(s.values())).mean();
        return Map.of("train_loss", optimization.minimize(0, loss));
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
