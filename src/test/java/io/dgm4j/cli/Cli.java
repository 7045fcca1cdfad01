package io.dgm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Runs the CLI in-process with stdout and stderr captured, and checks the error contract. */
final class Cli {
    /** The tiny training budget every test uses: a second or so per run. */
    static final String[] TINY = {"--steps", "30", "--layers", "2", "--hidden", "16", "--train-size", "500",
            "--test-size", "200", "--batch-size", "64", "--threads", "1"};
    /** TINY for a CSV file or MNIST, which read no toy --train-size or --test-size (train warns about those). */
    static final String[] TINY_FILE = Stream.of(TINY).filter(a -> !List.of("--train-size", "500", "--test-size", "200")
            .contains(a)).toArray(String[]::new);
    /** The shared MNIST copy beside the repository (only the t10k files). */
    static final Path SHARED_MNIST = Path.of("../shared/datasets/mnist");

    record Result(int code, String out, String err) {
        /** stderr lines that are not blank and not progress-bar lines. */
        List<String> errLines() {
            List<String> lines = new ArrayList<>();
            for (String line : err.split("\\R")) {
                String l = line.replace("\r", "").strip();
                if (!l.isEmpty() && !l.startsWith("[")) {
                    lines.add(line);
                }
            }
            return lines;
        }

        /** The value of a "name: value" line on stdout. */
        String value(String name) {
            for (String line : out.split("\\R")) {
                if (line.startsWith(name + ": ")) {
                    return line.substring(name.length() + 2).trim();
                }
            }
            throw new AssertionError("no '" + name + ": ' line in stdout:\n" + out + "\nstderr:\n" + err);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
        }
    }

    private Cli() {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed. */
    static Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + " failed: " + r);
        return r;
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    /**
     * The contract for bad input: non-zero exit, exactly one "error:" line on stderr (besides
     * progress lines), no stack trace, and a message naming the offending input.
     */
    static String assertUserError(Result r, String... fragments) {
        assertNotEquals(0, r.code(), () -> "expected failure: " + r);
        assertNotEquals(Main.EXIT_INTERNAL, r.code(), () -> "bad input reported as an internal error: " + r);
        for (String line : r.err().split("\\R")) {
            assertFalse(line.startsWith("\tat ") || line.strip().startsWith("at ") && line.contains("("),
                    () -> "stack trace on stderr: " + r);
            assertFalse(line.startsWith("Exception") || line.contains("Exception in thread"),
                    () -> "stack trace on stderr: " + r);
        }
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "expected exactly one error line: " + r);
        String message = lines.get(0);
        assertTrue(message.startsWith("error: "), () -> "error line must start with 'error: ': " + r);
        assertFalse(message.contains("internal error"), () -> "bad input reported as an internal error: " + r);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "error should name '" + fragment + "': " + r);
        }
        return message;
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths.sorted()::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file under a folder with its content, to check that a command left it untouched. */
    static List<String> snapshot(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<String> result = new ArrayList<>();
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.naturalOrder())::iterator) {
                if (Files.isRegularFile(p)) {
                    result.add(dir.relativize(p) + ":" + Arrays.hashCode(Files.readAllBytes(p))
                            + ":" + Files.getLastModifiedTime(p).toMillis());
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    /** The column names of a run's metrics.csv. */
    static List<String> metricsHeader(Path run) throws IOException {
        return Arrays.asList(Files.readAllLines(run.resolve("metrics.csv")).get(0).split(","));
    }

    /** The number in {@code text}, asserted finite. */
    static double finite(String text) {
        double v = Double.parseDouble(text);
        assertTrue(Double.isFinite(v), text);
        return v;
    }

    /** Whether the file starts with the PNG signature. */
    static boolean isPng(Path file) throws IOException {
        return Arrays.equals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(Files.readAllBytes(file), 4));
    }
}
