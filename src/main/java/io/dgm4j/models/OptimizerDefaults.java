package io.dgm4j.models;

import java.util.List;

/**
 * A family's training defaults for what the user does not set on the command line.
 *
 * @param optimizer    adam, adamw, rmsprop or sgd
 * @param learningRate peak learning rate
 * @param betas        Adam's (beta1, beta2), or null for libtorch's (0.9, 0.999) and for RMSprop and SGD
 * @param momentum     SGD's momentum, 0 for every other optimizer
 */
public record OptimizerDefaults(String optimizer, double learningRate, List<Double> betas, double momentum) {
    /** What every family trained with before families had defaults of their own. */
    public static final OptimizerDefaults STANDARD = new OptimizerDefaults("adam", 1e-3, null, 0);
}
