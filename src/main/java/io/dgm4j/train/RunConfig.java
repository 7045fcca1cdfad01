package io.dgm4j.train;

import io.dgm4j.data.DataOptions;
import io.dgm4j.data.Standardization;
import io.dgm4j.data.ToyDatasets;
import java.util.Map;

/**
 * Everything needed to rebuild a run's model and data and to continue its training: the
 * content of config.json.
 *
 * @param model            model family name, e.g. realnvp
 * @param modelOptions     architecture options of that family
 * @param data             dataset name or CSV path; null for a run trained against a target energy
 * @param dataOptions      how the data was generated or split
 * @param dataShape        shape of one example
 * @param standardization  per-feature mean and std applied inside the model, or null
 * @param training         optimisation settings
 * @param objective        what training minimises; null in older run folders (maximum likelihood), and in a new
 *                         run's config until {@code Experiment} fills in the model's default
 */
public record RunConfig(String model, Map<String, String> modelOptions, String data, DataOptions dataOptions,
                        int[] dataShape, Standardization standardization, TrainingConfig training,
                        ObjectiveSpec objective) {
    /** The objective, with maximum likelihood for run folders that predate the field. */
    public ObjectiveSpec objectiveOrDefault() {
        return objective == null ? ObjectiveSpec.likelihood() : objective;
    }

    /** The noise its toy data was generated with (ToyDatasets.DEFAULT_NOISE: the dataset's own, as in old configs). */
    public double dataNoise() {
        return dataOptions == null ? ToyDatasets.DEFAULT_NOISE : dataOptions.noise();
    }

    /** The target energy of a run trained by reverse KL (e.g. U1), null for a run trained on data. */
    public String target() {
        ObjectiveSpec o = objectiveOrDefault();
        return o.kind().equals(ObjectiveSpec.REVERSE_KL) ? o.option("target") : null;
    }

    public RunConfig withObjective(ObjectiveSpec newObjective) {
        return new RunConfig(model, modelOptions, data, dataOptions, dataShape, standardization, training, newObjective);
    }

    public RunConfig withModelOptions(Map<String, String> newModelOptions) {
        return new RunConfig(model, newModelOptions, data, dataOptions, dataShape, standardization, training, objective);
    }

    public RunConfig withTraining(TrainingConfig newTraining) {
        return new RunConfig(model, modelOptions, data, dataOptions, dataShape, standardization, newTraining, objective);
    }
}
