package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.TrainTestSplit;
import io.dgm4j.eval.SampleQuality;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.SamplesWithLogProb;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.targets.ToyEnergy;
import java.util.Arrays;
import io.dgm4j.models.ebm.DeepBeliefNetwork;
import io.dgm4j.models.ebm.Rbm;
import io.dgm4j.models.gan.Gan;
import io.dgm4j.models.helmholtz.HelmholtzMachine;
import io.dgm4j.models.vae.Vae;
import java.util.Map;

/** Builds a run's training objective from its config. */
public final class Objectives {
    private Objectives() {
    }

    /**
     * The objective a new run of {@code model} trains with: a VAE's own bound, a Helmholtz machine's
     * wake-sleep, an RBM's contrastive divergence, a DBN's greedy layer-wise CD, a GAN's adversarial game,
     * else maximum likelihood.
     */
    public static ObjectiveSpec defaultFor(GenerativeModel model) {
        if (model instanceof Gan) {
            return new ObjectiveSpec(ObjectiveSpec.ADVERSARIAL, Map.of());
        }
        if (model instanceof HelmholtzMachine) {
            return new ObjectiveSpec(ObjectiveSpec.WAKE_SLEEP, Map.of());
        }
        if (model instanceof Rbm) {
            return new ObjectiveSpec(ObjectiveSpec.CONTRASTIVE_DIVERGENCE, Map.of());
        }
        if (model instanceof DeepBeliefNetwork) {
            return new ObjectiveSpec(ObjectiveSpec.GREEDY_LAYERWISE, Map.of());
        }
        if (model instanceof Vae vae) {
            return new ObjectiveSpec(vae.training().samples() > 1 ? ObjectiveSpec.IWAE : ObjectiveSpec.ELBO, Map.of());
        }
        return ObjectiveSpec.likelihood();
    }

    /**
     * @param split the run's data (null for a run against a target): a GAN's validation measures its
     *     samples against it (see eval.SampleQuality)
     */
    public static Objective create(GenerativeModel model, RunConfig config, TrainTestSplit split) {
        ObjectiveSpec spec = config.objectiveOrDefault();
        return switch (spec.kind()) {
            case ObjectiveSpec.LIKELIHOOD -> likelihood(model, config.model());
            case DensityDistillation.KIND -> DensityDistillation.forRun(model, config);
            case ObjectiveSpec.REVERSE_KL -> reverseKl(model, config, spec);
            case ObjectiveSpec.ELBO, ObjectiveSpec.IWAE -> variational(model, config.model(), spec.kind());
            case ObjectiveSpec.WAKE_SLEEP -> wakeSleep(model, config.model());
            case ObjectiveSpec.CONTRASTIVE_DIVERGENCE -> contrastiveDivergence(model, config.model());
            case ObjectiveSpec.GREEDY_LAYERWISE -> greedyLayerwise(model, config);
            case ObjectiveSpec.ADVERSARIAL -> adversarial(model, config, split);
            default -> throw new InvalidInputException("unknown training objective '" + spec.kind()
                    + "' in the run's config.json: this version of dgm4j cannot train it");
        };
    }

    private static Objective likelihood(GenerativeModel model, String modelName) {
        Objective continuous = model instanceof Flow flow ? ContinuousFlowLikelihood.forFlow(flow) : null;
        if (continuous != null) {
            return continuous;
        }
        if (model instanceof ExactLogDensity) {
            return maximumLikelihood(model);
        }
        if (model instanceof Gan) {
            throw new InvalidInputException("model '" + modelName + "' is a GAN and has no density, so it cannot be "
                    + "trained by maximum likelihood: the run's config.json mixes up model and objective");
        }
        if (model instanceof SamplesWithLogProb) {
            throw new InvalidInputException("model '" + modelName + "' has no density at data points, so it cannot "
                    + "be trained on --data by maximum likelihood: train it against an energy with --target "
                    + "(reverse KL), e.g. --target U1");
        }
        throw new InvalidInputException("model '" + modelName + "' has no exact density, so it cannot be trained "
                + "by maximum likelihood");
    }

    private static Objective reverseKl(GenerativeModel model, RunConfig config, ObjectiveSpec spec) {
        String name = spec.option("target");
        if (name == null) {
            throw new InvalidInputException("the run's config.json asks for reverse-KL training without a target: "
                    + "add \"target\" to its objective options or train again with --target");
        }
        ToyEnergy target = ToyEnergy.named(name);
        if (!Arrays.equals(model.eventShape(), new int[] {target.dimension()})) {
            throw new InvalidInputException("target " + name + " is " + target.dimension() + "-D but the model draws "
                    + "points of shape " + Arrays.toString(model.eventShape()) + ": the run's config.json is inconsistent");
        }
        if (!(model instanceof SamplesWithLogProb)) {
            throw new InvalidInputException("model '" + config.model() + "' cannot give the density of its own "
                    + "samples, which reverse-KL training against --target needs: use a flow (e.g. planar, realnvp)");
        }
        return reverseKl(model, target, config.training().batchSize());
    }

    private static Objective variational(GenerativeModel model, String modelName, String kind) {
        if (model instanceof Vae vae) {
            return new VariationalBound(vae);
        }
        throw new InvalidInputException("model '" + modelName + "' is not a VAE, so it cannot be trained on the "
                + kind + " bound: the run's config.json mixes up model and objective");
    }

    private static Objective adversarial(GenerativeModel model, RunConfig config, TrainTestSplit split) {
        if (model instanceof Gan gan) {
            return new AdversarialTraining(gan, SampleQuality.forData(config.data(), config.dataNoise(), split));
        }
        throw new InvalidInputException("model '" + config.model() + "' is not a GAN, so it cannot be trained adversarially: "
                + "the run's config.json mixes up model and objective");
    }

    private static Objective wakeSleep(GenerativeModel model, String modelName) {
        if (model instanceof HelmholtzMachine machine) {
            return new WakeSleep(machine);
        }
        throw new InvalidInputException("model '" + modelName + "' is not a Helmholtz machine, so it cannot be trained "
                + "by wake-sleep: the run's config.json mixes up model and objective");
    }

    private static Objective contrastiveDivergence(GenerativeModel model, String modelName) {
        if (model instanceof Rbm rbm) {
            return new ContrastiveDivergence(rbm);
        }
        throw new InvalidInputException("model '" + modelName + "' is not an RBM, so it cannot be trained by "
                + "contrastive divergence: the run's config.json mixes up model and objective");
    }

    private static Objective greedyLayerwise(GenerativeModel model, RunConfig config) {
        if (model instanceof DeepBeliefNetwork dbn) {
            return new GreedyLayerwiseTraining(dbn, config.training().steps());
        }
        throw new InvalidInputException("model '" + config.model() + "' is not a deep belief network, so it cannot be "
                + "trained greedily layer by layer: the run's config.json mixes up model and objective");
    }

    @SuppressWarnings("unchecked")
    private static <M extends GenerativeModel & ExactLogDensity> Objective maximumLikelihood(GenerativeModel model) {
        return new MaximumLikelihood((M) model);
    }

    @SuppressWarnings("unchecked")
    private static <M extends GenerativeModel & SamplesWithLogProb> Objective reverseKl(GenerativeModel model,
            ToyEnergy target, int batchSize) {
        return new ReverseKl((M) model, target, batchSize);
    }
}
