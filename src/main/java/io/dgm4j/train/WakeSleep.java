package io.dgm4j.train;

import io.dgm4j.eval.ImportanceWeightedBound;
import io.dgm4j.models.helmholtz.HelmholtzMachine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * The wake-sleep algorithm (Hinton et al. 1995) for a Helmholtz machine, one optimizer per model.
 * Wake: draw h ~ q(h|x) for a data batch and maximise log p(x, h) over the generative parameters.
 * Sleep: dream (h, x) ~ p and maximise log q(h|x) over the recognition parameters. The draws are
 * binary, so no gradient flows through them: each phase moves only its own model. Logged:
 * train_wake = -log p(x, h), train_sleep = -log q(h|x) on the dreams (both per example, in nats),
 * and val_elbo = E_q[log p(x, h) - log q(h|x)] on the held-out data.
 */
public final class WakeSleep implements Objective {
    private static final int GENERATIVE = 0;
    private static final int RECOGNITION = 1;
    private final HelmholtzMachine model;
    private final PreparedValidationData validationData;

    public WakeSleep(HelmholtzMachine model) {
        this.model = model;
        this.validationData = new PreparedValidationData(model::evaluationData);
    }

    @Override
    public List<List<Tensor>> parameterGroups() {
        return List.of(model.generativeParameters(), model.recognitionParameters());
    }

    @Override
    public List<String> trainMetrics() {
        return List.of("train_wake", "train_sleep");
    }

    @Override
    public List<String> validationMetrics() {
        return List.of("val_elbo");
    }

    @Override
    public Map<String, Double> step(Tensor batch, Optimization optimization) {
        Tensor x = model.trainingData(batch);
        List<Tensor> hidden;
        try (NoGradGuard guard = new NoGradGuard()) {
            hidden = model.recognise(x);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_wake", optimization.minimize(GENERATIVE, model.logJoint(x, hidden).mean().neg()));
        HelmholtzMachine.Dream dream;
        try (NoGradGuard guard = new NoGradGuard()) {
            dream = model.dream(x.size(0));
        }
        metrics.put("train_sleep", optimization.minimize(RECOGNITION,
                model.logRecognition(dream.visible(), dream.hidden()).mean().neg()));
        return metrics;
    }

    @Override
    public Map<String, Double> validate(Tensor data) {
        Tensor x = validationData.of(data);
        return Map.of("val_elbo", new ImportanceWeightedBound().meanElbo(model, x));
    }
}
