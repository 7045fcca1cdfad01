package io.dgm4j.nn;

import io.dgm4j.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Element-wise nonlinearities selectable by name from the CLI and config files. */
public enum Activation {
    RELU {
        @Override
        public Tensor applyToFresh(Tensor x) {
            torch.relu_(x);
            return x;
        }
    },
    LEAKY_RELU {
        @Override
        public Tensor applyToFresh(Tensor x) {
            torch.leaky_relu_(x);
            return x;
        }
    },
    TANH {
        @Override
        public Tensor applyToFresh(Tensor x) {
            x.tanh_();
            return x;
        }
    },
    SILU {
        /** Out of place: silu's derivative needs its input, which an in-place update would destroy. */
        @Override
        public Tensor applyToFresh(Tensor x) {
            return torch.silu(x);
        }
    };

    /**
     * The activation of {@code x}, which must be a fresh intermediate (e.g. a layer's output that
     * nothing else reads): where the derivative can be computed from the result, it overwrites x
     * instead of allocating, which saves an allocation per layer on the hot path. It returns x itself:
     * the in-place calls return a reference that owns nothing (see README, "Some handles are references").
     */
    public abstract Tensor applyToFresh(Tensor x);

    /** The lower-case name used on the command line, e.g. {@code leaky_relu}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.cliName().equalsIgnoreCase(name) || a.cliName().replace('_', '-').equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new InvalidInputException("unknown activation '" + name + "': choose one of "
                + String.join(", ", Arrays.stream(values()).map(Activation::cliName).toList()));
    }
}
