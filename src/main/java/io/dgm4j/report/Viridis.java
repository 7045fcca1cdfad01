package io.dgm4j.report;

import java.awt.Color;

/**
 * The viridis colormap (perceptually uniform, readable in greyscale and by colour-blind readers),
 * as its 11 standard stops with linear interpolation between them; the error against the full
 * 256-entry table is below what a PNG viewer shows.
 */
final class Viridis {
    private static final int[] STOPS = {
        0x440154, 0x482576, 0x414487, 0x35608D, 0x2A788E, 0x21908C,
        0x22A884, 0x43BF71, 0x7AD151, 0xBBDF27, 0xFDE725,
    };

    private Viridis() {
    }

    /** RGB for t in [0,1] (clamped); NaN maps to light grey so holes in the grid stay visible. */
    static int rgb(double t) {
        if (Double.isNaN(t)) return 0xD0D0D0;
        double pos = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int lo = Math.min((int) pos, STOPS.length - 2);
        double f = pos - lo;
        int a = STOPS[lo], b = STOPS[lo + 1];
        int r = mix(a >> 16, b >> 16, f), g = mix(a >> 8, b >> 8, f), bl = mix(a, b, f);
        return (r << 16) | (g << 8) | bl;
    }

    static Color color(double t) {
        return new Color(rgb(t));
    }

    private static int mix(int a, int b, double f) {
        a &= 0xFF;
        b &= 0xFF;
        return (int) Math.round(a + f * (b - a));
    }
}
