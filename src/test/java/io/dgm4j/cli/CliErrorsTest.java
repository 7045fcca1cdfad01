package io.dgm4j.cli;

import static io.dgm4j.cli.Cli.TINY;
import static io.dgm4j.cli.Cli.assertUserError;
import static io.dgm4j.cli.Cli.concat;
import static io.dgm4j.cli.Cli.ok;
import static io.dgm4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of bad input ends in one "error:" line naming the input, a non-zero exit and no
 * stack trace; and a failed command leaves no run folder behind.
 */
class CliErrorsTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void trainOnce() {
        run = SharedRun.moons();
    }

    /** train with the tiny budget, writing to a fresh folder that must not exist afterwards. */
    private static Cli.Result trainFails(String... args) {
        Path out = tmp.resolve("never-" + Math.abs(Arrays.hashCode(args)));
        Cli.Result r = run(concat(concat(new String[] {"train", "--out", out.toString()}, TINY), args));
        assertFalse(Files.exists(out.resolve("config.json")), () -> "a failed train left a run folder: " + r);
        return r;
    }

    private static Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void unknownModel() {
        assertUserError(trainFails("--model", "foo", "--data", "moons"), "unknown model 'foo'", "realnvp");
    }

    /** A misspelt or foreign model option would otherwise train with the default without a word. */
    @Test
    void modelOptionTheFamilyDoesNotRead() {
        assertUserError(trainFails("--model", "realnvp", "--data", "moons", "--opt", "permutaton=reverse"),
                "'permutaton'", "realnvp", "permutation");
        assertUserError(trainFails("--model", "realnvp", "--data", "moons", "--latent", "3"), "'latent'", "--latent");
        assertUserError(trainFails("--model", "realnvp", "--data", "moons", "--opt", "=3"), "'=3'", "no key", "KEY=VALUE");
    }

    @Test
    void unknownDataset() {
        assertUserError(trainFails("--model", "realnvp", "--data", "mons"), "unknown dataset 'mons'", "moons");
    }

    @Test
    void missingCsvFile() {
        assertUserError(trainFails("--model", "realnvp", "--data", "/nonexistent.csv"), "/nonexistent.csv", "not found");
    }

    @Test
    void folderGivenAsCsv() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("folder.csv"));
        assertUserError(trainFails("--model", "realnvp", "--data", dir.toString()), dir.toString(), "folder");
    }

    @Test
    void nonNumericCsv() throws IOException {
        Path f = write("words.csv", "x,y\n1,2\n3,abc\n4,5\n");
        assertUserError(trainFails("--model", "realnvp", "--data", f.toString()), f.toString(), "line 3", "'abc'");
    }

    @Test
    void raggedCsv() throws IOException {
        Path f = write("ragged.csv", "1,2\n3,4\n5,6,7\n8,9\n");
        assertUserError(trainFails("--model", "realnvp", "--data", f.toString()), f.toString(), "line 3", "3 columns");
    }

    @Test
    void emptyCsv() throws IOException {
        Path f = write("empty.csv", "");
        assertUserError(trainFails("--model", "realnvp", "--data", f.toString()), f.toString(), "empty");
    }

    /** A truncated gzip and a garbage file named like the MNIST files: an IDX error, before any model error. */
    @Test
    void truncatedIdxFile() throws IOException {
        Path images = Cli.SHARED_MNIST.resolve("t10k-images-idx3-ubyte.gz");
        assumeTrue(Files.isRegularFile(images), "shared MNIST copy not found at " + Cli.SHARED_MNIST);
        Path dir = Files.createDirectories(tmp.resolve("mnist-truncated"));
        byte[] all = Files.readAllBytes(images);
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Arrays.copyOf(all, all.length / 3));
        Files.copy(Cli.SHARED_MNIST.resolve("t10k-labels-idx1-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertUserError(trainFails("--model", "realnvp", "--data", "mnist10k", "--data-dir", dir.toString()),
                "IDX file", "t10k-images-idx3-ubyte.gz", "truncated");
        assertUserError(run("eval", "--run", run.toString(), "--data", "mnist10k", "--data-dir", dir.toString(),
                "--threads", "1"), "IDX file", "t10k-images-idx3-ubyte.gz", "truncated");
    }

    @Test
    void garbageIdxFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist-garbage"));
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), garbage);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), garbage);
        assertUserError(trainFails("--model", "realnvp", "--data", "mnist10k", "--data-dir", dir.toString()),
                "IDX file", "t10k-images-idx3-ubyte.gz");
        assertUserError(run("eval", "--run", run.toString(), "--data", "mnist10k", "--data-dir", dir.toString(),
                "--threads", "1"), "IDX file", "t10k-images-idx3-ubyte.gz");
    }

    @Test
    void missingMnistFolder() {
        assertUserError(trainFails("--model", "realnvp", "--data", "mnist10k", "--data-dir", "/nonexistent-mnist"),
                "t10k-images-idx3-ubyte", "/nonexistent-mnist");
    }

    @Test
    void evalOnDataOfAnotherDimension() throws IOException {
        Path f = write("three.csv", "a,b,c\n1,2,3\n4,5,6\n");
        assertUserError(run("eval", "--run", run.toString(), "--data", f.toString(), "--threads", "1"),
                f.toString(), "[3]", "[2]");
    }

    @Test
    void corruptCheckpoint() throws IOException {
        Path copy = tmp.resolve("corrupt-run");
        Cli.copyTree(run, copy);
        Path checkpoint = copy.resolve("checkpoint").resolve("model.pt");
        byte[] bytes = Files.readAllBytes(checkpoint);
        Files.write(checkpoint, Arrays.copyOf(bytes, bytes.length / 2));
        String path = checkpoint.toString();
        assertUserError(run("sample", "--run", copy.toString(), "-n", "5", "--out", tmp.resolve("s.csv").toString(),
                "--threads", "1"), path, "corrupt");
        assertUserError(run("density", "--run", copy.toString(), "--out", tmp.resolve("d.csv").toString(),
                "--threads", "1"), path, "corrupt");
        assertUserError(run("eval", "--run", copy.toString(), "--threads", "1"), path, "corrupt");
        assertUserError(run("train", "--resume", "--out", copy.toString(), "--threads", "1"), path, "corrupt");
    }

    /** A config.json edited to another architecture than its checkpoint's: a libtorch load, reported as bad input. */
    @Test
    void checkpointOfAnotherArchitecture() throws IOException {
        Path copy = tmp.resolve("other-architecture");
        Cli.copyTree(run, copy);
        Path config = copy.resolve("config.json");
        String text = Files.readString(config);
        assertTrue(text.contains("\"hidden\": \"16\""), text);
        Files.writeString(config, text.replace("\"hidden\": \"16\"", "\"hidden\": \"32\""));
        assertUserError(run("sample", "--run", copy.toString(), "-n", "5", "--out", tmp.resolve("s.csv").toString(),
                "--threads", "1"), "model.pt", "shape");
    }

    @Test
    void corruptConfig() throws IOException {
        Path copy = tmp.resolve("bad-config");
        Cli.copyTree(run, copy);
        Files.writeString(copy.resolve("config.json"), "{\"model\": ");
        assertUserError(run("eval", "--run", copy.toString(), "--threads", "1"), "config.json");
        assertUserError(run("sample", "--run", copy.toString(), "--out", tmp.resolve("s.csv").toString(),
                "--threads", "1"), "config.json");
    }

    @ParameterizedTest(name = "train {0} {1}")
    @CsvSource({
            "--steps, 0, --steps",
            "--steps, -5, --steps",
            "--batch-size, 0, --batch-size",
            "--lr, -1, --lr",
            "--lr, NaN, --lr",
            "--lr, abc, 'abc'",
            "--threads, 0, --threads",
            "--layers, 0, --layers",
            "--hidden, 0, --hidden",
            "--depth, 0, --depth",
            "--activation, foo, 'foo'",
            "--test-fraction, 1.5, --test-fraction",
            "--noise, -1, --noise",
            "--optimizer, lbfgs, 'lbfgs'",
            "--momentum, 0.9, --momentum",
            "--momentum, -0.1, --momentum",
            "--schedule, foo, 'foo'",
            "--eval-every, 0, --eval-every",
            "--warmup-steps, -1, --warmup-steps",
            "--clip-grad, -1, --clip-grad",
            "--train-size, 0, --train-size",
            "--batch-size, 100000, 100000",
    })
    void invalidTrainOption(String option, String value, String named) {
        // TINY already sets some of these options: the later value wins in picocli only for
        // repeatable options, so build the command without the TINY duplicate.
        List<String> args = new java.util.ArrayList<>(List.of("train", "--model", "realnvp", "--data", "moons",
                "--out", tmp.resolve("never-" + option.substring(2) + value).toString()));
        for (int i = 0; i < TINY.length; i += 2) {
            if (!TINY[i].equals(option)) {
                args.add(TINY[i]);
                args.add(TINY[i + 1]);
            }
        }
        args.add(option);
        args.add(value);
        Cli.Result r = run(args.toArray(String[]::new));
        assertUserError(r, named);
        assertFalse(Files.exists(tmp.resolve("never-" + option.substring(2) + value)), () -> "left a folder: " + r);
    }

    @Test
    void epochsZero() {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--model", "realnvp", "--data", "moons",
                "--out", tmp.resolve("never-epochs").toString(), "--epochs", "0", "--threads", "1",
                "--train-size", "500", "--test-size", "200"));
        assertUserError(run(args.toArray(String[]::new)), "--epochs");
    }

    /** Divergence is not bad input but gets the same treatment: its own exit code, one line, no trace. */
    @Test
    void divergenceIsOneLine() {
        Path out = tmp.resolve("diverged");
        Cli.Result r = run(concat(new String[] {"train", "--model", "realnvp", "--data", "moons", "--lr", "1e6",
                "--out", out.toString()}, TINY));
        assertEquals(Main.EXIT_DIVERGED, r.code(), r::toString);
        assertUserError(r, "became", "--lr");
    }

    @Test
    void stepsAndEpochsTogether() {
        String message = assertUserError(trainFails("--model", "realnvp", "--data", "moons", "--epochs", "2"),
                "--steps", "--epochs");
        assertFalse(message.contains("Error:"), message);
    }

    @Test
    void unknownOption() {
        assertUserError(run("train", "--model", "realnvp", "--data", "moons", "--bogus"), "--bogus");
        assertUserError(run("eval", "--run", run.toString(), "--frobnicate"), "--frobnicate");
    }

    @Test
    void unknownCommand() {
        assertUserError(run("trian", "--model", "realnvp"), "trian", "train");
    }

    /** train and distill take their folder as --out: one given as an argument is named with the fix. */
    @Test
    void aRunFolderGivenAsAnArgumentToTrainPointsToOut() {
        assertUserError(run("train", "--resume", "runs/x", "--steps", "3"), "train takes no argument 'runs/x'",
                "--out runs/x", "--resume");
        assertUserError(run("distill", "runs/x"), "distill takes no argument 'runs/x'", "--out runs/x");
    }

    @Test
    void missingRequiredOption() {
        assertUserError(run("eval"), "--run");
        assertUserError(run("sample", "--run", run.toString()), "--out");
        assertUserError(run("train", "--model", "realnvp", "--threads", "1"), "--data");
    }

    @Test
    void invalidSampleOptions() {
        String out = tmp.resolve("s.csv").toString();
        assertUserError(run("sample", "--run", run.toString(), "-n", "0", "--out", out, "--threads", "1"), "-n", "0");
        assertUserError(run("sample", "--run", run.toString(), "-n", "5", "--out", "x.txt", "--threads", "1"), "x.txt");
        assertUserError(run("sample", "--run", run.toString(), "-n", "five", "--out", out), "five");
        assertFalse(Files.exists(Path.of("x.txt")));
    }

    @Test
    void invalidDensityOptions() {
        assertUserError(run("density", "--run", run.toString(), "--out", "d.txt"), "d.txt");
        assertUserError(run("density", "--run", run.toString(), "--out", tmp.resolve("d.csv").toString(),
                "--resolution", "1"), "--resolution");
        assertUserError(run("density", "--run", run.toString(), "--out", tmp.resolve("d.csv").toString(),
                "--margin", "-1"), "--margin");
        assertUserError(run("density", "--run", run.toString(), "--out", tmp.resolve("d.csv").toString(),
                "--margin", "Infinity"), "--margin");
    }

    @Test
    void invalidDataOptions() {
        assertUserError(run("data", "--data", "moons", "--split", "validation", "--out",
                tmp.resolve("f.csv").toString()), "--split", "validation");
        assertUserError(run("data", "--data", "mons", "--out", tmp.resolve("f.csv").toString()), "mons");
    }

    @Test
    void notARunFolder() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("emptydir"));
        assertUserError(run("eval", "--run", empty.toString(), "--threads", "1"), empty.toString(), "not a dgm4j run folder");
        assertUserError(run("sample", "--run", "nonexistent", "--out", tmp.resolve("s.csv").toString(),
                "--threads", "1"), "nonexistent", "does not exist");
        assertUserError(run("density", "--run", "nonexistent", "--out", tmp.resolve("d.csv").toString(),
                "--threads", "1"), "nonexistent");
        assertUserError(run("report", "--run", "nonexistent"), "nonexistent", "does not exist");
        assertUserError(run("report", "--run", empty.toString()), empty.toString());
        Path config = run.resolve("config.json");
        assertUserError(run("eval", "--run", config.toString(), "--threads", "1"), config.toString(), "not a folder");
    }

    /** Every command that reads a run takes it as --run DIR or as its argument, exactly once. */
    @Test
    void runFolderGivenOnceEitherWay() {
        Path samples = tmp.resolve("either.csv");
        for (String command : new String[] {"sample", "interpolate", "density", "report", "eval"}) {
            String[] out = command.equals("report") || command.equals("eval") ? new String[0]
                    : new String[] {"--out", tmp.resolve("never-" + command + ".csv").toString()};
            assertUserError(run(concat(new String[] {command}, out)), command + " needs one run folder");
            assertUserError(run(concat(new String[] {command, run.toString(), "--run", run.toString()}, out)),
                    command + " takes one run folder", "not both");
        }
        Cli.Result r = ok("sample", run.toString(), "-n", "3", "--out", samples.toString(), "--threads", "1");
        assertTrue(Files.exists(samples), r.out());
        ok("report", run.toString());
    }

    /** An empty path would mean the working directory: a run written there, or one read from there. */
    @Test
    void emptyOrFolderPaths() {
        assertUserError(run(concat(new String[] {"train", "--model", "realnvp", "--data", "moons", "--out", ""}, TINY)),
                "--out");
        assertFalse(Files.exists(Path.of("config.json")), "train wrote a run into the working directory");
        assertUserError(run("eval", "--run", "", "--threads", "1"), "--run");
        assertUserError(run("report", "--run", ""), "--run");
        assertUserError(run("sample", "--run", run.toString(), "--out", "", "--threads", "1"), "--out");
        assertUserError(run("density", "--run", run.toString(), "--out", "/", "--threads", "1"), "--out", "'/'");
        assertUserError(run("data", "--data", "moons", "--out", tmp.resolve("x.png").toString()), "x.png", ".csv");
        assertUserError(run("data", "--data", "moons", "--out", ""), "--out");
    }

    @Test
    void trainRefusesToOverwriteARun() {
        List<String> before = Cli.snapshot(run);
        assertUserError(run(concat(new String[] {"train", "--model", "realnvp", "--data", "moons", "--out",
                run.toString()}, TINY)), run.toString(), "already holds a run");
        assertEquals(before, Cli.snapshot(run));
    }

    /** --out into a folder of the user's own files (metrics.csv, notes.txt) would overwrite them: refused. */
    @Test
    void outIntoAFolderOfOtherFilesOrAFileIsRefused() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(folder.resolve("metrics.csv"), "mine\n");
        String[] train = {"train", "--model", "realnvp", "--data", "moons", "--steps", "2", "--threads", "1"};
        assertUserError(run(concat(train, "--out", folder.toString())), "not a run's", "metrics.csv", "new or empty");
        assertEquals("mine\n", Files.readString(folder.resolve("metrics.csv")));
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        assertUserError(run(concat(train, "--out", file.toString())), "is a file", "new folder");
        assertEquals("mine", Files.readString(file));
        Path emptyStart = Files.createDirectories(tmp.resolve("left-by-a-failed-start").resolve("checkpoint"));
        ok(concat(train, "--out", emptyStart.getParent().toString()));
    }

    /** --test-fraction 0 holds out nothing: eval asks for --data instead of printing NaN (into JSON, too). */
    @Test
    void evalOfARunWithoutHeldOutDataAsksForData() throws IOException {
        StringBuilder rows = new StringBuilder("a,b\n");
        for (int i = 0; i < 60; i++) {
            rows.append(Math.sin(i)).append(',').append(Math.cos(3 * i)).append('\n');
        }
        Path csv = Files.writeString(tmp.resolve("all-train.csv"), rows);
        Path out = tmp.resolve("no-held-out");
        ok("train", "--model", "realnvp", "--data", csv.toString(), "--test-fraction", "0", "--steps", "4",
                "--eval-every", "2", "--hidden", "8", "--layers", "2", "--batch-size", "16", "--threads", "1", "--out", out.toString());
        assertUserError(run("eval", out.toString(), "--json", "--threads", "1"), "holds out none", "--data");
        Cli.finite(ok("eval", out.toString(), "--data", csv.toString(), "--threads", "1").value("nll_nats"));
    }

    /** MNIST files that moved: --data-dir on resume says where they are now (it was read, then ignored). */
    @Test
    void resumeFindsMovedMnistFilesThroughDataDir() throws IOException {
        Path before = Files.createDirectories(tmp.resolve("mnist-before"));
        for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.copy(Cli.SHARED_MNIST.resolve(name), before.resolve(name));
        }
        Path out = tmp.resolve("moved-data");
        ok("train", "--model", "vae", "--data", "mnist10k", "--data-dir", before.toString(), "--steps", "2",
                "--batch-size", "16", "--hidden", "8", "--latent", "2", "--threads", "1", "--out", out.toString());
        Path after = tmp.resolve("mnist-after");
        Files.move(before, after);
        assertUserError(run("train", "--resume", "--out", out.toString(), "--steps", "4", "--threads", "1"),
                "mnist-before", "--data-dir");
        ok("train", "--resume", "--out", out.toString(), "--steps", "4", "--data-dir", after.toString(), "--threads", "1");
        assertEquals(4, Cli.json(out.resolve("summary.json")).get("steps").getAsInt());
    }

    /** An output file name that is a folder: an empty one was deleted and replaced by the PNG. */
    @Test
    void anOutputFileThatIsAFolderIsRefused() throws IOException {
        for (String name : List.of("folder-named.png", "folder-named.csv")) {
            Path folder = Files.createDirectories(tmp.resolve(name));
            assertUserError(run("sample", "--run", run.toString(), "-n", "5", "--out", folder.toString(), "--threads", "1"),
                    "is a folder", "file");
            assertTrue(Files.isDirectory(folder), name + " still a folder");
        }
    }

    /** `data --data f.csv --out f.csv` replaced the user's file with its own held-out split. */
    @Test
    void dataRefusesToWriteOverItsInput() throws IOException {
        Path csv = Files.writeString(tmp.resolve("mine.csv"), "a,b\n" + "1,2\n".repeat(30));
        String before = Files.readString(csv);
        assertUserError(run("data", "--data", csv.toString(), "--split", "test", "--out", csv.toString()),
                "is the --data file itself", "another --out");
        assertEquals(before, Files.readString(csv));
    }

    /** More threads than cores is allowed, and said to be slow. */
    @Test
    void moreThreadsThanCoresIsWarnedAbout() {
        int threads = Runtime.getRuntime().availableProcessors() + 1;
        Cli.Result r = ok("sample", "--run", run.toString(), "-n", "5", "--out", tmp.resolve("threads.csv").toString(),
                "--threads", Integer.toString(threads));
        assertTrue(r.err().contains("warning: --threads " + threads + " is more than the"), r.err());
    }

    /** --latent 2 with --opt latent=5 trained with 2 without a word. */
    @Test
    void aFlagAndTheOptItStandsForMustAgree() {
        assertUserError(run("train", "--model", "vae", "--data", "moons", "--latent", "2", "--opt", "latent=5",
                "--steps", "2", "--threads", "1", "--out", tmp.resolve("latents").toString()),
                "--latent 2", "--opt latent=5", "only one");
        assertFalse(Files.exists(tmp.resolve("latents")));
    }

    @Test
    void resumeWithoutCheckpoint() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("no-checkpoint"));
        Files.copy(run.resolve("config.json"), dir.resolve("config.json"));
        Cli.Result r = run("train", "--resume", "--out", dir.toString(), "--threads", "1");
        assertUserError(r, dir.toString(), "no checkpoint");
        assertEquals("", r.out(), "nothing printed before the error");
        assertUserError(run("train", "--resume", "--out", tmp.resolve("emptydir2").toString(), "--threads", "1"),
                "emptydir2");
        assertUserError(run("train", "--resume", "--threads", "1"), "--out");
    }

    /** A run whose metrics log was deleted or emptied: resuming would append rows without a header. */
    @Test
    void resumeAndReportNeedTheMetricsLog() throws IOException {
        for (String damage : new String[] {"missing", "empty"}) {
            Path copy = tmp.resolve("metrics-" + damage);
            Cli.copyTree(run, copy);
            Path log = copy.resolve("metrics.csv");
            if (damage.equals("missing")) {
                Files.delete(log);
            } else {
                Files.writeString(log, "");
            }
            assertUserError(run("train", "--resume", "--out", copy.toString(), "--steps", "40", "--threads", "1"),
                    log.toString(), damage.equals("missing") ? "is missing" : "is empty", "restore it");
            if (damage.equals("empty")) {
                assertUserError(run("report", copy.toString()), "metrics log", "is empty", "header row");
            }
        }
    }

    @Test
    void resumeRefusesToShrinkOrChangeARun() {
        List<String> before = Cli.snapshot(run);
        assertUserError(run("train", "--resume", "--out", run.toString(), "--steps", "10", "--threads", "1"),
                "--steps 10", "more than 30");
        assertUserError(run("train", "--resume", "--out", run.toString(), "--epochs", "3", "--threads", "1"),
                "--epochs");
        assertUserError(run("train", "--resume", "--out", run.toString(), "--data", "circles", "--threads", "1"),
                "circles", "moons");
        // A finished run has nothing to resume: going on rewrote summary.json from an empty loop.
        assertUserError(run("train", "--resume", "--out", run.toString(), "--threads", "1"), "all its 30 steps", "--steps");
        assertUserError(run("train", "--resume", "--out", run.toString(), "--steps", "30", "--threads", "1"),
                "all its 30 steps");
        assertEquals(before, Cli.snapshot(run));
    }
}
