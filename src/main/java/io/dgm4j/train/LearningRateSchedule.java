package io.dgm4j.train;

import io.dgm4j.InvalidInputException;

/** Learning rate as a function of the step: optional linear warm-up, then constant or cosine decay. */
public final class LearningRateSchedule {
    private LearningRateSchedule() {
    }

    static void validate(String schedule) {
        if (!schedule.equals("constant") && !schedule.equals("cosine")) {
            throw new InvalidInputException("unknown --schedule '" + schedule + "': choose constant or cosine");
        }
    }

    public static double at(TrainingConfig c, long step) {
        double peak = c.learningRate();
        if (step < c.warmupSteps()) {
            return peak * (step + 1) / c.warmupSteps();
        }
        if (c.schedule().equals("cosine")) {
            double progress = (double) (step - c.warmupSteps()) / Math.max(1, c.steps() - c.warmupSteps());
            return peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
        }
        return peak;
    }
}
