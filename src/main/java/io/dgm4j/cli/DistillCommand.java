package io.dgm4j.cli;

import io.dgm4j.run.Experiment;
import io.dgm4j.InvalidInputException;
import io.dgm4j.eval.SpeedTiming;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.flows.Iaf;
import io.dgm4j.train.DensityDistillation;
import io.dgm4j.train.ObjectiveSpec;
import io.dgm4j.train.RunConfig;
import io.dgm4j.train.RunFolder;
import io.dgm4j.train.RunModels;
import io.dgm4j.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "distill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Distill a trained MAF teacher into a fast-sampling IAF student.",
                "Probability density distillation: minimises KL(student || teacher) on the",
                "student's own samples. Writes a run folder like train and prints the student's",
                "and the teacher's time to draw 1000 samples.",
                "Example: dgm4j distill --teacher runs/maf-moons --out runs/iaf-moons"})
final class DistillCommand implements Callable<Integer> {
    @Option(names = "--teacher", paramLabel = "DIR", description = "Run folder of a trained maf (dgm4j train --model maf).")
    Path teacher;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder of the student (default: runs/iaf-<teacher folder>).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint with its own settings (--steps may raise the total; other settings are refused).")
    boolean resume;

    @Option(names = "--steps", paramLabel = "N", description = "Optimisation steps (default: 2000).")
    Long steps;

    @Option(names = "--batch-size", paramLabel = "N", description = "Student samples per step (default: ${DEFAULT-VALUE}).")
    int batchSize = 256;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 1e-3;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    /**
     * On by default, unlike train: a MAF teacher's log-density falls off steeply away from its data
     * (each layer may scale by up to e^3), and the untrained student's samples land there, with
     * gradients many orders too large. Measured on moons (600 steps): val_kl 42 without clipping,
     * 0.31 with norm 10.
     */
    @Option(names = "--clip-grad", paramLabel = "NORM", description = "Clip the global gradient norm; 0 = off (default: ${DEFAULT-VALUE}).")
    double clipGrad = 10;

    @Option(names = "--eval-every", paramLabel = "N", description = "Steps between validation (val_kl) and checkpoint (default: ${DEFAULT-VALUE}).")
    long evalEvery = 200;

    @Option(names = "--layers", paramLabel = "N", description = "Student IAF layers (default 5).")
    Integer layers;

    @Option(names = "--hidden", paramLabel = "N", description = "Width of the MADE hidden layers (default 128).")
    Integer hidden;

    @Option(names = "--depth", paramLabel = "N", description = "Hidden layers per MADE, 1 or 2 (default 1).")
    Integer depth;

    @Option(names = "--activation", paramLabel = "NAME", description = "relu, leaky_relu, tanh or silu (default relu).")
    String activation;

    @Option(names = "--opt", paramLabel = "KEY=VALUE", description = "Other student option, repeatable: order=natural|random.")
    Map<String, String> extraOptions = new LinkedHashMap<>();

    @Mixin
    EngineOptions engine = new EngineOptions();

    /** What --resume reads from the command line; --teacher must be the run's. */
    private static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--out", "--steps", "--threads", "--teacher");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PathArgs.folder("--out", out);
        PathArgs.folder("--teacher", teacher);
        engine.start();
        Experiment experiment = new Experiment(System.out, System.err);
        Path dir;
        if (resume) {
            if (out == null) {
                throw new InvalidInputException("--resume needs --out DIR, the distillation run to continue");
            }
            if (steps != null && steps < 1) {
                throw new InvalidInputException("--steps must be at least 1 (got " + steps + ")");
            }
            ResumeSettings.refuseIgnored(spec, RESUME_OPTIONS, out);
            dir = out;
            checkDistillationRun(dir);
            experiment.resume(dir, steps, null, null, null, null);
        } else {
            if (teacher == null) {
                throw new InvalidInputException("distill needs --teacher DIR, the run folder of a trained maf");
            }
            Map<String, String> options = studentOptions();
            DensityDistillation.loadTeacher(teacher);
            RunConfig teacherConfig = RunFolder.open(teacher).readConfig();
            if (teacherConfig.target() != null) {
                // The student's run shows and evaluates against its teacher's data; this teacher has none.
                throw new InvalidInputException("teacher '" + teacher + "' was fitted to target " + teacherConfig.target()
                        + " by reverse KL and has no data: fit the IAF to the target directly (dgm4j train --model iaf "
                        + "--target " + teacherConfig.target() + "), or distill a maf trained with --data");
            }
            TrainingConfig training = TrainingConfig.builder(steps == null ? 2000 : steps, batchSize, lr)
                    .clipGradNorm(clipGrad).seed(seed).evalEvery(evalEvery).build();
            ObjectiveSpec objective = new ObjectiveSpec(DensityDistillation.KIND,
                    Map.of(DensityDistillation.TEACHER, teacher.toAbsolutePath().normalize().toString()));
            // The student keeps the teacher's data settings: its report then shows the data beside its samples.
            RunConfig config = new RunConfig(Iaf.NAME, options, teacherConfig.data(), teacherConfig.dataOptions(),
                    teacherConfig.dataShape(), null, training, objective);
            dir = out != null ? out : Path.of("runs", "iaf-" + teacher.toAbsolutePath().normalize().getFileName());
            experiment.start(dir, config, Experiment.loadData(config.data(), config.dataOptions()));
        }
        printSamplingTimes(RunFolder.open(dir));
        return 0;
    }

    /**
     * Only a distillation run resumes here, and it keeps its teacher: a repeated --teacher must be that one, or,
     * when the teacher's folder has moved, its new place (trained on the same data), which config.json then records.
     */
    private void checkDistillationRun(Path dir) {
        RunFolder run = RunFolder.open(dir);
        RunConfig config = run.readConfig();
        ObjectiveSpec objective = config.objectiveOrDefault();
        if (!objective.kind().equals(DensityDistillation.KIND)) {
            throw new InvalidInputException("'" + dir + "' is not a distillation run (its objective is "
                    + objective.kind() + "): resume it with 'dgm4j train --resume --out " + dir + "'");
        }
        String stored = objective.option(DensityDistillation.TEACHER);
        boolean moved = !Files.isDirectory(Path.of(stored));
        if (teacher == null && moved) {
            throw new InvalidInputException("the teacher '" + stored + "' of '" + dir + "' is gone: if its folder moved, "
                    + "pass --teacher with its new place");
        }
        if (teacher == null || teacher.toAbsolutePath().normalize().toString().equals(stored)) {
            return;
        }
        if (!moved) {
            throw new InvalidInputException("--teacher " + teacher + " differs from the teacher '" + stored + "' of '"
                    + dir + "': a resumed run keeps its teacher; drop --teacher or choose another --out");
        }
        DensityDistillation.loadTeacher(teacher);
        RunConfig candidate = RunFolder.open(teacher).readConfig();
        if (!Objects.equals(candidate.data(), config.data()) || !Objects.equals(candidate.dataOptions(), config.dataOptions())
                || !Arrays.equals(candidate.dataShape(), config.dataShape())) {
            throw new InvalidInputException("--teacher " + teacher + " was trained on other data than the student '" + dir
                    + "' (" + candidate.data() + " vs " + config.data() + "): pass the moved folder of its own teacher");
        }
        Map<String, String> options = new LinkedHashMap<>(objective.options());
        options.put(DensityDistillation.TEACHER, teacher.toAbsolutePath().normalize().toString());
        run.writeConfig(config.withObjective(new ObjectiveSpec(objective.kind(), options)));
    }

    /** The point of distillation: the student samples in one pass per layer, the teacher in D. */
    private static void printSamplingTimes(RunFolder run) {
        GenerativeModel student = RunModels.load(run);
        Flow teacherFlow = DensityDistillation.loadTeacher(
                Path.of(run.readConfig().objective().option(DensityDistillation.TEACHER)));
        System.out.println("student_sample_ms_per_1000: " + Experiment.format(SpeedTiming.sampleMsPer1000(student)));
        System.out.println("teacher_sample_ms_per_1000: " + Experiment.format(SpeedTiming.sampleMsPer1000(teacherFlow)));
    }

    /** The student's model options; one the iaf does not read is rejected when the run starts. */
    private Map<String, String> studentOptions() {
        Map<String, String> options = new LinkedHashMap<>(extraOptions);
        putPositive(options, "--layers", "layers", layers);
        putPositive(options, "--hidden", "hidden", hidden);
        putPositive(options, "--depth", "depth", depth);
        if (activation != null) {
            options.put("activation", activation);
        }
        return options;
    }

    private static void putPositive(Map<String, String> options, String flag, String name, Integer value) {
        if (value == null) {
            return;
        }
        if (value < 1) {
            throw new InvalidInputException(flag + " must be at least 1 (got " + value + ")");
        }
        options.put(name, value.toString());
    }
}
