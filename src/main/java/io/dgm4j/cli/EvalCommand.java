package io.dgm4j.cli;

import com.google.gson.GsonBuilder;
import io.dgm4j.InvalidInputException;
import io.dgm4j.data.Dataset;
import io.dgm4j.data.TrainTestSplit;
import io.dgm4j.eval.AnnealedImportanceSampling;
import io.dgm4j.eval.DequantizationBound;
import io.dgm4j.eval.ImportanceSampling;
import io.dgm4j.eval.ImportanceWeightedBound;
import io.dgm4j.eval.Likelihood;
import io.dgm4j.eval.NaiveMonteCarlo;
import io.dgm4j.eval.SampleQuality;
import io.dgm4j.eval.SpeedTiming;
import io.dgm4j.models.BinarisedInput;
import io.dgm4j.models.DataRequirements;
import io.dgm4j.models.ExactLogDensity;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentVariableModel;
import io.dgm4j.models.SamplesWithLogProb;
import io.dgm4j.models.cnf.ContinuousFlow;
import io.dgm4j.models.ebm.DeepBeliefNetwork;
import io.dgm4j.models.ebm.Rbm;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.flows.image.ImageFlow;
import io.dgm4j.models.gan.Gan;
import io.dgm4j.report.RunReport;
import io.dgm4j.run.Experiment;
import io.dgm4j.run.ModelPictures;
import io.dgm4j.run.RunArtifacts;
import io.dgm4j.targets.ToyEnergy;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.AdversarialTraining;
import io.dgm4j.train.Checkpoint;
import io.dgm4j.train.Objective;
import io.dgm4j.train.Objectives;
import io.dgm4j.train.ProgressBar;
import io.dgm4j.train.RunConfig;
import io.dgm4j.train.RunFolder;
import io.dgm4j.train.RunModels;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Report a trained run's held-out figures (likelihood, bound, or sample quality).",
                "Flows: nll_nats (mean negative log-likelihood in nats) and bits_per_dim.",
                "Image flows with --k K: also iw_nll_nats and iw_bits_per_dim, minus the",
                "importance-weighted dequantisation bound (Flow++) of K noise draws u_k,",
                "log (1/K) sum_k p(k + u_k) / q(u_k | k): nearer the discrete likelihood than",
                "the one-draw bound of nll_nats.",
                "VAEs: elbo_nats (mean ELBO, a lower bound on log p(x)) and iwae_nll_nats",
                "(minus the K-sample IWAE bound: an upper bound on the NLL, tighter as K grows),",
                "both from the same K draws per example (the ELBO: their mean log weight).",
                "Helmholtz machines: the same, with the recognition model as the proposal.",
                "With --naive-k K (VAE, Helmholtz): naive_nll_nats, minus the naive estimate",
                "log (1/K) sum_k p(x|z_k) from prior draws z_k, averaged over " + EvalCommand.NAIVE_REPEATS + " repeats;",
                "naive_nll_std, its spread across the repeats; naive_nll_example_std, the",
                "spread of one example's estimate.",
                "With --timing (exact densities): the ms to sample and to score 1000 examples.",
                "Without --data: the run's own held-out split. With a CSV file: all of its rows.",
                "A run fitted to a --target prints, from fresh model samples q:",
                "reverse_kl = E_q[log q + U] (the KL minus the unknown log Z),",
                "ess = normalised effective sample size of the weights exp(-U) / q, in (0, 1],",
                "log_z = the importance-sampling estimate of log Z; reverse_kl_se and log_z_se,",
                "their standard errors (log_z_se = sqrt((1 / ess - 1) / samples); a warning",
                "when ess * samples is below 100).",
                "RBMs: ais_log_z, the annealed-importance-sampling estimate of log Z, with",
                "its band ais_log_z_low .. ais_log_z_high (3 standard errors of the mean",
                "weight); log_z_lower_bound, a certain bound (a warning if AIS falls below);",
                "ais_ess, the chains the estimate rests on (a warning below a tenth of them);",
                "ais_nll_nats = mean free energy + ais_log_z (optimistic by however much",
                "log Z is underestimated; more --ais-temperatures make it tighter).",
                "Deep belief networks: the same AIS figures for the top RBM, then elbo_nats and",
                "iwae_nll_nats as for a VAE, with the RBMs' hidden conditionals as the proposal.",
                "GANs (no likelihood): the validation metrics of training, on up to 1000",
                "held-out examples and as many fresh samples: val_d_real and val_d_fake",
                "(mean D), or a WGAN's val_wasserstein (critic gap E f(real) - E f(fake)).",
                "The figures are also saved to RUN/" + RunReport.EVALUATION + " (with the data they were",
                "measured on; each eval replaces it), shown by report.html and compare.",
                "Example: dgm4j eval --run runs/moons --data moons (or dgm4j eval runs/moons)"})
final class EvalCommand implements Callable<Integer> {
    /** Repeats of the naive estimate, for its spread. */
    static final int NAIVE_REPEATS = 5;

    @Mixin
    RunArgs runArgs = new RunArgs();

    /** The run folder, from --run or the argument. */
    private Path runDir;


    @Option(names = "--data", paramLabel = "NAME|CSV", description = "Dataset name (its held-out split) or a .csv file (default: the run's data).")
    String data;

    /** K of the IWAE bound when --k is not given; image flows then print their one-draw bound only. */
    static final long DEFAULT_K = 5000;

    @Option(names = "--k", paramLabel = "K",
            description = "Importance samples per example for the IWAE bound of a VAE, Helmholtz machine or DBN (default: "
                    + DEFAULT_K + "), and, when given, dequantisation draws per image for an image flow's iw_nll_nats; "
                    + "other models have no such bound and pass it by, so one command evaluates runs of any family.")
    Long k;

    @Option(names = "--naive-k", paramLabel = "K",
            description = "Also the naive estimate from K prior samples per example (VAE, Helmholtz).")
    Long naiveK;

    @Option(names = "--ais-chains", paramLabel = "M", description = "Independent AIS runs for an RBM's (a DBN's top RBM's) log Z (default: ${DEFAULT-VALUE}).")
    int aisChains = 100;

    @Option(names = "--ais-temperatures", paramLabel = "K",
            description = "Intermediate distributions of each AIS run, beta = 1/K .. 1 (default: ${DEFAULT-VALUE}).")
    int aisTemperatures = 10000;

    @Option(names = "--json", description = "Print one JSON object instead of name: value lines.")
    boolean json;

    @Option(names = "--timing", description = "Also print sample_ms_per_1000 and density_ms_per_1000 (batches of 1000, after a warm-up: the median of 21 calls, or of those that fit in 20 s, at least 3).")
    boolean timing;

    @Option(names = "--sample-quality", description = "Also score " + AdversarialTraining.VALIDATION_EXAMPLES
            + " fresh samples of a flow, VAE or Helmholtz machine with the data's sample metrics, named as a GAN's"
            + " (val_frechet_distance, ... on MNIST; val_modes_covered, val_hq_fraction on 2-D mixtures), so that"
            + " compare lines up every family. GANs always report them.")
    boolean sampleQuality;

    @Option(names = "--temperature", paramLabel = "T",
            description = "With --sample-quality: draw z = T * eps (a flow prior f: f^-1(T * eps)) and decode it "
                    + "(T > 0; models with a latent prior).")
    Double temperature;

    @Option(names = "--ode-tol", paramLabel = "TOL",
            description = "Continuous flows (ffjord, ot-flow): solve with the adaptive dopri5 solver to this tolerance"
                    + " (e.g. 1e-5) instead of the run's evaluation solver. Their eval always prints ode_solver and"
                    + " ode_nfe, the mean field evaluations per solve.")
    Double odeTolerance;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the MNIST IDX files.")
    String dataDir;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Spec
    CommandSpec spec;

    /** Warnings about options given that this run's evaluation ignores, printed with its figures. */
    private final List<String> ignored = new ArrayList<>();

    @Override
    public Integer call() {
        ModelPictures.checkTemperature(temperature);
        if (temperature != null && !sampleQuality) {
            throw new InvalidInputException("--temperature sets the temperature of --sample-quality's samples: "
                    + "add --sample-quality or drop --temperature");
        }
        if (k != null && k < 1) {
            throw new InvalidInputException("--k must be at least 1 (got " + k + ")");
        }
        if (naiveK != null && naiveK < 1) {
            throw new InvalidInputException("--naive-k must be at least 1 (got " + naiveK + ")");
        }
        runDir = runArgs.folder("eval");
        engine.start();
        RunFolder run = RunFolder.open(runDir);
        RunConfig config = run.readConfig();
        if (config.target() != null) {
            // Importance sampling against the energy is all a target run's eval does: no timing, no prior samples.
            String why = "'" + runDir + "' was fitted to target " + config.target()
                    + ", whose eval prints importance-sampling figures only";
            warnIfGiven("--timing", why);
            warnIfGiven("--naive-k", why);
            warnAboutAisOptions(config);
            finish(run, "target " + config.target(), evaluateAgainstTarget(config));
            return 0;
        }
        GenerativeModel model = loadModel(run, config);
        if (!(model instanceof Rbm) && !(model instanceof DeepBeliefNetwork)) {
            warnAboutAisOptions(config);
        }
        if (model instanceof Gan) {
            finish(run, data != null ? data : config.data(), evaluateAdversarially(config, model));
            return 0;
        }
        if (model instanceof Rbm rbm) {
            finish(run, data != null ? data : config.data(), evaluateRbm(config, rbm));
            return 0;
        }
        if (model instanceof DeepBeliefNetwork dbn) {
            finish(run, data != null ? data : config.data(), evaluateDbn(config, dbn));
            return 0;
        }
        if (!(model instanceof ExactLogDensity) && !(model instanceof LatentVariableModel)) {
            throw new InvalidInputException("model '" + config.model() + "' has no likelihood or bound to evaluate");
        }
        if (naiveK != null && !(model instanceof LatentVariableModel)) {
            throw new InvalidInputException("--naive-k estimates log p(x) from prior samples of a latent variable model "
                    + "(vae, iwae, helmholtz); model '" + config.model() + "' has an exact density: drop --naive-k");
        }
        if (timing && !(model instanceof ExactLogDensity)) {
            throw new InvalidInputException("--timing measures sampling and density evaluation of flows; model '"
                    + config.model() + "' has no exact density: drop --timing");
        }
        if (sampleQuality) {
            checkSampleQuality(config);
            ModelPictures.checkTemperature(temperature, model, config.model());
        }
        String source = data != null ? data : config.data();
        Dataset test = Experiment.heldOutData(config, data, dataDir, "evaluate it on data like its training data");
        if (model instanceof DataRequirements requirements) {
            requirements.checkData(test, source);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (model instanceof ExactLogDensity density) {
            SolverFigures solver = SolverFigures.start(model);
            Tensor x = BinarisedInput.forEvaluation(model, RunArtifacts.tensor(test));
            double nll = Likelihood.meanNll(density, x);
            result.put("nll_nats", nll);
            result.put("bits_per_dim", Likelihood.bitsPerDim(nll, test.dimension()));
            solver.addTo(result);
            if (k != null && model instanceof ImageFlow images) {
                ProgressBar bar = new ProgressBar(System.err, "images", x.size(0));
                String status = k + "-draw dequantisation bound";
                bar.update(0, status); // a large K takes seconds per image: show the work has started
                double iwNll = -DequantizationBound.perExample(images, x, k, done -> bar.update(done, status))
                        .mean().item_double();
                result.put("iw_nll_nats", iwNll);
                result.put("iw_bits_per_dim", Likelihood.bitsPerDim(iwNll, test.dimension()));
                result.put("iw_k", k);
            }
        } else {
            LatentVariableModel latent = (LatentVariableModel) model;
            Tensor x = latent.evaluationData(RunArtifacts.tensor(test));
            ProgressBar bar = new ProgressBar(System.err, "examples", x.size(0));
            String status = "IWAE-" + iwaeK() + " bound";
            bar.update(0, status);
            ImportanceWeightedBound bound = new ImportanceWeightedBound(ImportanceWeightedBound.DEFAULT_ROW_BUDGET,
                    done -> bar.update(done, status));
            putBounds(result, bound.bounds(latent, x, iwaeK()));
            if (naiveK != null) {
                NaiveMonteCarlo naive = NaiveMonteCarlo.estimate(latent, x, naiveK, NAIVE_REPEATS);
                result.put("naive_nll_nats", naive.meanNll());
                result.put("naive_nll_std", naive.std());
                result.put("naive_nll_example_std", naive.exampleStd());
                result.put("naive_k", naiveK);
            }
        }
        result.put("examples", test.size());
        if (timing) {
            result.put("sample_ms_per_1000", SpeedTiming.sampleMsPer1000(model));
            result.put("density_ms_per_1000", SpeedTiming.densityMsPer1000(model, (ExactLogDensity) model));
        }
        if (sampleQuality) {
            result.putAll(sampleQuality(config, model));
        }
        finish(run, source, result);
        return 0;
    }

    /** The run's model; with --ode-tol, a continuous flow's evaluation solver replaced by dopri5 at that tolerance. */
    private GenerativeModel loadModel(RunFolder run, RunConfig config) {
        if (odeTolerance == null) {
            return RunModels.load(run, config);
        }
        if (!(odeTolerance > 0 && odeTolerance < 1)) {
            throw new InvalidInputException("--ode-tol must lie in (0, 1), e.g. 1e-5 (got " + odeTolerance + ")");
        }
        Map<String, String> options = new LinkedHashMap<>(config.modelOptions());
        // the run's RK4 evaluation grid (eval-steps), if it set one, is what --ode-tol replaces
        options.remove("eval-steps");
        options.put("eval-solver", "dopri5");
        options.put("eval-tol", Double.toString(odeTolerance));
        GenerativeModel model = RunModels.load(run, config.withModelOptions(options));
        if (!(model instanceof Flow flow) || ContinuousFlow.endingOf(flow) == null) {
            throw new InvalidInputException("--ode-tol sets the ODE solver of a continuous flow (ffjord, ot-flow), and "
                    + "model '" + config.model() + "' solves no ODE: drop --ode-tol");
        }
        return model;
    }

    /** A continuous flow's solver and its mean field evaluations per solve over an evaluation. */
    private record SolverFigures(ContinuousFlow ode, ContinuousFlow.SolverCounts before) {
        static SolverFigures start(GenerativeModel model) {
            ContinuousFlow ode = model instanceof Flow flow ? ContinuousFlow.endingOf(flow) : null;
            return new SolverFigures(ode, ode == null ? null : ode.counts());
        }

        void addTo(Map<String, Object> result) {
            if (ode == null) {
                return;
            }
            ContinuousFlow.SolverCounts after = ode.counts();
            result.put("ode_solver", ode.evaluationSolver().describe());
            result.put("ode_nfe", (double) (after.evaluations() - before.evaluations())
                    / (after.solves() - before.solves()));
        }
    }

    private void checkSampleQuality(RunConfig config) {
        if (data != null && !data.equals(config.data())) {
            throw new InvalidInputException("--sample-quality judges samples against the run's own data ("
                    + config.data() + "), not '" + data + "': drop --data or --sample-quality");
        }
        if (!SampleQuality.hasMetrics(config.data())) {
            throw new InvalidInputException("--sample-quality: data '" + config.data() + "' has no sample metrics; "
                    + "they exist for " + String.join(", ", SampleQuality.dataWithMetrics()) + ": drop --sample-quality");
        }
    }

    /**
     * The data's sample metrics of fresh samples drawn from the run's seed, as many as a GAN's
     * validation draws (the Fréchet distance grows as the count falls) and under a GAN's names,
     * so that figures of every family compare. They are drawn in sample's batches: with 1000 MNIST
     * digits through a RealNVP in one call, eval took 5.6 GB of memory (1.3 GB in batches).
     */
    private Map<String, Object> sampleQuality(RunConfig config, GenerativeModel model) {
        TrainTestSplit split = Experiment.runData(config, dataDir);
        SampleQuality quality = SampleQuality.forData(config.data(), config.dataNoise(), split);
        int n = (int) Math.min(AdversarialTraining.VALIDATION_EXAMPLES, split.test().size());
        int[] shape = model.eventShape();
        int d = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        Engine.seed(config.training().seed());
        float[] samples = ModelPictures.allInBatches(n, d, count -> ModelPictures.samples(model, count, temperature));
        Map<String, Object> metrics = new LinkedHashMap<>();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            quality.measure(Tensors.of(samples, Tensors.batchShape(n, shape)))
                    .forEach((name, value) -> metrics.put("val_" + name, value));
        }
        metrics.put("quality_samples", n);
        if (temperature != null) metrics.put("quality_temperature", temperature);
        return metrics;
    }

    /**
     * A GAN has no likelihood: the validation metrics its training logs (one method, the objective's
     * validate), on held-out data and as many fresh samples drawn from the run's seed. With --data the
     * samples are judged by that data's metrics (its modes, its digits), or by none where it has none.
     */
    private Map<String, Object> evaluateAdversarially(RunConfig config, GenerativeModel model) {
        if (naiveK != null || timing) {
            throw new InvalidInputException("--naive-k and --timing need a likelihood, and model '" + config.model()
                    + "' is a GAN: drop them");
        }
        if (temperature != null) {
            throw new InvalidInputException("--temperature: a GAN's sample metrics are its validation's, at T = 1; "
                    + "drop --temperature");
        }
        Dataset test = Experiment.heldOutData(config, data, dataDir, "evaluate it on data like its training data");
        ((Gan) model).checkData(test, data != null ? data : config.data());
        Objective objective = data == null ? Objectives.create(model, config, Experiment.runData(config, dataDir))
                : new AdversarialTraining((Gan) model, SampleQuality.forData(data, config.dataNoise(),
                        Experiment.dataSplit(config, data, dataDir)));
        Engine.seed(config.training().seed());
        Map<String, Object> result = new LinkedHashMap<>();
        try (PointerScope scope = new PointerScope()) {
            Tensor x = RunArtifacts.tensor(test);
            result.putAll(objective.usesLabels() ? objective.validate(x, RunArtifacts.labels(test))
                    : objective.validate(x));
        }
        result.put("examples", Math.min(test.size(), AdversarialTraining.VALIDATION_EXAMPLES));
        return result;
    }

    /**
     * An RBM's likelihood by AIS, from the run's seed (repeatable): log Z once, then the mean free
     * energy of the held-out data. The base model's biases come from the training data's marginals.
     */
    private Map<String, Object> evaluateRbm(RunConfig config, Rbm rbm) {
        checkAisOptions(config, "an RBM");
        String source = data != null ? data : config.data();
        Dataset test = Experiment.heldOutData(config, data, dataDir, "evaluate it on data like its training data");
        rbm.checkData(test, source);
        Map<String, Object> result = new LinkedHashMap<>();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor train = rbm.evaluationData(RunArtifacts.tensor(Experiment.runData(config, dataDir).train()));
            Engine.seed(config.training().seed());
            double logZ = partitionFunction(rbm, train, result);
            double freeEnergy = rbm.freeEnergy(rbm.evaluationData(RunArtifacts.tensor(test))).mean().item_double();
            result.put("ais_nll_nats", freeEnergy + logZ);
            result.put("free_energy", freeEnergy);
            result.put("ais_chains", aisChains);
            result.put("ais_temperatures", aisTemperatures);
        }
        result.put("examples", test.size());
        if (sampleQuality) {
            result.putAll(sampleQuality(config, rbm));
        }
        return result;
    }

    /**
     * A deep belief network's bounds on log p(x): AIS for the top RBM's log Z (its base model from the
     * marginals of the training data passed up the network), then with the recognition model as the
     * proposal the variational bound elbo_nats and minus the K-sample importance-weighted bound,
     * iwae_nll_nats. Both use the AIS estimate of log Z, so they are estimates, optimistic by however much
     * AIS underestimates it.
     */
    private Map<String, Object> evaluateDbn(RunConfig config, DeepBeliefNetwork dbn) {
        checkAisOptions(config, "a deep belief network");
        String source = data != null ? data : config.data();
        Dataset test = Experiment.heldOutData(config, data, dataDir, "evaluate it on data like its training data");
        dbn.checkData(test, source);
        Map<String, Object> result = new LinkedHashMap<>();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor train = dbn.evaluationData(RunArtifacts.tensor(Experiment.runData(config, dataDir).train()));
            Engine.seed(config.training().seed());
            double logZ = partitionFunction(dbn.top(), dbn.representation(train, dbn.depth() - 1), result);
            Tensor x = dbn.evaluationData(RunArtifacts.tensor(test));
            ProgressBar bar = new ProgressBar(System.err, "examples", x.size(0));
            String status = "IWAE-" + iwaeK() + " bound";
            bar.update(0, status);
            ImportanceWeightedBound bound = new ImportanceWeightedBound(ImportanceWeightedBound.DEFAULT_ROW_BUDGET,
                    done -> bar.update(done, status));
            putBounds(result, bound.bounds((examples, draws) -> dbn.logImportanceWeights(examples, draws, logZ), x, iwaeK()));
            result.put("ais_chains", aisChains);
            result.put("ais_temperatures", aisTemperatures);
        }
        result.put("examples", test.size());
        if (sampleQuality) {
            result.putAll(sampleQuality(config, dbn));
        }
        return result;
    }

    private void checkAisOptions(RunConfig config, String what) {
        if (naiveK != null || timing || temperature != null) {
            throw new InvalidInputException("--naive-k, --timing and --temperature do not apply to " + what
                    + ", whose likelihood eval estimates with AIS: drop them");
        }
        if (aisChains < 2 || aisTemperatures < 1) {
            throw new InvalidInputException("--ais-chains must be at least 2 and --ais-temperatures at least 1 (got "
                    + aisChains + " and " + aisTemperatures + ")");
        }
        if (sampleQuality) {
            checkSampleQuality(config);
        }
    }

    /**
     * AIS for an RBM's log Z, its base model's visible biases from the marginals of {@code visibleData}
     * (binary rows of what the RBM models): ais_log_z with its band, and the certain lower bound, with a
     * warning when AIS falls below it. Returns the estimate.
     */
    private double partitionFunction(Rbm rbm, Tensor visibleData, Map<String, Object> result) {
        ProgressBar bar = new ProgressBar(System.err, "temperatures", aisTemperatures);
        AnnealedImportanceSampling ais = AnnealedImportanceSampling.estimate(rbm, Rbm.logitsOfMarginals(visibleData),
                aisChains, aisTemperatures, done -> bar.update(done, "AIS log Z"));
        result.put("ais_log_z", ais.logZ());
        result.put("ais_log_z_low", ais.logZLow());
        result.put("ais_log_z_high", ais.logZHigh());
        double lowerBound = rbm.logPartitionLowerBound();
        if (ais.logZ() < lowerBound) {
            System.err.println("warning: the AIS estimate of log Z (" + ais.logZ() + ") is below its certain lower "
                    + "bound " + lowerBound + ", so its chains missed probability mass and the likelihood figures are too "
                    + "high: rerun with more --ais-temperatures and --ais-chains");
        }
        result.put("log_z_lower_bound", lowerBound);
        result.put("ais_ess", ais.effectiveChains());
        if (ais.effectiveChains() < 0.1 * ais.chains()) {
            System.err.printf(Locale.ROOT, "warning: the AIS estimate rests on %.1f of its %d chains (ais_ess): a few "
                    + "heavy weights decide it and its band; rerun with more --ais-temperatures%n",
                    ais.effectiveChains(), ais.chains());
        }
        return ais.logZ();
    }

    /**
     * Below this many effective samples, the spread of the weights that log_z_se is computed from is itself
     * read off a handful of weights.
     */
    private static final double FEW_EFFECTIVE_SAMPLES = 100;

    /** Importance-sampling figures of the model against its target, from the run's seed (repeatable). */
    private Map<String, Object> evaluateAgainstTarget(RunConfig config) {
        if (data != null || sampleQuality) {
            throw new InvalidInputException("'" + runDir + "' was fitted to target " + config.target()
                    + " by reverse KL, not trained on data: drop " + (data != null ? "--data" : "--sample-quality"));
        }
        GenerativeModel model = loadModel(RunFolder.open(runDir), config);
        Engine.seed(config.training().seed());
        SolverFigures solver = SolverFigures.start(model);
        ImportanceSampling e = ImportanceSampling.estimate((SamplesWithLogProb) model, ToyEnergy.named(config.target()),
                RunArtifacts.IMPORTANCE_SAMPLES);
        Map<String, Object> result = new LinkedHashMap<>();
        solver.addTo(result);
        result.put("reverse_kl", e.reverseKl());
        result.put("reverse_kl_se", e.reverseKlError());
        result.put("ess", e.ess());
        result.put("log_z", e.logZ());
        result.put("log_z_se", e.logZError());
        result.put("samples", e.samples());
        double effective = e.ess() * e.samples();
        if (effective < FEW_EFFECTIVE_SAMPLES) {
            System.err.printf(Locale.ROOT, "warning: the importance weights rest on %.1f of the %d samples (ess): log_z "
                    + "and its standard error are not to be trusted; train the model closer to the target%n",
                    effective, e.samples());
        }
        return result;
    }

    /**
     * elbo_nats and iwae_nll_nats, both from the same K draws per example: the mean log weight and minus
     * their log-mean-exp, so that -iwae_nll_nats >= elbo_nats holds for the printed figures, not only in
     * expectation.
     */
    private void putBounds(Map<String, Object> result, ImportanceWeightedBound.Bounds bounds) {
        result.put("elbo_nats", bounds.elbo().mean().item_double());
        result.put("iwae_nll_nats", -bounds.iwae().mean().item_double());
        result.put("iwae_k", iwaeK());
    }

    private long iwaeK() {
        return k != null ? k : DEFAULT_K;
    }

    /**
     * Prints the figures, saves them with the data they were measured on into the run folder, and
     * redraws report.html so that it shows them. The figures are printed first: a folder that cannot
     * be written to costs a warning, not the evaluation.
     */
    private void finish(RunFolder run, String evaluatedOn, Map<String, Object> result) {
        ignored.forEach(System.err::println);
        print(result);
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("data", evaluatedOn);
        saved.put("step", Checkpoint.step(run.checkpointFile()));
        saved.putAll(result);
        try {
            run.writeJson(RunReport.EVALUATION, saved);
            RunReport.write(run.dir());
        } catch (UncheckedIOException e) {
            System.err.println("warning: could not save the figures to " + run.file(RunReport.EVALUATION) + " ("
                    + e.getCause().getMessage() + "); they are printed above");
        } catch (InvalidInputException e) {
            System.err.println("warning: the figures are saved, but report.html could not be redrawn: " + e.getMessage());
        }
    }

    /** Only an RBM's (a DBN's top RBM's) log Z is estimated by AIS: elsewhere its settings do nothing. */
    private void warnAboutAisOptions(RunConfig config) {
        String why = "AIS estimates log Z only for an RBM or a DBN, and '" + runDir + "' is a " + config.model() + " run";
        warnIfGiven("--ais-chains", why);
        warnIfGiven("--ais-temperatures", why);
    }

    /** Notes {@code option}, if given on the command line, as ignored by this run's evaluation. */
    private void warnIfGiven(String option, String why) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
            ignored.add("warning: " + option + " is ignored: " + why);
        }
    }

    private void print(Map<String, Object> result) {
        if (json) {
            System.out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(result));
        } else {
            result.forEach((k, v) -> System.out.println(k + ": " + v));
        }
    }
}
