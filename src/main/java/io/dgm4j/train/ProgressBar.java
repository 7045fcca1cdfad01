package io.dgm4j.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar with rate and ETA on stderr. On a terminal it redraws one line at most ten
 * times a second; in a log (no console) it prints a line every 10% so logs stay readable.
 */
public final class ProgressBar {
    private static final int WIDTH = 28;
    private final PrintStream out;
    private final String unit;
    private final long total;
    private final boolean interactive;
    private long first;
    private long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private int lastDecile = -1;

    public ProgressBar(PrintStream out, String unit, long total) {
        this.out = out;
        this.unit = unit;
        this.total = total;
        this.interactive = System.console() != null;
    }

    /** A bar that draws nothing (library use, tests). */
    public static ProgressBar silent() {
        return new ProgressBar(null, "", 1);
    }

    /** Marks where the work starts (a resumed run starts past 0), so the rate counts only this session. */
    public void start(long done) {
        first = done;
        startNanos = System.nanoTime();
    }

    public void update(long done, String status) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        int decile = (int) (10 * done / Math.max(1, total));
        boolean finished = done >= total;
        if (interactive ? (now - lastDrawNanos < 100_000_000L && !finished) : (decile == lastDecile && !finished)) {
            return;
        }
        lastDrawNanos = now;
        lastDecile = decile;
        double seconds = (now - startNanos) / 1e9;
        double rate = (done - first) / Math.max(seconds, 1e-9);
        double eta = rate > 0 ? (total - done) / rate : 0;
        int filled = (int) (WIDTH * done / Math.max(1, total));
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        String line = String.format(Locale.ROOT, "[%s] %d/%d %s  %.1f %s/s  ETA %s  %s",
                bar, done, total, unit, rate, unit, rate > 0 ? clock(eta) : "unknown", status);
        if (interactive) {
            out.print("\r" + line + (finished ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
