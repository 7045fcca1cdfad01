package io.dgm4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsLogTest {
    @TempDir
    Path tmp;

    @Test
    void resumingDropsLaterRowsAndARowCutOffMidWrite() throws IOException {
        Path file = tmp.resolve("metrics.csv");
        MetricsLog log = new MetricsLog(file, List.of("train_loss"));
        log.create();
        log.append(10, 0.5, Map.of("train_loss", 2.5), 1e-3, 1.25);
        log.append(20, 1.0, Map.of("train_loss", 2.0), 1e-3, 2.5);
        log.append(30, 1.5, Map.of("train_loss", 1.5), 1e-3, 3.75);
        // The run was killed while writing the row of step 40: "4" of "40,...", which as a step would be kept.
        Files.writeString(file, "4", StandardOpenOption.APPEND);

        assertEquals(2.5, log.truncateAfter(20), 1e-12);
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertEquals("step,epoch,train_loss,lr,elapsed_s", lines.get(0));
        assertEquals("20", lines.get(2).split(",")[0]);
    }
}
