package io.dgm4j.train;

import io.dgm4j.eval.Likelihood;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/** Forward KL: minimise the mean negative log-likelihood of the data, in nats. */
public final class MaximumLikelihood implements Objective {
    private final GenerativeModel model;
    private final ExactLogDensity density;

    public <M extends GenerativeModel & ExactLogDensity> MaximumLikelihood(M model) {
        this.model = model;
        this.density = model;
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
        return List.of("val_nll");
    }

    @Override
    public Map<String, Double> step(Tensor batch, Optimization optimization) {
        Tensor loss = density.logProb(batch).mean().neg();
        return Map.of("train_loss", optimization.minimize(0, loss));
    }

    @Override
    public Map<String, Double> validate(Tensor data) {
        return Map.of("val_nll", Likelihood.meanNll(density, data));
    }
}
