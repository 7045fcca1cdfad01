package io.dgm4j.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Images [N, C, H, W] (C = 1 grey or 3 RGB, values in [0, 1]) laid out as a PNG grid: row-major,
 * a thin border around every cell, each pixel scaled up (nearest neighbour) so that 28x28 digits
 * are visible. Plain pixels, no chart: XChart is for charts.
 */
public final class ImageGrid {
    /** Pixels between cells and around the grid. */
    static final int BORDER = 2;
    static final int BORDER_RGB = 0x808080;
    /** A NaN pixel is drawn red, so that a broken model shows as such instead of as black. */
    static final int NAN_RGB = 0xFF0000;
    /**
     * The most images a grid holds: 100 x 100 digits make a picture 8602 pixels square, about 300 MB while it
     * is drawn. Commands refuse larger counts up front rather than run out of memory.
     */
    public static final int MAX_IMAGES = 10_000;
    /** Cells are scaled up to at least this many pixels on their longer side. */
    private static final int MIN_CELL = 64;

    private final float[] values;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * @param values row-major [N, C, H, W] values
     * @param shape  the shape of one image, {C, H, W}
     */
    public ImageGrid(float[] values, int[] shape) {
        if (!isImageShape(shape)) {
            throw new IllegalArgumentException("an image shape is {C, H, W} with C = 1 or 3, not " + Arrays.toString(shape));
        }
        int size = shape[0] * shape[1] * shape[2];
        if (values.length == 0 || values.length % size != 0) {
            throw new IllegalArgumentException(values.length + " values do not form images of shape " + Arrays.toString(shape));
        }
        this.values = values;
        this.count = values.length / size;
        this.channels = shape[0];
        this.height = shape[1];
        this.width = shape[2];
    }

    /** Whether examples of this shape are drawn as pictures: {1, H, W} or {3, H, W}. */
    public static boolean isImageShape(int[] shape) {
        return shape.length == 3 && (shape[0] == 1 || shape[0] == 3) && shape[1] > 0 && shape[2] > 0;
    }

    /** A near-square grid: ceil(sqrt(N)) columns (64 images give 8x8). */
    public static int squareColumns(int n) {
        return (int) Math.ceil(Math.sqrt(n));
    }

    public int count() {
        return count;
    }

    /** Writes the images {@code columns} to a row into {@code png}; the last row may be partly empty. */
    public void write(Path png, int columns) {
        Plots.writePng(render(columns), png);
    }

    /** Writes all images in one row (an interpolation strip). */
    public void writeStrip(Path png) {
        write(png, count);
    }

    /** Integer upscaling factor of each image pixel. */
    int scale() {
        return Math.max(1, (int) Math.ceil(MIN_CELL / (double) Math.max(height, width)));
    }

    /** Top-left output pixel of image {@code k}'s cell. */
    int[] cellOrigin(int k, int columns) {
        int s = scale();
        return new int[] {BORDER + (k % columns) * (width * s + BORDER), BORDER + (k / columns) * (height * s + BORDER)};
    }

    BufferedImage render(int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be at least 1, got " + columns);
        }
        int s = scale();
        int rows = (count + columns - 1) / columns;
        int cols = Math.min(columns, count);
        BufferedImage image = new BufferedImage(BORDER + cols * (width * s + BORDER), BORDER + rows * (height * s + BORDER),
                BufferedImage.TYPE_INT_RGB);
        // Filled in place: an array of the picture's size would double the memory a large grid takes.
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(BORDER_RGB));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        int[] block = new int[s * s];
        for (int k = 0; k < count; k++) {
            int[] origin = cellOrigin(k, columns);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    Arrays.fill(block, rgb(k, y, x));
                    image.setRGB(origin[0] + x * s, origin[1] + y * s, s, s, block, 0, s);
                }
            }
        }
        return image;
    }

    /** The 0xRRGGBB colour of pixel (y, x) of image k: grey images repeat their one channel. */
    int rgb(int k, int y, int x) {
        int plane = height * width;
        int base = k * channels * plane + y * width + x;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            float v = values[base + (channels == 1 ? 0 : c) * plane];
            if (Float.isNaN(v)) {
                return NAN_RGB;
            }
            rgb = (rgb << 8) | level(v);
        }
        return rgb;
    }

    /** A value in [0, 1] (clamped) as an 8-bit level. */
    static int level(float v) {
        return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }
}
