package io.dgm4j.models.gan;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.TrainTestSplit;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.ModelFactory;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.OptimizerDefaults;
import io.dgm4j.nn.Activation;
import io.dgm4j.nn.Mlp;
import io.dgm4j.nn.Parameters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The GAN families: gan (non-saturating loss), gan-minimax, dcgan, wgan (weight clipping), wgan-gp
 * (gradient penalty) and cgan (conditioned on one-hot labels). Options: net (mlp or dcgan for
 * images, toy for vector data), latent (100 for images, 2 for vector data), hidden and depth (toy
 * nets, 256 x 3), critic-steps (5 for WGANs, else 1), generator-steps (1), clip (wgan 0.01, else
 * off), gp-weight (wgan-gp 10, else off), minibatch (none or std), dropout (MLP critic, 0.3),
 * classes (cgan: the data's largest label + 1), init-from (a vae run whose trained MLP decoder the generator
 * starts as).
 */
public final class GanFamily implements ModelFactory {
    /** The option naming a vae run whose decoder the generator starts from. */
    public static final String INIT_FROM = "init-from";
    /** The width and depth of that decoder, recorded when the run starts. */
    public static final String DECODER_HIDDEN = "decoder-hidden";
    public static final String DECODER_DEPTH = "decoder-depth";
    private static final List<Double> DCGAN_BETAS = List.of(0.5, 0.999);

    private final String name;
    private final String loss;
    private final String imageNet;
    private final boolean conditional;

    private GanFamily(String name, String loss, String imageNet, boolean conditional) {
        this.name = name;
        this.loss = loss;
        this.imageNet = imageNet;
        this.conditional = conditional;
    }

    public static List<GanFamily> all() {
        return List.of(
                new GanFamily("gan", GanTraining.NON_SATURATING, "mlp", false),
                new GanFamily("gan-minimax", GanTraining.MINIMAX, "mlp", false),
                new GanFamily("dcgan", GanTraining.NON_SATURATING, "dcgan", false),
                new GanFamily("wgan", GanTraining.WASSERSTEIN, "dcgan", false),
                new GanFamily("wgan-gp", GanTraining.WASSERSTEIN, "dcgan", false),
                new GanFamily("cgan", GanTraining.NON_SATURATING, "mlp", true));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return switch (name) {
            case "gan" -> "GAN with the non-saturating generator loss (MLP nets; toy nets on 2-D data)";
            case "gan-minimax" -> "GAN with the original minimax generator loss log(1 - D(G(z)))";
            case "dcgan" -> "deep convolutional GAN for images (non-saturating loss)";
            case "wgan" -> "Wasserstein GAN with weight clipping (--opt clip=0.01, critic-steps=5)";
            case "wgan-gp" -> "Wasserstein GAN with gradient penalty (--opt gp-weight=10, critic-steps=5)";
            default -> "conditional GAN: generator and critic see one-hot labels (labelled data only)";
        };
    }

    @Override
    public OptimizerDefaults optimizerDefaults() {
        return switch (name) {
            case "wgan" -> new OptimizerDefaults("rmsprop", 5e-5, null, 0);
            case "wgan-gp" -> new OptimizerDefaults("adam", 1e-4, List.of(0.5, 0.9), 0);
            default -> new OptimizerDefaults("adam", 2e-4, DCGAN_BETAS, 0);
        };
    }

    /** A conditional GAN has a class for each label up to the data's largest (10 for MNIST, 25 for 25gaussians). */
    @Override
    public Map<String, String> optionsFromData(Map<String, String> given, TrainTestSplit data) {
        if (!conditional || given.containsKey("classes") || data.train().labels() == null) {
            return Map.of();
        }
        int largest = Arrays.stream(data.train().labels()).max().orElse(0);
        if (data.test().labels() != null) {
            largest = Math.max(largest, Arrays.stream(data.test().labels()).max().orElse(0));
        }
        return Map.of("classes", Integer.toString(largest + 1));
    }

    @Override
    public GenerativeModel create(ModelOptions options, int[] dataShape) {
        boolean images = dataShape.length == 3;
        boolean wasserstein = loss.equals(GanTraining.WASSERSTEIN);
        String net = images ? options.choice("net", imageNet, "mlp", "dcgan") : options.choice("net", "toy", "toy");
        if (!images && name.equals("dcgan")) {
            throw new InvalidInputException("dcgan is convolutional and needs images {C, H, W}, but the data has shape "
                    + Arrays.toString(dataShape) + ": use --model gan (toy nets) for vector data");
        }
        if (net.equals("dcgan") && (dataShape[1] % 4 != 0 || dataShape[2] % 4 != 0)) {
            throw new InvalidInputException("--opt net=dcgan halves height and width twice, so it needs H and W "
                    + "multiples of 4, but the data has shape " + Arrays.toString(dataShape) + ": use --opt net=mlp");
        }
        GanTraining training = new GanTraining(loss,
                options.positiveInt("critic-steps", wasserstein ? 5 : 1),
                options.positiveInt("generator-steps", 1),
                options.nonNegativeDouble("clip", name.equals("wgan") ? 0.01 : 0),
                options.nonNegativeDouble("gp-weight", name.equals("wgan-gp") ? 10 : 0));
        if (wasserstein && training.clip() == 0 && training.gpWeight() == 0) {
            // Without a Lipschitz constraint the critic's score grows without bound (measured: its estimate of the
            // distance went from 3.5 to -3.9 in 200 steps on 8gaussians): no longer a Wasserstein GAN.
            throw new InvalidInputException(name + " needs a Lipschitz constraint on its critic, and clip=0 with "
                    + "gp-weight=0 leaves none: give --opt clip (wgan, 0.01) or --opt gp-weight (wgan-gp, 10) above 0");
        }
        int latent = options.positiveInt("latent", images ? 100 : 2);
        int classes = conditional ? options.positiveInt("classes", 10) : 0;
        boolean minibatchStd = options.choice("minibatch", "none", "none", "std").equals("std");
        int data = size(dataShape);
        int extra = minibatchStd ? 1 : 0;
        Parameters params = new Parameters();
        GanNet generator = options.has(INIT_FROM) ? vaeDecoder(params, options, latent, dataShape) : null;
        GanNet critic;
        switch (net) {
            case "mlp" -> {
                generator = generator != null ? generator : new MlpGenerator(params, latent + classes, dataShape);
                critic = new MlpCritic(params, data + extra + classes, dropout(options));
            }
            case "dcgan" -> {
                generator = generator != null ? generator : new DcganGenerator(params, latent + classes, dataShape);
                int[] criticInput = {dataShape[0] + extra + classes, dataShape[1], dataShape[2]};
                // The gradient penalty is per example; batch norm would make each score depend on the whole batch.
                critic = new DcganCritic(params, criticInput, training.gpWeight() == 0);
            }
            default -> {
                int hidden = options.positiveInt("hidden", 256);
                int depth = options.positiveInt("depth", 3);
                if (generator == null) {
                    Mlp g = new Mlp(params, "generator", latent + classes, hidden, depth, data, Activation.RELU, false);
                    generator = (z, train) -> g.forward(z);
                }
                Mlp c = new Mlp(params, "critic", data + extra + classes, hidden, depth, 1, Activation.RELU, false);
                critic = (x, train) -> c.forward(x).view(-1);
            }
        }
        return new Gan(params, generator, critic, latent, dataShape, classes, !net.equals("dcgan"), minibatchStd,
                training);
    }

    /** The MLP critic's dropout rate: the only critic with dropout reads the option. */
    private static double dropout(ModelOptions options) {
        double dropout = options.nonNegativeDouble("dropout", 0.3);
        if (dropout >= 1) {
            throw new InvalidInputException("model option dropout='" + dropout + "' must be below 1 (0.3 is usual)");
        }
        return dropout;
    }

    /**
     * The generator shaped as a VAE run's MLP decoder. The run starting with --opt init-from=DIR
     * records the decoder's architecture in the model options (decoder-hidden, decoder-depth,
     * activation, latent) and copies its weights, so the GAN run rebuilds without the VAE run.
     */
    private GanNet vaeDecoder(Parameters params, ModelOptions options, int latent, int[] dataShape) {
        if (conditional) {
            throw new InvalidInputException("--opt init-from takes a VAE decoder, which has no label input, so a "
                    + "conditional GAN cannot start from it: use --model gan or drop init-from");
        }
        for (String recorded : new String[] {DECODER_HIDDEN, DECODER_DEPTH}) {
            if (!options.has(recorded)) {
                throw new InvalidInputException("model option " + INIT_FROM + " needs " + recorded + ", which a run "
                        + "started by dgm4j train records: start the run with train --opt init-from=VAE_RUN");
            }
        }
        return new VaeDecoderGenerator(params, latent, options.positiveInt(DECODER_HIDDEN, 1),
                options.positiveInt(DECODER_DEPTH, 1), Activation.parse(options.string("activation", "relu")), dataShape);
    }

    static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** The view shape of a batch of examples of {@code shape}: {-1, shape...}. */
    static long[] batchShape(int[] shape) {
        long[] batch = new long[shape.length + 1];
        batch[0] = -1;
        for (int i = 0; i < shape.length; i++) {
            batch[i + 1] = shape[i];
        }
        return batch;
    }
}
