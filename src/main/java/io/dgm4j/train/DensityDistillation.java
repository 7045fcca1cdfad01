package io.dgm4j.train;

import io.dgm4j.InvalidInputException;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.SamplesWithLogProb;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.flows.Maf;
import io.dgm4j.tensor.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Probability density distillation (Parallel WaveNet, van den Oord et al. 2018): train a student
 * flow q (an IAF: fast sampling) to minimise KL(q || p) = E_{x~q}[log q(x) - log p(x)] against a
 * trained teacher p (a MAF: fast density). x and log q(x) come from the same sampling pass of the
 * student, so its slow density direction is never used; the teacher scores x in one pass. The
 * teacher's parameters are frozen (no gradient, no optimizer); gradients reach the student
 * through x (reparameterisation) and through log q.
 *
 * <p>Draws its own samples, so it uses no data. Validation: the same KL estimated on a fixed set
 * of {@value #VALIDATION_SAMPLES} base draws, so successive val_kl values differ only by training.
 */
public final class DensityDistillation implements Objective {
    public static final String KIND = "distill";
    public static final String TEACHER = "teacher";
    static final int VALIDATION_SAMPLES = 4096;
    /** Seeds the fixed validation draws apart from the training draws of the same run seed. */
    private static final long VALIDATION_SEED_OFFSET = 7919;

    private final Flow student;
    private final Flow teacher;
    private final int batchSize;
    private final Tensor validationNoise;

    public DensityDistillation(Flow student, Flow teacher, int batchSize, long seed) {
        if (!Arrays.equals(student.eventShape(), teacher.eventShape())) {
            throw new InvalidInputException("the student's examples have shape " + Arrays.toString(student.eventShape())
                    + " but the teacher's " + Arrays.toString(teacher.eventShape()) + ": build the student for the teacher's data");
        }
        this.student = student;
        this.teacher = teacher;
        this.batchSize = batchSize;
        this.validationNoise = fixedNoise(seed, student.eventShape()[0]);
    }

    /** The objective of a run whose config says kind "distill" with option teacher=DIR. */
    static Objective forRun(GenerativeModel model, RunConfig config) {
        String teacherDir = config.objective().option(TEACHER);
        if (teacherDir == null) {
            throw new InvalidInputException("the run's config.json has a distill objective without a teacher folder: "
                    + "restore config.json or distill again");
        }
        if (!(model instanceof Flow student)) {
            throw new InvalidInputException("model '" + config.model() + "' is not a flow, so it cannot be a "
                    + "distillation student: use --model iaf");
        }
        return new DensityDistillation(student, loadTeacher(Path.of(teacherDir)), config.training().batchSize(),
                config.training().seed());
    }

    /** A trained maf run's flow with its parameters frozen; one-line errors for anything else. */
    public static Flow loadTeacher(Path dir) {
        if (Files.isRegularFile(dir)) {
            throw new InvalidInputException("teacher '" + dir + "' is a file, not a run folder: pass --teacher the --out "
                    + "folder of a 'dgm4j train --model maf' run");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("teacher run folder '" + dir + "' does not exist: pass --teacher the --out "
                    + "folder of a 'dgm4j train --model maf' run");
        }
        RunFolder run = RunFolder.open(dir);
        String model = run.readConfig().model();
        if (!Maf.NAME.equals(model)) {
            throw new InvalidInputException("teacher '" + dir + "' is a " + model + " run, not a maf run: distillation "
                    + "needs a teacher with a one-pass density; train one with 'dgm4j train --model maf'");
        }
        Flow teacher = (Flow) RunModels.load(run);
        for (Tensor p : teacher.parameters().list()) {
            p.requires_grad_(false);
        }
        return teacher;
    }

    @Override
    public List<List<Tensor>> parameterGroups() {
        return List.of(student.parameters().list());
    }

    @Override
    public List<String> trainMetrics() {
        return List.of("train_loss");
    }

    @Override
    public List<String> validationMetrics() {
        return List.of("val_kl");
    }

    @Override
    public boolean usesData() {
        return false;
    }

    @Override
    public Map<String, Double> step(Tensor batch, Optimization optimization) {
        SamplesWithLogProb.Sample s = student.sampleWithLogProb(batchSize);
        return Map.of("train_loss", optimization.minimize(0, klEstimate(s)));
    }

    @Override
    public Map<String, Double> validate(Tensor data) {
        try (NoGradGuard guard = new NoGradGuard()) {
            return Map.of("val_kl", klEstimate(student.pushForward(validationNoise)).item_double());
        }
    }

    /** Monte Carlo KL(student || teacher): the mean of log q(x) - log p(x) over the student's samples. */
    private Tensor klEstimate(SamplesWithLogProb.Sample s) {
        return s.logProb().sub(teacher.logProb(s.values())).mean();
    }

    /** Draws from their own seed, leaving libtorch's generator as it was (exact resume stays exact). */
    private static Tensor fixedNoise(long seed, int dimension) {
        Generator generator = torch.getDefaultCPUGenerator();
        Tensor state = generator.get_state();
        Engine.seed(seed + VALIDATION_SEED_OFFSET);
        Tensor noise = torch.randn(VALIDATION_SAMPLES, dimension);
        generator.set_state(state);
        noise.retainReference();
        return noise;
    }
}
