package io.dgm4j.report;

import org.knowm.xchart.internal.chartpart.Annotation;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * An XChart annotation that stretches an image over the whole plot area. The chart's axis limits
 * are set to the image's data extent (and plot content size to 1), so pixels line up with ticks.
 * Why not XChart's AnnotationImage: it draws an image at its own pixel size; and why plot bounds
 * rather than data-to-screen mapping: XChart maps x to nothing on a plot narrower than its tick
 * spacing hint, as in the colour bar.
 */
final class RasterAnnotation extends Annotation {
    private final BufferedImage image;

    /** Image row 0 is drawn at the top of the plot (largest y). */
    RasterAnnotation(BufferedImage image) {
        super(false);
        this.image = image;
    }

    @Override
    public void paint(Graphics2D g) {
        if (!isVisible) return;
        int left = getXAxisScreenValueForMin();
        int right = getXAxisScreenValueForMax();
        int top = Math.min(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
        int bottom = Math.max(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
        Object oldHint = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        // Bilinear: a 50x50 grid blown up to 500 px looks like the smooth density it samples.
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, left, top, right - left, bottom - top, null);
        if (oldHint != null) g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, oldHint);
    }
}
