package io.dgm4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG read back: every pixel of every cell matches its input value, borders are borders. */
class ImageGridTest {
    @TempDir
    Path tmp;

    /** Expected colour at output pixel (px, py) for a layout of cells of w x h images scaled by s. */
    private static int cellIndex(int px, int py, int w, int h, int s, int columns) {
        int cellW = w * s + ImageGrid.BORDER, cellH = h * s + ImageGrid.BORDER;
        int cx = (px - ImageGrid.BORDER) / cellW, cy = (py - ImageGrid.BORDER) / cellH;
        boolean inBorder = px < ImageGrid.BORDER || py < ImageGrid.BORDER
                || (px - ImageGrid.BORDER) % cellW >= w * s || (py - ImageGrid.BORDER) % cellH >= h * s;
        return inBorder ? -1 : cy * columns + cx;
    }

    private static BufferedImage read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "not a readable PNG: " + png);
        return image;
    }

    @Test
    void greyGridPixelsMatchTheirImages() throws IOException {
        int n = 5, h = 3, w = 4, columns = 3;
        float[] values = new float[n * h * w];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / (float) (values.length - 1);
        }
        Path png = tmp.resolve("grid.png");
        new ImageGrid(values, new int[] {1, h, w}).write(png, columns);
        BufferedImage image = read(png);
        int s = (int) Math.ceil(64.0 / w); // cells at least 64 pixels on their longer side
        assertEquals(2 + columns * (w * s + 2), image.getWidth());
        assertEquals(2 + 2 * (h * s + 2), image.getHeight());
        int checked = 0;
        for (int py = 0; py < image.getHeight(); py++) {
            for (int px = 0; px < image.getWidth(); px++) {
                int k = cellIndex(px, py, w, h, s, columns);
                int rgb = image.getRGB(px, py) & 0xFFFFFF;
                if (k < 0 || k >= n) {
                    // borders, and the sixth cell of the 2x3 grid that no image fills
                    assertEquals(ImageGrid.BORDER_RGB, rgb, "background at " + px + "," + py);
                    continue;
                }
                int x = (px - 2) % (w * s + 2) / s, y = (py - 2) % (h * s + 2) / s;
                int level = Math.round(values[k * h * w + y * w + x] * 255);
                assertEquals(level * 0x010101, rgb, "image " + k + " pixel " + y + "," + x);
                checked++;
            }
        }
        assertEquals(n * h * w * s * s, checked);
    }

    @Test
    void rgbChannelsClampingAndNan() throws IOException {
        // one 3x1x2 image: pixel 0 = (1.7, 0.5, -0.3) -> clamped; pixel 1 has a NaN in green
        float[] values = {1.7f, 0.2f, 0.5f, Float.NaN, -0.3f, 1f};
        Path png = tmp.resolve("rgb.png");
        new ImageGrid(values, new int[] {3, 1, 2}).writeStrip(png);
        BufferedImage image = read(png);
        int s = 32;
        assertEquals(2 + 2 * s + 2, image.getWidth());
        assertEquals(2 + s + 2, image.getHeight());
        assertEquals((255 << 16) | (128 << 8), image.getRGB(2, 2) & 0xFFFFFF);
        assertEquals((255 << 16) | (128 << 8), image.getRGB(2 + s - 1, 2 + s - 1) & 0xFFFFFF);
        assertEquals(ImageGrid.NAN_RGB, image.getRGB(2 + s, 2) & 0xFFFFFF);
    }

    @Test
    void stripIsOneRow() throws IOException {
        float[] values = new float[8 * 28 * 28];
        for (int k = 0; k < 8; k++) {
            values[k * 28 * 28 + 14 * 28 + 14] = k / 7f; // a dot in the middle of image k
        }
        Path png = tmp.resolve("strip.png");
        new ImageGrid(values, new int[] {1, 28, 28}).writeStrip(png);
        BufferedImage image = read(png);
        int s = 3;
        assertEquals(2 + 8 * (28 * s + 2), image.getWidth());
        assertEquals(2 + 28 * s + 2, image.getHeight());
        for (int k = 0; k < 8; k++) {
            int px = 2 + k * (28 * s + 2) + 14 * s + 1, py = 2 + 14 * s + 1;
            assertEquals(Math.round(k / 7f * 255) * 0x010101, image.getRGB(px, py) & 0xFFFFFF, "dot of image " + k);
            assertEquals(0, image.getRGB(px - s, py) & 0xFFFFFF, "left of the dot of image " + k);
        }
    }

    @Test
    void imageShapes() {
        assertTrue(ImageGrid.isImageShape(new int[] {1, 28, 28}));
        assertTrue(ImageGrid.isImageShape(new int[] {3, 32, 32}));
        assertFalse(ImageGrid.isImageShape(new int[] {2}));
        assertFalse(ImageGrid.isImageShape(new int[] {2, 28, 28}));
        assertEquals(8, ImageGrid.squareColumns(64));
        assertEquals(3, ImageGrid.squareColumns(5));
        assertThrows(IllegalArgumentException.class, () -> new ImageGrid(new float[5], new int[] {1, 2, 2}));
    }
}
