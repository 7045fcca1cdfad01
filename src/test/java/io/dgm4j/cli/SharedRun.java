package io.dgm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One tiny RealNVP run on moons, trained once per test JVM and shared read-only by the CLI test
 * classes (tests that change a run work on a copy).
 */
final class SharedRun {
    private static Path dir;

    private SharedRun() {
    }

    static synchronized Path moons() {
        if (dir == null) {
            try {
                Path root = Files.createTempDirectory("dgm4j-cli-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
                Path run = root.resolve("moons");
                Cli.Result r = Cli.run(Cli.concat(new String[] {"train", "--model", "realnvp", "--data", "moons",
                        "--out", run.toString()}, Cli.TINY));
                assertEquals(0, r.code(), () -> "training the shared run failed: " + r);
                dir = run;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temp folder left behind is harmless
        }
    }
}
