package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.TINY;
import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.concat;
import static io.dgm4j.cli.Cli.json;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** maf and iaf through train and eval --timing; distill end to end, resumed, and its bad input. */
class MafIafCliTest {
    @TempDir
    static Path tmp;
    static Path teacher;
    static Cli.Result distilled;
    /** The distillation settings every distill run here uses: a few seconds each. */
    static final String[] TINY_DISTILL = {"--eval-every", "10", "--layers", "2", "--hidden", "16", "--batch-size", "64",
        "--threads", "1"};

    @BeforeAll
    static void trainTeacher() {
        teacher = tmp.resolve("maf-moons");
        ok(concat(new String[] {"train", "--model", "maf", "--data", "moons", "--out", teacher.toString()}, TINY));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    }

    private static double positive(String text) {
        double v = Double.parseDouble(text);
        assertTrue(v > 0 && Double.isFinite(v), text);
        return v;
    }

    @Test
    void mafTrainsAndEvalReportsTimings() throws IOException {
        assertEquals("maf", json(teacher.resolve("config.json")).get("model").getAsString());
        assertTrue(Double.isFinite(json(teacher.resolve("summary.json")).get("val_nll_nats").getAsDouble()));
        Cli.Result r = ok("eval", "--run", teacher.toString(), "--timing", "--threads", "1");
        positive(r.value("sample_ms_per_1000"));
        positive(r.value("density_ms_per_1000"));
    }

    @Test
    void iafTrainsByMaximumLikelihood() throws IOException {
        Path out = tmp.resolve("iaf-moons");
        ok(concat(new String[] {"train", "--model", "iaf", "--data", "moons", "--out", out.toString(),
            "--opt", "order=random"}, TINY));
        JsonObject summary = json(out.resolve("summary.json"));
        assertEquals(30, summary.get("steps").getAsLong());
        assertTrue(Double.isFinite(summary.get("val_nll_nats").getAsDouble()));
        Cli.Result r = ok("eval", "--run", out.toString(), "--timing", "--threads", "1");
        assertEquals(summary.get("val_nll_nats").getAsDouble(), Double.parseDouble(r.value("nll_nats")), 1e-4);
    }

    /** One 20-step distillation, shared by the tests that only read it. */
    private static synchronized Cli.Result distilled() {
        if (distilled == null) {
            distilled = ok(concat(new String[] {"distill", "--teacher", teacher.toString(), "--out",
                tmp.resolve("distilled").toString(), "--steps", "20"}, TINY_DISTILL));
        }
        return distilled;
    }

    @Test
    void distillWritesARunWithValKlAndPrintsSamplingTimes() throws IOException {
        Cli.Result r = distilled();
        Path out = tmp.resolve("distilled");
        positive(r.value("student_sample_ms_per_1000"));
        positive(r.value("teacher_sample_ms_per_1000"));
        JsonObject config = json(out.resolve("config.json"));
        assertEquals("iaf", config.get("model").getAsString());
        assertEquals("distill", config.getAsJsonObject("objective").get("kind").getAsString());
        List<String> metrics = lines(out.resolve("metrics.csv"));
        assertTrue(metrics.get(0).contains("val_kl"), metrics.get(0));
        assertEquals("20", metrics.get(metrics.size() - 1).split(",")[0]);
        // The figure the student was trained for is in its summary (and printed), as the last validation logged it.
        List<String> header = List.of(metrics.get(0).split(","));
        double lastKl = Double.parseDouble(metrics.get(metrics.size() - 1).split(",")[header.indexOf("val_kl")]);
        assertEquals(lastKl, json(out.resolve("summary.json")).get("val_kl").getAsDouble(), 1e-9);
        assertEquals(lastKl, Double.parseDouble(r.value("val_kl")), 1e-4);
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    /** Stopped at 10 steps and resumed to 20, the student's metrics are those of an uninterrupted run. */
    @Test
    void distillResumesExactly() throws IOException {
        distilled();
        Path stopped = tmp.resolve("stopped");
        ok(concat(new String[] {"distill", "--teacher", teacher.toString(), "--out", stopped.toString(), "--steps", "10"},
                TINY_DISTILL));
        ok("distill", "--resume", "--out", stopped.toString(), "--steps", "20", "--threads", "1");
        assertEquals(withoutElapsed(tmp.resolve("distilled").resolve("metrics.csv")),
                withoutElapsed(stopped.resolve("metrics.csv")));
        assertEquals(20, json(stopped.resolve("summary.json")).get("steps").getAsLong());
    }

    /** The teacher's folder moved: resume says so, and takes its new place (recorded in config.json). */
    @Test
    void distillResumesWithAMovedTeacher() throws IOException {
        Path before = tmp.resolve("teacher-before");
        Cli.copyTree(teacher, before);
        Path student = tmp.resolve("student-of-moved");
        ok(concat(new String[] {"distill", "--teacher", before.toString(), "--out", student.toString(), "--steps", "10"},
                TINY_DISTILL));
        Path after = tmp.resolve("teacher-after");
        Files.move(before, after);
        assertUserError(run("distill", "--resume", "--out", student.toString(), "--steps", "20", "--threads", "1"),
                "is gone", "--teacher");
        assertUserError(run("distill", "--resume", "--out", student.toString(), "--steps", "20", "--teacher",
                SharedRun.moons().toString(), "--threads", "1"), "not a maf run");
        ok("distill", "--resume", "--out", student.toString(), "--steps", "20", "--teacher", after.toString(),
                "--threads", "1");
        assertEquals(after.toAbsolutePath().normalize().toString(), json(student.resolve("config.json"))
                .getAsJsonObject("objective").getAsJsonObject("options").get("teacher").getAsString());
    }

    private static List<String> withoutElapsed(Path metrics) throws IOException {
        return lines(metrics).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    private static Cli.Result distillFails(String... args) {
        Path out = tmp.resolve("never");
        Cli.Result r = run(concat(concat(new String[] {"distill", "--out", out.toString(), "--steps", "5"}, TINY_DISTILL),
                args));
        assertFalse(Files.exists(out.resolve("config.json")), () -> "a failed distill left a run folder: " + r);
        return r;
    }

    @Test
    void distillRejectsAMissingTeacherFolder() throws IOException {
        assertUserError(distillFails("--teacher", tmp.resolve("nowhere").toString()), "nowhere", "does not exist", "--teacher");
        assertUserError(distillFails(), "--teacher");
        Path file = Files.writeString(tmp.resolve("teacher.csv"), "x,y\n0,1\n");
        assertUserError(distillFails("--teacher", file.toString()), "teacher.csv", "is a file", "--teacher");
    }

    @Test
    void distillResumesOnlyDistillationRunsWithTheirOwnTeacher() {
        distilled();
        Path stored = tmp.resolve("distilled");
        assertUserError(run("distill", "--resume", "--out", teacher.toString(), "--threads", "1"),
                "not a distillation run", "train --resume");
        assertUserError(run("distill", "--resume", "--out", stored.toString(), "--teacher", SharedRun.moons().toString(),
                "--threads", "1"), "--teacher", "keeps its teacher");
        assertUserError(run("distill", "--resume", "--threads", "1"), "--resume needs --out");
        assertUserError(run("distill", "--resume", "--out", stored.toString(), "--steps", "40", "--lr", "0.1",
                "--threads", "1"), "--lr would be ignored", "another --out");
    }

    @Test
    void distillRejectsATeacherThatIsNotAMaf() {
        assertUserError(distillFails("--teacher", SharedRun.moons().toString()), "realnvp", "not a maf run");
    }

    /** A maf fitted to an energy has no data for the student's run to show and evaluate against (was an internal error). */
    @Test
    void distillRejectsATeacherFittedToATarget() {
        Path fitted = tmp.resolve("maf-u2");
        ok("train", "--model", "maf", "--target", "U2", "--steps", "5", "--hidden", "8", "--batch-size", "32",
                "--threads", "1", "--out", fitted.toString());
        assertUserError(distillFails("--teacher", fitted.toString()), "target U2", "--model iaf --target U2");
    }

    @Test
    void distillRejectsUnknownOptions() {
        assertUserError(distillFails("--teacher", teacher.toString(), "--opt", "layer=3"), "'layer'", "order");
        assertUserError(distillFails("--teacher", teacher.toString(), "--opt", "order=sideways"), "order", "random");
        assertUserError(distillFails("--teacher", teacher.toString(), "--depth", "3"), "depth");
        assertUserError(distillFails("--teacher", teacher.toString(), "--tempreature", "2"), "--tempreature");
    }

    @Test
    void mafRejectsDataWithOneFeature() throws IOException {
        Path csv = tmp.resolve("one-column.csv");
        StringBuilder rows = new StringBuilder("x\n");
        for (int i = 0; i < 50; i++) {
            rows.append(i * 0.1).append('\n');
        }
        Files.writeString(csv, rows.toString());
        Path out = tmp.resolve("never-maf");
        Cli.Result r = run("train", "--model", "maf", "--data", csv.toString(), "--out", out.toString(), "--steps", "5",
                "--batch-size", "16", "--threads", "1");
        assertUserError(r, "maf", "at least 2 features");
        assertFalse(Files.exists(out.resolve("config.json")));
    }
}
