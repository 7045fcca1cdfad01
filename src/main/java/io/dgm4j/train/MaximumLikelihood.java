package io.dgm4j.train;

import io.dgm4j.eval.Likelihood;
import io.dgm4j.models.BinarisedInput;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * Forward KL: minimise the mean negative log-likelihood of the data, in nats. For image models
 * ([C, H, W] events, whose log-likelihood is that of 8-bit pixels, or of binary pixels for a model
 * of binarised data) it also logs the same figures in bits per dimension, the unit image papers report.
 * A model of binary data ({@link BinarisedInput}) sees each batch binarised afresh and the held-out
 * data binarised once.
 */
public final class MaximumLikelihood implements Objective {
    private final GenerativeModel model;
    private final ExactLogDensity density;
    /** Pixels per image, or 0 when bits/dim is not logged. */
    private final int imageDimension;
    private final PreparedValidationData validationData;

    public <M extends GenerativeModel & ExactLogDensity> MaximumLikelihood(M model) {
        this.model = model;
        this.density = model;
        int[] shape = model.eventShape();
        this.imageDimension = shape.length == 3 ? shape[0] * shape[1] * shape[2] : 0;
        this.validationData = new PreparedValidationData(x -> BinarisedInput.forEvaluation(model, x));
    }

    @Override
    public List<List<Tensor>> parameterGroups() {
        return List.of(model.parameters().list());
    }

    @Override
    public List<String> trainMetrics() {
        return imageDimension > 0 ? List.of("train_loss", "train_bpd") : List.of("train_loss");
    }

    @Override
    public List<String> validationMetrics() {
        return imageDimension > 0 ? List.of("val_nll", "val_bpd") : List.of("val_nll");
    }

    @Override
    public Map<String, Double> step(Tensor batch, Optimization optimization) {
        Tensor x = model instanceof BinarisedInput binary ? binary.trainingData(batch) : batch;
        Tensor loss = density.logProb(x).mean().neg();
        double value = optimization.minimize(0, loss);
        return imageDimension > 0
                ? Map.of("train_loss", value, "train_bpd", Likelihood.bitsPerDim(value, imageDimension))
                : Map.of("train_loss", value);
    }

    @Override
    public Map<String, Double> validate(Tensor data) {
        double nll = Likelihood.meanNll(density, validationData.of(data));
        return imageDimension > 0
                ? Map.of("val_nll", nll, "val_bpd", Likelihood.bitsPerDim(nll, imageDimension))
                : Map.of("val_nll", nll);
    }
}
