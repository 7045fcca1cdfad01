package io.dgm4j.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.data.Dataset;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.flows.RealNvp;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.testing.TinyImageFlow;
import io.dgm4j.train.RunFolder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pictures of an image model through the code the trainer and the commands share, on a tiny
 * image flow (fast, and independent of any image family; ImageCliTest trains real ones).
 */
class ModelPicturesTest {
    static final int[] IMAGE = {1, 4, 4};
    /** 4x4 images are scaled by 16 to 64-pixel cells. */
    static final int S = 16;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    /** The grey level of pixel (y, x) of cell (row, col) in a grid PNG of 4x4 images. */
    static int level(BufferedImage image, int row, int col, int y, int x) {
        int px = 2 + col * (4 * S + 2) + x * S + S / 2, py = 2 + row * (4 * S + 2) + y * S + S / 2;
        return image.getRGB(px, py) & 0xFF;
    }

    /** The grey level a pixel value in [0, 1] is drawn with. */
    static int expected(float v) {
        return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }

    @Test
    void imageSnapshotLeavesTheGeneratorAsItWas() throws IOException {
        Flow flow = TinyImageFlow.create(IMAGE, 1);
        RunFolder run = RunFolder.create(tmp.resolve("run"));
        Engine.seed(42);
        float[] plain = Tensors.toFloats(torch.randn(20));
        Engine.seed(42);
        RunArtifacts.writeSnapshot(run, flow, 7, 300);
        float[] afterSnapshot = Tensors.toFloats(torch.randn(20));
        assertArrayEquals(plain, afterSnapshot, "a snapshot changed the next random draw");

        // The grid holds the 64 samples drawn from the snapshot's own seed (run seed + 1 + step).
        Path png = run.dir().resolve("samples/step-0000300.png");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 + 8 * (4 * S + 2), image.getWidth());
        assertEquals(image.getWidth(), image.getHeight());
        Engine.seed(7 + 1 + 300);
        float[] samples = Tensors.toFloats(flow.sample(64));
        for (int k : new int[] {0, 9, 63}) {
            for (int p = 0; p < 16; p++) {
                assertEquals(expected(samples[k * 16 + p]), level(image, k / 8, k % 8, p / 4, p % 4), "sample " + k);
            }
        }
    }

    @Test
    void pointSnapshotLeavesTheGeneratorAsItWas() {
        Flow points = (Flow) new RealNvp().create(new ModelOptions(Map.of("layers", "2", "hidden", "8")), new int[] {2});
        RunFolder run = RunFolder.create(tmp.resolve("points"));
        Engine.seed(43);
        float[] plain = Tensors.toFloats(torch.randn(20));
        Engine.seed(43);
        RunArtifacts.writeSnapshot(run, points, 0, 10);
        assertArrayEquals(plain, Tensors.toFloats(torch.randn(20)));
        assertTrue(Files.isRegularFile(run.dir().resolve("samples/step-0000010.csv")));
    }

    /** samples.png and interpolations.png; each row of the latter starts and ends at held-out examples. */
    @Test
    void endOfRunPictures() throws IOException {
        Flow flow = TinyImageFlow.create(IMAGE, 2);
        RunFolder run = RunFolder.create(tmp.resolve("end"));
        Dataset train = levels("train", 20, 3);
        Dataset test = levels("test", 12, 5);
        Map<String, Object> summary = RunArtifacts.write(run, flow, train, test, 0, Map.of());
        assertTrue(summary.containsKey("val_bits_per_dim"));
        BufferedImage samples = ImageIO.read(run.file("samples.png").toFile());
        assertEquals(2 + 8 * (4 * S + 2), samples.getWidth());

        BufferedImage strip = ImageIO.read(run.file("interpolations.png").toFile());
        assertEquals(2 + 8 * (4 * S + 2), strip.getWidth());
        assertEquals(2 + 4 * (4 * S + 2), strip.getHeight());
        Dataset ends = ModelPictures.pick(test, 8, 0);
        for (int pair = 0; pair < 4; pair++) {
            float[] from = ends.row(pair);
            float[] to = ends.row(4 + pair);
            for (int p = 0; p < 16; p++) {
                assertEquals(expected(from[p]), level(strip, pair, 0, p / 4, p % 4), "start of row " + pair);
                assertEquals(expected(to[p]), level(strip, pair, 7, p / 4, p % 4), "end of row " + pair);
            }
        }
    }

    @Test
    void sampleGridAtATemperature() throws IOException {
        Flow flow = TinyImageFlow.create(IMAGE, 3);
        Path png = tmp.resolve("cold.png");
        Engine.seed(5);
        ModelPictures.sampleGrid(flow, 10, 0.5, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 + 4 * (4 * S + 2), image.getWidth(), "10 samples: 4 columns");
        assertEquals(2 + 3 * (4 * S + 2), image.getHeight(), "10 samples: 3 rows");
        Engine.seed(5);
        float[] cold = Tensors.toFloats(flow.decode(flow.sampleLatent(10).mul(new org.bytedeco.pytorch.Scalar(0.5))));
        for (int p = 0; p < 16; p++) {
            assertEquals(expected(cold[9 * 16 + p]), level(image, 2, 1, p / 4, p % 4), "sample 9");
        }
    }

    @Test
    void pickChoosesDistinctExamplesBySeed() {
        Dataset data = levels("d", 30, 1);
        Dataset a = ModelPictures.pick(data, 8, 0);
        Dataset b = ModelPictures.pick(data, 8, 0);
        Dataset c = ModelPictures.pick(data, 8, 1);
        assertArrayEquals(a.values(), b.values());
        assertTrue(!java.util.Arrays.equals(a.values(), c.values()), "another seed, other examples");
        java.util.Set<Float> firsts = new java.util.HashSet<>();
        for (int i = 0; i < 8; i++) {
            firsts.add(a.row(i)[0]);
        }
        assertEquals(8, firsts.size(), "distinct examples");
    }

    /** n images whose pixels are multiples of 1/255 (so grey levels read back exactly), all different. */
    private static Dataset levels(String name, int n, int seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] values = new float[n * 16];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(256) / 255f;
        }
        for (int k = 0; k < n; k++) {
            values[k * 16] = (k * 7 + seed) % 256 / 255f; // first pixels differ
        }
        return new Dataset(name, values, n, IMAGE, null);
    }

    /** Batches cover the count exactly, in order, none larger than batchRows (about 100k values, at most 10k rows). */
    @Test
    void drawsInBatchesThatCoverTheCount() {
        assertEquals(10_000, ModelPictures.batchRows(2));
        assertEquals(127, ModelPictures.batchRows(784));
        assertEquals(1, ModelPictures.batchRows(1_000_000));
        List<Integer> asked = new ArrayList<>();
        int[] next = {0};
        float[] all = ModelPictures.allInBatches(300, 784, count -> {
            asked.add(count);
            float[] rows = new float[count * 784];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = next[0]++;
            }
            return rows;
        });
        assertEquals(List.of(127, 127, 46), asked);
        for (int i = 0; i < all.length; i++) {
            assertEquals(i, all[i], "values in the order they were drawn");
        }
    }
}
