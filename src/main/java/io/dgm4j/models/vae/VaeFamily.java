package io.dgm4j.models.vae;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Parameters;

/**
 * The MLP VAE families: {@code vae} (trained on the ELBO) and {@code iwae} (trained on the
 * K-sample importance-weighted bound). Options: latent (2 for vector data, 20 for images),
 * hidden (128 / 400), depth (2 / 1 hidden layers in encoder and decoder), activation (relu),
 * decoder (gaussian / bernoulli), variance (learned or fixed, Gaussian decoder), decoder-std
 * (1: the fixed std, or the initial learned one), beta (1), kl-warmup-steps (0), k (iwae: 5).
 */
public final class VaeFamily implements ModelFactory {
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
                : "variational autoencoder: MLP encoder/decoder, Gaussian or Bernoulli likelihood, ELBO training";
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        int samples = importanceWeighted ? options.positiveInt("k", 5) : 1;
        return create(options, dataShape, samples, LatentFlows.Builder.NONE);
    }

    /** A VAE from the options every VAE family shares, with the latent flows {@code flows} builds. */
    static Vae create(ModelOptions options, int[] dataShape, int samples, LatentFlows.Builder flows) {
        boolean image = dataShape.length == 3;
        int latent = options.positiveInt("latent", image ? 20 : 2);
        int hidden = options.positiveInt("hidden", image ? 400 : 128);
        int depth = options.positiveInt("depth", image ? 1 : 2);
        Activation activation = Activation.parse(options.string("activation", "relu"));
        String decoder = options.choice("decoder", image ? "bernoulli" : "gaussian", "bernoulli", "gaussian");
        boolean learnedVariance = options.choice("variance", "learned", "learned", "fixed").equals("learned");
        double std = options.positiveDouble("decoder-std", 1.0);
        double beta = options.positiveDouble("beta", 1.0);
        long warmup = options.nonNegativeInt("kl-warmup-steps", 0);
        return build(dataShape, latent, hidden, depth, depth, activation, decoder, std, learnedVariance,
                new VaeTraining(samples, beta, warmup), flows);
    }

    /** A VAE with the given architecture; a decoder depth of 0 makes the decoder mean affine in z. */
    static Vae build(int[] dataShape, int latent, int hidden, int encoderDepth, int decoderDepth, Activation activation,
                     String decoderName, double std, boolean learnedVariance, VaeTraining training) {
        return build(dataShape, latent, hidden, encoderDepth, decoderDepth, activation, decoderName, std,
                learnedVariance, training, LatentFlows.Builder.NONE);
    }

    /** As above, plus the flows on q(z|x) and p(z); they get the encoder's hidden width and depth. */
    static Vae build(int[] dataShape, int latent, int hidden, int encoderDepth, int decoderDepth, Activation activation,
                     String decoderName, double std, boolean learnedVariance, VaeTraining training,
                     LatentFlows.Builder flows) {
        int inputs = 1;
        for (int s : dataShape) {
            inputs *= s;
        }
        Parameters params = new Parameters();
        GaussianEncoder encoder = new GaussianEncoder(params, inputs, hidden, encoderDepth, latent, activation);
        Decoder decoder = switch (decoderName) {
            case "bernoulli" -> new BernoulliDecoder(params, latent, hidden, decoderDepth, inputs, activation);
            case "gaussian" -> new GaussianDecoder(params, latent, hidden, decoderDepth, inputs, activation, std,
                    learnedVariance);
            default -> throw new InvalidInputException("unknown decoder '" + decoderName
                    + "': use --opt decoder=bernoulli or --opt decoder=gaussian");
        };
        LatentFlows latentFlows = flows.build(params, latent, hidden, encoderDepth, activation);
        return new Vae(encoder, decoder, params, dataShape, latent, training, latentFlows.posterior(),
                latentFlows.prior());
    }
}
