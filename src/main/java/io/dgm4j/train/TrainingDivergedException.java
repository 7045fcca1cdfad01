package io.dgm4j.train;

/** A loss became NaN or infinite. The run folder keeps the last good checkpoint. */
public class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
