package io.dgm4j.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * Writes that never leave a half-written file under the real name: content goes to a temporary
 * file in the target's own folder (so the final move is a rename on the same file system) and
 * is then moved over the target in one step.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /**
     * A new empty temporary file next to {@code target}, creating the folder if needed. Made with
     * {@link Files#createFile}'s default permissions (what the umask allows, rw-r--r-- under 022), not
     * createTempFile's owner-only 0600: the file becomes the target, which others sharing a run
     * folder or serving its report must be able to read like its PNGs.
     */
    public static Path createTempBeside(Path target) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        while (true) {
            Path temp = folder.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".part");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                // Another writer's temporary file (a 1 in 2^64 collision): draw another name.
            }
        }
    }

    /** Moves {@code temp} over {@code target}, atomically where the file system allows it. */
    public static void replace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Best-effort clean-up of a temporary file after a failure; the original error matters more. */
    public static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Nothing useful to do: the caller is already reporting the failure that got us here.
        }
    }

    /** One line of an exception's message, for embedding in a one-line user error. */
    public static String describe(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.replaceAll("\\s+", " ").trim();
    }
}
