package io.dgm4j.models.flows;

import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers a vector coupling flow (realnvp, nice) puts around its couplings, chosen by model
 * options: {@code permutation} (what sits between couplings), {@code actnorm} and {@code batchnorm}
 * (a normalisation before each coupling).
 *
 * <p>permutation=alternate (the default) keeps the features in place and alternates which half
 * conditions; reverse, random and learned (an LU 1x1 convolution on [N, D]) mix the features
 * between couplings instead, so every coupling conditions on the first half: alternating as well
 * would undo a reversal and leave features untransformed.
 */
public final class CouplingStack {
    public static final String ALTERNATE = "alternate";

    /** Builds the coupling of step k, given which half conditions. */
    @FunctionalInterface
    public interface CouplingFactory {
        Transform create(String prefix, boolean conditionOnFirst);
    }

    /** The parsed options; {@link #isPlain()} when none asks for an extra layer. */
    public record Options(String permutation, boolean actNorm, boolean batchNorm) {
        public static Options parse(ModelOptions options) {
            return new Options(options.choice("permutation", ALTERNATE, ALTERNATE, "reverse", "random", "learned"),
                    options.flag("actnorm", false), options.flag("batchnorm", false));
        }

        public boolean isPlain() {
            return permutation.equals(ALTERNATE) && !actNorm && !batchNorm;
        }
    }

    private CouplingStack() {
    }

    /** Per step k: [actnorm k] [batchnorm k] coupling k, then a permutation k between couplings. */
    public static CompositeTransform build(Parameters params, Options options, int dimension, int couplings,
                                           CouplingFactory factory) {
        boolean alternate = options.permutation().equals(ALTERNATE);
        List<Transform> steps = new ArrayList<>();
        for (int k = 0; k < couplings; k++) {
            if (options.actNorm()) {
                steps.add(new ActNorm(params, "actnorm" + k, dimension));
            }
            if (options.batchNorm()) {
                steps.add(new BatchNormFlow(params, "batchnorm" + k, dimension));
            }
            steps.add(factory.create("coupling" + k, !alternate || k % 2 == 0));
            if (!alternate && k < couplings - 1) {
                steps.add(permutation(params, options.permutation(), "permutation" + k, dimension));
            }
        }
        return new CompositeTransform(steps);
    }

    private static Transform permutation(Parameters params, String kind, String prefix, int dimension) {
        return switch (kind) {
            case "reverse" -> Permutation.reverse(dimension);
            case "random" -> Permutation.random(dimension);
            case "learned" -> new InvertibleConv1x1(params, prefix, dimension, true);
            default -> throw new IllegalArgumentException("no permutation layer for '" + kind + "'");
        };
    }
}
