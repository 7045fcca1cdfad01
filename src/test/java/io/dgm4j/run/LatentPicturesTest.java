package io.dgm4j.run;

import static io.dgm4j.testing.Perturbation.perturb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.data.Dataset;
import io.dgm4j.models.GenerativeModel;
import io.dgm4j.models.LatentSpace;
import io.dgm4j.models.ModelOptions;
import io.dgm4j.models.vae.FlowVaeFamily;
import io.dgm4j.models.vae.VaeFamily;
import io.dgm4j.report.CsvTable;
import io.dgm4j.report.RunReport;
import io.dgm4j.tensor.Engine;
import io.dgm4j.tensor.Tensors;
import io.dgm4j.train.RunFolder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reconstructions, the latent manifold and the labelled latent scatter of a VAE run, on a tiny VAE of 4x4 images. */
class LatentPicturesTest {
    static final int[] IMAGE = ModelPicturesTest.IMAGE;
    static final int S = ModelPicturesTest.S;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Engine.start(1);
    }

    private static int level(BufferedImage image, int row, int col, int y, int x) {
        return ModelPicturesTest.level(image, row, col, y, x);
    }

    private static int expected(float v) {
        return ModelPicturesTest.expected(v);
    }

    /** The standard normal CDF by Simpson's rule on the density: independent of erfinv. */
    private static double normalCdf(double q) {
        int n = 2000;
        double h = q / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double t = i * h;
            double w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            sum += w * Math.exp(-t * t / 2);
        }
        return 0.5 + sum * h / 3 / Math.sqrt(2 * Math.PI);
    }

    /** A decoder that shows z itself: each "image" {1, 1, 2} is the z it was decoded from. */
    private static final LatentSpace SHOWS_Z = new LatentSpace() {
        @Override
        public Tensor encode(Tensor x) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Tensor decode(Tensor z) {
            return z.reshape(z.size(0), 1, 1, 2);
        }

        @Override
        public Tensor sampleLatent(long n) {
            return torch.randn(n, 2);
        }
    };

    @Test
    void manifoldDecodesTheNormalQuantileGrid() {
        int steps = 20;
        float[] shown = LatentPictures.manifold(SHOWS_Z, steps);
        assertEquals(steps * steps * 2, shown.length);
        for (int r = 0; r < steps; r++) {
            for (int c = 0; c < steps; c++) {
                double z1 = shown[2 * (r * steps + c)];
                double z2 = shown[2 * (r * steps + c) + 1];
                // Column c holds probability 0.05 + 0.9 c / 19 of z1; row r from the top that of z2, falling.
                assertEquals(0.05 + 0.9 * c / (steps - 1), normalCdf(z1), 1e-6, "z1 at column " + c);
                assertEquals(0.95 - 0.9 * r / (steps - 1), normalCdf(z2), 1e-6, "z2 at row " + r);
            }
        }
        assertEquals(-1.6448536, shown[0], 1e-5);
        assertEquals(1.6448536, shown[1], 1e-5);
    }

    /**
     * A flow prior's mass lies where its map sends N(0, I): the grid is the quantile grid of the base
     * noise pushed through that map. Here z = (2 eps1 + 3, eps2^3 - 1), which shows through SHOWS_Z.
     */
    @Test
    void manifoldOfAFlowPriorIsTheMappedQuantileGrid() {
        LatentSpace flowPrior = new LatentSpace() {
            @Override
            public Tensor encode(Tensor x) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Tensor decode(Tensor z) {
                return SHOWS_Z.decode(z);
            }

            @Override
            public Tensor sampleLatent(long n) {
                return latentFromNoise(priorNoise(n));
            }

            @Override
            public Tensor priorNoise(long n) {
                return torch.randn(n, 2);
            }

            @Override
            public Tensor latentFromNoise(Tensor eps) {
                float[] z = Tensors.toFloats(eps);
                for (int i = 0; i < z.length; i += 2) {
                    z[i] = 2 * z[i] + 3;
                    z[i + 1] = z[i + 1] * z[i + 1] * z[i + 1] - 1;
                }
                return Tensors.of(z, eps.size(0), 2);
            }
        };
        int steps = 5;
        float[] plain = LatentPictures.manifold(SHOWS_Z, steps);
        float[] shown = LatentPictures.manifold(flowPrior, steps);
        for (int i = 0; i < steps * steps; i++) {
            assertEquals(2 * plain[2 * i] + 3, shown[2 * i], 1e-5, "z1 of cell " + i);
            assertEquals(Math.pow(plain[2 * i + 1], 3) - 1, shown[2 * i + 1], 1e-5, "z2 of cell " + i);
        }
    }

    /** For a real vae-flow-prior model, manifold.png decodes the flow's image of the grid, not the grid itself. */
    @Test
    void flowPriorVaeDecodesTheMappedGrid() {
        Engine.seed(6);
        LatentSpace vae = (LatentSpace) FlowVaeFamily.prior().create(new ModelOptions(
                Map.of("latent", "2", "hidden", "8", "depth", "1", "flow-steps", "2")), IMAGE);
        perturb(((GenerativeModel) vae).parameters(), 0.5);
        try (NoGradGuard guard = new NoGradGuard()) {
            int steps = 4;
            Tensor grid = LatentPictures.quantileGrid(steps);
            assertTrue(torch.sub(vae.latentFromNoise(grid), grid).abs().max().item_double() > 0.1,
                    "the perturbed flow moves the grid");
            assertArrayEquals(Tensors.toFloats(vae.decode(vae.latentFromNoise(grid))),
                    LatentPictures.manifold(vae, steps));
        }
    }

    private static Dataset digits(String name, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        return new Dataset(name, values, n, IMAGE, labels);
    }

    /**
     * The end of a VAE run with a 2-D latent on labelled images: reconstructions.png shows held-out
     * examples over their decode(encode(x)), manifold.png the decoder means on the quantile grid,
     * latent.csv the held-out codes with their labels; the report shows all three.
     */
    @Test
    void vaeRunWritesReconstructionsManifoldAndLabelledLatents() throws IOException {
        Engine.seed(3);
        GenerativeModel model = VaeFamily.vae().create(new ModelOptions(Map.of("latent", "2", "hidden", "8")), IMAGE);
        LatentSpace vae = (LatentSpace) model;
        Dataset train = digits("train", 40, 1);
        Dataset test = digits("test", 24, 2);
        RunFolder run = RunFolder.create(tmp.resolve("run"));
        Files.writeString(run.dir().resolve("config.json"), "{\"model\": \"vae\"}");
        RunArtifacts.write(run, model, train, test, 0, Map.of());

        float[] reconstructed;
        float[] codes;
        float[] manifold;
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor x = RunArtifacts.tensor(test);
            reconstructed = Tensors.toFloats(vae.decode(vae.encode(x)));
            codes = Tensors.toFloats(vae.encode(x));
            manifold = Tensors.toFloats(vae.decode(LatentPictures.quantileGrid(LatentPictures.MANIFOLD_STEPS)));
        }
        BufferedImage pairs = ImageIO.read(run.dir().resolve("reconstructions.png").toFile());
        assertEquals(2 + 8 * (4 * S + 2), pairs.getWidth());
        assertEquals(2 + 6 * (4 * S + 2), pairs.getHeight(), "24 held-out examples: 3 row pairs");
        for (int k : new int[] {0, 7, 8, 23}) {
            int row = 2 * (k / 8);
            for (int p = 0; p < 16; p++) {
                assertEquals(expected(test.values()[k * 16 + p]), level(pairs, row, k % 8, p / 4, p % 4), "example " + k);
                assertEquals(expected(reconstructed[k * 16 + p]), level(pairs, row + 1, k % 8, p / 4, p % 4),
                        "reconstruction " + k);
            }
        }

        BufferedImage grid = ImageIO.read(run.dir().resolve("manifold.png").toFile());
        assertEquals(2 + 20 * (4 * S + 2), grid.getWidth());
        for (int k : new int[] {0, 19, 210, 399}) {
            for (int p = 0; p < 16; p++) {
                assertEquals(expected(manifold[k * 16 + p]), level(grid, k / 20, k % 20, p / 4, p % 4), "cell " + k);
            }
        }

        CsvTable latent = CsvTable.read(run.dir().resolve("latent.csv"));
        assertEquals(24, latent.rowCount(), "the held-out examples");
        double[] labels = latent.column("label");
        for (int i = 0; i < 24; i++) {
            assertEquals(test.labels()[i], labels[i]);
            assertEquals(codes[2 * i], latent.column("x")[i], 1e-6);
            assertEquals(codes[2 * i + 1], latent.column("y")[i], 1e-6);
        }

        String html = Files.readString(RunReport.write(run.dir()));
        for (String shown : new String[] {"reconstructions.png", "manifold.png", "plots/latent.png", "coloured by label"}) {
            assertTrue(html.contains(shown), shown);
        }
        assertTrue(Files.isRegularFile(run.dir().resolve("plots/latent.png")));
    }

    @Test
    void reconstructionsTakeWholeRows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LatentPictures.reconstructions(SHOWS_Z, digits("seven", 7, 4)));
        assertTrue(e.getMessage().contains("whole rows of 8"), e.getMessage());
    }
}
