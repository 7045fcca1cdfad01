package io.dgm4j.train;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.dgm4j.InvalidInputException;
import io.dgm4j.data.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The folder a run lives in. Everything a report shows is read back from here:
 * config.json, metrics.csv, summary.json, eval.json (the latest {@code dgm4j eval}), checkpoint/,
 * data.csv, samples.csv, latent.csv, density.csv (2-D data), target_density.csv (runs fitted to a
 * target energy), samples.png and interpolations.png (image data), samples/ (snapshots during
 * training), plots/ and report.html.
 */
public final class RunFolder {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** A new run folder; refuses to reuse one that already holds a run (nothing saved is overwritten). */
    public static RunFolder create(Path dir) {
        if (Files.exists(dir.resolve("config.json"))) {
            throw new InvalidInputException("'" + dir + "' already holds a run: choose another --out, or pass "
                    + "--resume to continue it");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("--out '" + dir + "' is a file: give the path of a new folder for the run");
        }
        Path stranger = firstFile(dir);
        if (stranger != null) {
            // A run writes metrics.csv, plots/, samples/ ... into its folder: the user's own files of those names would go.
            throw new InvalidInputException("--out '" + dir + "' is a folder with files that are not a run's (e.g. '"
                    + dir.relativize(stranger) + "'): give the path of a new or empty folder");
        }
        try {
            Files.createDirectories(dir.resolve("checkpoint"));
        } catch (IOException e) {
            throw new InvalidInputException("cannot create run folder '" + dir + "': " + e.getMessage());
        }
        return new RunFolder(dir);
    }

    /** The first regular file under {@code dir} (empty sub-folders, as a failed start leaves, do not count), or null. */
    private static Path firstFile(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(p -> !Files.isDirectory(p)).findFirst().orElse(null);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read folder '" + dir + "' (" + e.getMessage()
                    + "): check its permissions");
        }
    }

    /** An existing run folder, checked to be one. */
    public static RunFolder open(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("run folder '" + dir + "' is a file, not a folder: pass the --out folder of a train run");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("run folder '" + dir + "' does not exist: pass the --out folder of a train run");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new InvalidInputException("'" + dir + "' is not a dgm4j run folder (no config.json): "
                    + "pass the --out folder of a train run");
        }
        return new RunFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public Path checkpointFile() {
        return dir.resolve("checkpoint").resolve("model.pt");
    }

    public void writeConfig(RunConfig config) {
        writeJson("config.json", config);
    }

    public RunConfig readConfig() {
        Path path = dir.resolve("config.json");
        try {
            RunConfig c = GSON.fromJson(Files.readString(path), RunConfig.class);
            if (c == null || c.model() == null || c.training() == null || c.dataShape() == null) {
                throw new JsonParseException("missing fields");
            }
            return c;
        } catch (IOException | JsonParseException e) {
            throw new InvalidInputException("'" + path + "' is not a valid dgm4j config (" + oneLine(e)
                    + "): restore it or train again");
        }
    }

    public void writeJson(String name, Object value) {
        writeAtomically(dir.resolve(name), GSON.toJson(value));
    }

    /** Writes via a temporary file and an atomic rename, so a crash never leaves a half-written file. */
    public static void writeAtomically(Path target, String content) {
        Path tmp = null;
        try {
            tmp = AtomicFiles.createTempBeside(target);
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            moveAtomically(tmp, target);
        } catch (IOException e) {
            if (tmp != null) {
                AtomicFiles.deleteQuietly(tmp);
            }
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    static void moveAtomically(Path tmp, Path target) throws IOException {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
