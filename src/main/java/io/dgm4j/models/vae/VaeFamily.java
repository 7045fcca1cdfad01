package io.dgm4j.models.vae;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Mlp;
import io.dgm4j.nn.Parameters;
import java.util.Arrays;

/**
 * The VAE families: {@code vae} (trained on the ELBO) and {@code iwae} (trained on the
 * K-sample importance-weighted bound). Options: latent (2 for vector data, 20 for images),
 * hidden (128 / 400), depth (2 / 1 hidden layers in encoder and decoder), activation (relu),
 * decoder (gaussian / bernoulli), variance (learned or fixed, Gaussian decoder), decoder-std
 * (1: the fixed std, or the initial learned one), beta (1), kl-warmup-steps (0), k (iwae: 5), net (mlp, or conv
 * for images: see {@link ConvEncoderNet} and {@link ConvDecoderNet}).
 */
public final class VaeFamily implements ModelFactory {
    /** Width of the latent flows' nets beside conv encoders, which have no hidden width of their own to lend. */
    private static final int CONV_FLOW_HIDDEN = 128;

    private final boolean importanceWeighted;

    private VaeFamily(boolean importanceWeighted) {
        this.importanceWeighted = importanceWeighted;
    }

    public static VaeFamily vae() {
        return new VaeFamily(false);
    }

    public static VaeFamily iwae() {
        return new VaeFamily(true);
    }

    @Override
    public String name() {
        return importanceWeighted ? "iwae" : "vae";
    }

    @Override
    public String description() {
        return importanceWeighted
                ? "importance-weighted autoencoder: a VAE trained on the K-sample IWAE bound (--opt k=5)"
                : "variational autoencoder: MLP (or --opt net=conv) encoder/decoder, Gaussian or Bernoulli likelihood, ELBO training";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        int samples = importanceWeighted ? options.positiveInt("k", 5) : 1;
        return create(options, dataShape, samples, LatentFlows.Builder.NONE);
    }

    /** A VAE from the options every VAE family shares, with the latent flows {@code flows} builds. */
    static Vae create(ModelOptions options, int[] dataShape, int samples, LatentFlows.Builder flows) {
        boolean image = dataShape.length == 3;
        String net = options.choice("net", "mlp", "mlp", "conv");
        int latent = options.positiveInt("latent", image ? 20 : 2);
        Activation activation = Activation.parse(options.string("activation", "relu"));
        String decoder = options.choice("decoder", image ? "bernoulli" : "gaussian", "bernoulli", "gaussian");
        boolean learnedVariance = options.choice("variance", "learned", "learned", "fixed").equals("learned");
        double std = options.positiveDouble("decoder-std", 1.0);
        double beta = options.positiveDouble("beta", 1.0);
        long warmup = options.nonNegativeInt("kl-warmup-steps", 0);
        VaeTraining training = new VaeTraining(samples, beta, warmup);
        if (net.equals("conv")) {
            checkConvShape(dataShape);
            for (String mlpOnly : new String[] {"hidden", "depth"}) {
                if (options.has(mlpOnly)) {
                    throw new InvalidInputException("--" + mlpOnly + " sizes the MLP, but --opt net=conv has a fixed "
                            + "architecture (conv 32, conv 64, linear): drop --" + mlpOnly + " or use --opt net=mlp");
                }
            }
            return buildConv(dataShape, latent, activation, decoder, std, learnedVariance, training, flows);
        }
        int hidden = options.positiveInt("hidden", image ? 400 : 128);
        int depth = options.positiveInt("depth", image ? 1 : 2);
        return build(dataShape, latent, hidden, depth, depth, activation, decoder, std, learnedVariance, training,
                flows);
    }

    /** The conv nets halve height and width twice: images {C, H, W} with H and W multiples of 4. */
    private static void checkConvShape(int[] shape) {
        if (shape.length != 3 || shape[1] % 4 != 0 || shape[2] % 4 != 0) {
            throw new InvalidInputException("--opt net=conv needs images {C, H, W} with H and W multiples of 4, but the "
                    + "data has shape " + Arrays.toString(shape) + ": use --opt net=mlp");
        }
    }

    /** A VAE with MLPs and no latent flows; a decoder depth of 0 makes the decoder mean affine in z. */
    static Vae build(int[] dataShape, int latent, int hidden, int encoderDepth, int decoderDepth, Activation activation,
                     String decoderName, double std, boolean learnedVariance, VaeTraining training) {
        return build(dataShape, latent, hidden, encoderDepth, decoderDepth, activation, decoderName, std,
                learnedVariance, training, LatentFlows.Builder.NONE);
    }

    /** As above, plus the flows on q(z|x) and p(z); they get the encoder's hidden width and depth. */
    static Vae build(int[] dataShape, int latent, int hidden, int encoderDepth, int decoderDepth, Activation activation,
                     String decoderName, double std, boolean learnedVariance, VaeTraining training,
                     LatentFlows.Builder flows) {
        int inputs = size(dataShape);
        Parameters params = new Parameters();
        Mlp encoder = new Mlp(params, "encoder", inputs, hidden, encoderDepth, 2 * latent, activation, false);
        Mlp decoder = new Mlp(params, "decoder", latent, hidden, decoderDepth, inputs, activation, false);
        return assemble(params, encoder::forward, decoder::forward, dataShape, latent, decoderName, std,
                learnedVariance, training, flows, hidden, encoderDepth, activation);
    }

    /** A VAE with the convolutional encoder and decoder, for images {C, H, W} with H and W multiples of 4. */
    static Vae buildConv(int[] imageShape, int latent, Activation activation, String decoderName, double std,
                         boolean learnedVariance, VaeTraining training) {
        return buildConv(imageShape, latent, activation, decoderName, std, learnedVariance, training,
                LatentFlows.Builder.NONE);
    }

    private static Vae buildConv(int[] imageShape, int latent, Activation activation, String decoderName, double std,
                                 boolean learnedVariance, VaeTraining training, LatentFlows.Builder flows) {
        checkConvShape(imageShape);
        Parameters params = new Parameters();
        ConvEncoderNet encoder = new ConvEncoderNet(params, imageShape, latent, activation);
        ConvDecoderNet decoder = new ConvDecoderNet(params, imageShape, latent, activation);
        return assemble(params, encoder, decoder, imageShape, latent, decoderName, std, learnedVariance, training,
                flows, CONV_FLOW_HIDDEN, 1, activation);
    }

    private static Vae assemble(Parameters params, Network encoderNet, Network decoderNet, int[] dataShape, int latent,
                                String decoderName, double std, boolean learnedVariance, VaeTraining training,
                                LatentFlows.Builder flows, int flowHidden, int flowDepth, Activation activation) {
        Decoder decoder = switch (decoderName) {
            case "bernoulli" -> new BernoulliDecoder(decoderNet);
            case "gaussian" -> new GaussianDecoder(params, decoderNet, size(dataShape), std, learnedVariance);
            default -> throw new InvalidInputException("unknown decoder '" + decoderName
                    + "': use --opt decoder=bernoulli or --opt decoder=gaussian");
        };
        LatentFlows latentFlows = flows.build(params, latent, flowHidden, flowDepth, activation);
        return new Vae(new GaussianEncoder(encoderNet, latent), decoder, params, dataShape, latent, training,
                latentFlows.posterior(), latentFlows.prior());
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }
}
