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
        public Tensor apply(Tensor x) {
            return torch.relu(x);
        }
    },
    LEAKY_RELU {
        @Override
        public Tensor apply(Tensor x) {
            return torch.leaky_relu(x);
        }
    },
    TANH {
        @Override
        public Tensor apply(Tensor x) {
            return x.tanh();
        }
    },
    SILU {
        @Override
        public Tensor apply(Tensor x) {
            return torch.silu(x);
        }
    };

    public abstract Tensor apply(Tensor x);

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
