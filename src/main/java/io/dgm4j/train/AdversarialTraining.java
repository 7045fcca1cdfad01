package io.dgm4j.train;

import io.dgm4j.eval.SampleQuality;
import io.dgm4j.models.gan.Gan;
import io.dgm4j.models.gan.GanTraining;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * GAN training: one trainer step is one critic update on one real batch (plus weight clipping or
 * the gradient penalty of a WGAN); after every {@code criticSteps}-th critic update the generator is
 * updated {@code generatorSteps} times on fresh latent draws. Both players see batches of the
 * trainer's batch size and have their own optimizer (group 0: critic, group 1: generator). A
 * conditional GAN's fakes get the labels of the real batch. Validation adds the data's sample-quality
 * metrics (modes covered, Fréchet distance, ...; see {@link SampleQuality}) so they are logged over training.
 *
 * <p>Steps that update the generator also report its loss and the norm of its gradient
 * (train_g_grad_norm): the saturation of the minimax loss is that norm collapsing while the critic
 * wins, which the loss value alone does not show.
 */
public final class AdversarialTraining implements Objective {
    static final int CRITIC = 0;
    static final int GENERATOR = 1;
    /**
     * Validation scores at most this many held-out examples and as many samples: a mean D to about
     * +-0.01, at a bounded cost (a DCGAN generating 2000 digits takes seconds on one core).
     */
    public static final int VALIDATION_EXAMPLES = 1000;

    private final Gan gan;
    private final GanTraining training;
    private final AdversarialLoss loss;
    private final String criticMetric;
    private final SampleQuality quality;

    /** {@code quality}: the sample metrics of the run's data (none for data without metrics). */
    public AdversarialTraining(Gan gan, SampleQuality quality) {
        this.gan = gan;
        this.quality = quality;
        this.training = gan.training();
        this.loss = AdversarialLoss.named(training.loss());
        this.criticMetric = training.wasserstein() ? "train_critic_loss" : "train_d_loss";
    }

    @Override
    public List<List<Tensor>> parameterGroups() {
        return List.of(gan.criticParameters(), gan.generatorParameters());
    }

    @Override
    public List<String> trainMetrics() {
        return training.wasserstein() ? List.of(criticMetric, "train_g_loss", "train_g_grad_norm", "train_wasserstein")
                : List.of(criticMetric, "train_g_loss", "train_g_grad_norm");
    }

    @Override
    public List<String> validationMetrics() {
        List<String> names = new ArrayList<>(training.wasserstein() ? List.of("val_wasserstein")
                : List.of("val_d_real", "val_d_fake"));
        quality.names().forEach(name -> names.add("val_" + name));
        if (gan.conditional() && quality.judgesLabels()) {
            names.add("val_" + SampleQuality.LABEL_ACCURACY);
        }
        return names;
    }

    @Override
    public boolean usesLabels() {
        return gan.conditional();
    }

    @Override
    public Map<String, Double> step(Tensor batch, Optimization optimization) {
        return step(batch, null, optimization);
    }

    @Override
    public Map<String, Double> step(Tensor batch, Tensor labels, Optimization optimization) {
        long n = batch.size(0);
        Tensor real = gan.toModelScale(batch);
        Tensor fake;
        try (NoGradGuard guard = new NoGradGuard()) {
            fake = gan.generate(gan.sampleLatent(n), labels, true);
        }
        Tensor realScores = gan.score(real, labels, true);
        Tensor fakeScores = gan.score(fake, labels, true);
        Tensor criticLoss = loss.criticLoss(realScores, fakeScores);
        if (training.gpWeight() > 0) {
            criticLoss = criticLoss.add(GradientPenalty.between(x -> gan.score(x, labels, true), real, fake,
                    training.gpWeight()));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(criticMetric, optimization.minimize(CRITIC, criticLoss));
        if (training.clip() > 0) {
            WeightClipping.clamp(gan.criticParameters(), training.clip());
        }
        if ((optimization.step() + 1) % training.criticSteps() == 0) {
            double generatorLoss = 0;
            double gradientNorm = 0;
            for (int i = 0; i < training.generatorSteps(); i++) {
                Tensor generated = gan.generate(gan.sampleLatent(n), labels, true);
                generatorLoss += optimization.minimize(GENERATOR, loss.generatorLoss(gan.score(generated, labels, true)));
                gradientNorm += optimization.gradientNorm(GENERATOR);
            }
            metrics.put("train_g_loss", generatorLoss / training.generatorSteps());
            metrics.put("train_g_grad_norm", gradientNorm / training.generatorSteps());
        }
        if (training.wasserstein()) {
            metrics.put("train_wasserstein", realScores.mean().sub(fakeScores.mean()).item_double());
        }
        return metrics;
    }

    @Override
    public Map<String, Double> validate(Tensor data) {
        return validate(data, null);
    }

    /**
     * Critic scores on the first {@link #VALIDATION_EXAMPLES} held-out examples and on as many fresh
     * samples (batch norm and dropout in evaluation mode): the mean D = sigmoid(score) on each, or a WGAN's
     * critic gap E f(real) - E f(fake); and the sample-quality metrics of those samples.
     */
    @Override
    public Map<String, Double> validate(Tensor data, Tensor labels) {
        try (NoGradGuard guard = new NoGradGuard()) {
            long n = Math.min(VALIDATION_EXAMPLES, data.size(0));
            Tensor shownLabels = labels == null ? null : labels.narrow(0, 0, n);
            Tensor realScores = gan.score(gan.toModelScale(data.narrow(0, 0, n)), shownLabels, false);
            Tensor fake = gan.generate(gan.sampleLatent(n), shownLabels, false);
            Tensor fakeScores = gan.score(fake, shownLabels, false);
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (training.wasserstein()) {
                metrics.put("val_wasserstein", realScores.mean().sub(fakeScores.mean()).item_double());
            } else {
                metrics.put("val_d_real", torch.sigmoid(realScores).mean().item_double());
                metrics.put("val_d_fake", torch.sigmoid(fakeScores).mean().item_double());
            }
            quality.measure(gan.toDataScale(fake), gan.conditional() ? shownLabels : null)
                    .forEach((name, value) -> metrics.put("val_" + name, value));
            return metrics;
        }
    }
}
