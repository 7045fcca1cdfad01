package io.dgm4j.report;

import org.knowm.xchart.internal.chartpart.Annotation;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * An XChart annotation that stretches an image over a rectangle given in data coordinates.
 * XChart's own AnnotationImage only places an image at its pixel size; a heatmap must follow the
 * axes, so this maps the data rectangle to screen space with XChart's axis transform at paint time.
 */
final class RasterAnnotation extends Annotation {
    private final BufferedImage image;
    private final double xMin, xMax, yMin, yMax;

    /** Image row 0 is drawn at yMax (top), so y grows upwards as on the axis. */
    RasterAnnotation(BufferedImage image, double xMin, double xMax, double yMin, double yMax) {
        super(false);
        this.image = image;
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
    }

    @Override
    public void paint(Graphics2D g) {
        if (!isVisible) return;
        int left = getXAxisScreenValue(xMin);
        int right = getXAxisScreenValue(xMax);
        int top = getYAxisScreenValue(yMax);
        int bottom = getYAxisScreenValue(yMin);
        Object oldHint = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        // Bilinear: a 50x50 grid blown up to 500 px looks like the smooth density it samples.
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, left, top, right - left, bottom - top, null);
        if (oldHint != null) g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, oldHint);
    }
}
