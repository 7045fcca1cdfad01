package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.gan.Gan;
import io.dgm4j.models.gan.GanFamily;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * A GAN run started with --opt init-from=VAE_RUN: its generator is the VAE's trained MLP decoder.
 * When the run starts, the decoder's architecture (read from the checkpoint's weight shapes) goes
 * into the GAN's model options, so the run's config.json rebuilds the model on its own later;
 * then the weights are copied once. Only vae and iwae runs on data of the same shape qualify,
 * with the decoder that matches the GAN's output: Bernoulli on images, Gaussian on vector data.
 */
public final class GeneratorFromVae {
    private static final List<String> VAE_MODELS = List.of("vae", "iwae");

    private final Map<String, Tensor> decoder = new LinkedHashMap<>();
    private final RunConfig resolved;

    private GeneratorFromVae(Path source, RunConfig ganConfig) {
        RunFolder run = RunFolder.open(source);
        RunConfig vae = run.readConfig();
        String option = "--opt " + GanFamily.INIT_FROM + "=" + source;
        if (!VAE_MODELS.contains(vae.model())) {
            throw new InvalidInputException(option + " is a '" + vae.model() + "' run, not a vae run: pass the --out "
                    + "folder of a dgm4j train --model vae run on the same data");
        }
        if (!Arrays.equals(vae.dataShape(), ganConfig.dataShape())) {
            throw new InvalidInputException(option + " was trained on examples of shape "
                    + Arrays.toString(vae.dataShape()) + " but the GAN's data has shape "
                    + Arrays.toString(ganConfig.dataShape()) + ": pass a vae run on the same data");
        }
        boolean images = ganConfig.dataShape().length == 3;
        Map<String, String> vaeOptions = vae.modelOptions() == null ? Map.of() : vae.modelOptions();
        String needed = images ? "bernoulli" : "gaussian";
        if (!vaeOptions.getOrDefault("net", "mlp").equals("mlp")
                || !vaeOptions.getOrDefault("decoder", needed).equals(needed)) {
            throw new InvalidInputException(option + " needs a VAE with an MLP " + needed + " decoder on this data "
                    + "(its net or decoder option differs): train the vae with --opt net=mlp --opt decoder=" + needed);
        }
        GenerativeModel model = RunModels.load(run);
        for (Map.Entry<String, Tensor> e : model.parameters().asMap().entrySet()) {
            if (e.getKey().matches("decoder\\.[wb]\\d+")) {
                decoder.put(e.getKey().substring("decoder.".length()), e.getValue());
            }
        }
        int depth = decoder.size() / 2 - 1;
        long[] first = decoder.get("w0").sizes().vec().get();
        Map<String, String> options = new LinkedHashMap<>(ganConfig.modelOptions());
        String latent = Long.toString(first[0]);
        if (options.containsKey("latent") && !options.get("latent").equals(latent)) {
            throw new InvalidInputException("--latent " + options.get("latent") + " differs from the " + latent
                    + " latent dimensions of " + option + ": drop --latent");
        }
        options.put("latent", latent);
        options.put(GanFamily.DECODER_HIDDEN, Long.toString(depth == 0 ? 1 : first[1]));
        options.put(GanFamily.DECODER_DEPTH, Integer.toString(depth));
        options.put("activation", vaeOptions.getOrDefault("activation", "relu"));
        resolved = new RunConfig(ganConfig.model(), options, ganConfig.data(), ganConfig.dataOptions(),
                ganConfig.dataShape(), ganConfig.standardization(), ganConfig.training(), ganConfig.objective());
    }

    /** The VAE run named by {@code config}'s init-from option, or null when it has none. */
    public static GeneratorFromVae of(RunConfig config) {
        String dir = config.modelOptions() == null ? null : config.modelOptions().get(GanFamily.INIT_FROM);
        return dir == null ? null : new GeneratorFromVae(Path.of(dir), config);
    }

    /** The GAN's config with the decoder's architecture in its model options. */
    public RunConfig resolved() {
        return resolved;
    }

    /** Copies the decoder's weights into the generator of {@code model}, built from {@link #resolved}. */
    public void copyInto(GenerativeModel model) {
        if (!(model instanceof Gan gan)) {
            throw new InvalidInputException("--opt " + GanFamily.INIT_FROM + " applies to GAN models only, not '"
                    + resolved.model() + "': drop it");
        }
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> e : decoder.entrySet()) {
                gan.parameters().get("generator." + e.getKey()).copy_(e.getValue());
            }
        }
    }
}
