package io.dgm4j.models;

import io.dgm4j.data.Dataset;

/** A model whose likelihood only fits some data (e.g. a Bernoulli decoder: values in [0, 1]). */
public interface DataRequirements {
    /**
     * @throws io.dgm4j.InvalidInputException naming {@code source} and the fix when the data does not fit
     */
    void checkData(Dataset data, String source);
}
