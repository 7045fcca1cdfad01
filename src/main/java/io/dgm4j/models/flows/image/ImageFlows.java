package io.dgm4j.models.flows.image;

import io.dgm4j.InvalidInputException;
import io.dgm4j.distributions.StandardNormal;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.flows.Transform;
import io.dgm4j.nn.Parameters;
import io.dgm4j.nn.ResidualConvNet;
import java.util.Arrays;

/**
 * What every image flow family shares: the shape checks and the dequantisation/logit wrapper.
 * Options: dequantization (uniform | variational), alpha (logit margin, 0.05), and for the
 * variational dequantiser dequant_channels (16) and dequant_blocks (1) of its ResidualConvNets.
 */
public final class ImageFlows {
    private ImageFlows() {
    }

    /** The data must be images [C, H, W]. */
    public static void requireImage(String family, int[] shape) {
        if (shape.length != 3) {
            throw new InvalidInputException(family + " models images of shape [C, H, W], but the data has shape "
                    + Arrays.toString(shape) + ": use image data such as --data mnist10k");
        }
    }

    /** Height and width must survive {@code squeezes} halvings, which option {@code option} sets. */
    public static void requireDivisible(String family, int[] shape, int squeezes, String option, int value) {
        int factor = 1 << squeezes;
        if (shape[1] % factor != 0 || shape[2] % factor != 0) {
            throw new InvalidInputException(family + " with --opt " + option + "=" + value + " squeezes the image "
                    + squeezes + " times, so height and width must be divisible by " + factor + ", but the images are "
                    + shape[1] + "x" + shape[2] + ": lower --opt " + option);
        }
    }

    /** The model over pixel data: {@code transform} maps the logit-space image to an N(0, I) latent. */
    public static ImageFlow wrap(ModelOptions options, int[] shape, Parameters params, Transform transform) {
        double alpha = options.positiveDouble("alpha", 0.05);
        if (alpha >= 0.5) {
            throw new InvalidInputException("model option alpha=" + alpha + " must be below 0.5 (the logit margin; "
                    + "0.05 is RealNVP's choice for MNIST)");
        }
        String kind = options.choice("dequantization", "uniform", "uniform", "variational");
        Dequantization dequantization = kind.equals("uniform") ? new UniformDequantization()
                : new VariationalDequantization(params, "dequantization", shape, ResidualConvNet.factory(
                        options.positiveInt("dequant_channels", 16), options.positiveInt("dequant_blocks", 1)));
        Flow flow = new Flow(new StandardNormal(shape), transform, params, shape);
        return new ImageFlow(flow, dequantization, new LogitTransform(alpha));
    }
}
