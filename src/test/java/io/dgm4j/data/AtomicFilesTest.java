package io.dgm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dgm4j.train.RunFolder;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written through a temporary file get the permissions of any new file, not a temp file's 0600. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void atomicWritesGetTheUmasksPermissionsLikeAPlainNewFile() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system only");
        // What the umask gives a new file here (rw-r--r-- under the usual 022), to compare with.
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain.txt")));
        Path csv = dir.resolve("rows.csv");
        CsvDataset.write(csv, new String[] {"x", "y"}, Dataset.tabular("rows", new float[] {1, 2, 3, 4}, 2));
        Path json = dir.resolve("run").resolve("summary.json");
        RunFolder.writeAtomically(json, "{}");
        for (Path written : List.of(csv, json)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(written);
            assertEquals(plain, permissions, written + " has other permissions than a plain new file");
            if (plain.contains(PosixFilePermission.OTHERS_READ)) {
                assertTrue(permissions.containsAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ,
                        PosixFilePermission.OTHERS_READ)), written + ": " + permissions);
            }
        }
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        Path csv = dir.resolve("rows.csv");
        CsvDataset.write(csv, null, Dataset.tabular("rows", new float[] {1, 2}, 2));
        CsvDataset.write(csv, null, Dataset.tabular("rows", new float[] {3, 4}, 2));
        RunFolder.writeAtomically(dir.resolve("a.json"), "{}");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("a.json", "rows.csv"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("3.0,4.0\n", Files.readString(csv).replace("\r\n", "\n"));
    }
}
