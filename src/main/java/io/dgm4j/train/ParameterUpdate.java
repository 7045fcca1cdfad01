package io.dgm4j.train;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;

/** The optimizer of one parameter group: how {@link Optimization} steps, reschedules and checkpoints it. */
interface ParameterUpdate {
    void setLearningRate(double lr);

    /** Updates the parameters from their gradients. */
    void step();

    /** Writes the optimizer state (moments, step count) into {@code archive}. */
    void save(OutputArchive archive);

    /** Restores what {@link #save} wrote. */
    void load(InputArchive archive);
}
