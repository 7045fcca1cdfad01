package io.dgm4j.report;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.AtomicFiles;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PNG plots of a run, drawn with XChart. Every method writes one file and creates its folder. */
public final class Plots {
    static {
        // Reports are written from the CLI and from tests on machines without a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Rendered at 2x (like BitmapEncoder at 144 DPI) so the PNGs stay sharp on high-density screens; the HTML shows them at 1x. */
    private static final double SCALE = 2.0;
    /** Enough points to show any 2-D shape; beyond that XChart only gets slower and the cloud solid. */
    private static final int MAX_SCATTER_POINTS = 20_000;
    /** Series shorter than this get markers, so that e.g. a single validation point is still visible. */
    private static final int MARKER_THRESHOLD = 60;

    public static final Color DATA_COLOR = new Color(31, 119, 180);
    public static final Color SAMPLE_COLOR = new Color(255, 127, 14);
    /**
     * matplotlib's tab10: ten distinguishable colours, for the lines of a chart in series order (set per
     * series, so the hidden axis frame takes none) and for the digits of a labelled scatter.
     */
    private static final Color[] TAB10 = {DATA_COLOR, SAMPLE_COLOR, new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};
    /** Series a line chart tells apart by colour; more would repeat a colour. */
    public static final int LINE_COLOR_COUNT = TAB10.length;

    /** The colour of line chart series in colour slot {@code slot} (repeating after {@link #LINE_COLOR_COUNT}). */
    public static Color lineColor(int slot) {
        return TAB10[slot % TAB10.length];
    }

    private Plots() {
    }

    /**
     * Line chart of named series; each value is {x[], y[]}. Points where x or y is NaN or infinite
     * are skipped, series left empty are dropped. Throws if no series has a point.
     */
    public static void lineChart(Path png, String title, String xLabel, String yLabel,
                                 Map<String, double[][]> series) {
        lineChart(png, title, xLabel, yLabel, series, Map.of());
    }

    /**
     * As above, with the tab10 colour slot of named series fixed (the others take their position in
     * the map), so that a run keeps its colour on every chart of a comparison.
     */
    public static void lineChart(Path png, String title, String xLabel, String yLabel,
                                 Map<String, double[][]> series, Map<String, Integer> colorSlots) {
        XYChart chart = new XYChartBuilder().width(720).height(420)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        Map<String, double[][]> finite = new java.util.LinkedHashMap<>();
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] xy = finitePairs(e.getValue()[0], e.getValue()[1], Integer.MAX_VALUE);
            if (xy[0].length == 0) continue;
            finite.put(e.getKey(), xy);
            for (int i = 0; i < xy[0].length; i++) {
                xMin = Math.min(xMin, xy[0][i]);
                xMax = Math.max(xMax, xy[0][i]);
                yMin = Math.min(yMin, xy[1][i]);
                yMax = Math.max(yMax, xy[1][i]);
            }
        }
        if (finite.isEmpty()) throw new IllegalArgumentException("line chart '" + title + "' has no finite points");
        chart.getStyler().setLegendPosition(emptiestCorner(finite.values(), xMin, xMax, yMin, yMax));
        // Small values (a learning rate of 1e-4) are shown as mantissas with the power of ten in
        // the axis title: XChart compares tick spacing with an absolute 1e-4 and would otherwise
        // label every data value with 9 digits.
        double magnitude = Math.max(Math.abs(yMin), Math.abs(yMax));
        if (magnitude > 0 && magnitude < 1e-2) {
            int exponent = (int) Math.floor(Math.log10(magnitude));
            double factor = Math.pow(10, -exponent);
            for (double[][] xy : finite.values()) {
                for (int i = 0; i < xy[1].length; i++) xy[1][i] *= factor;
            }
            yMin *= factor;
            yMax *= factor;
            chart.setYAxisTitle(yLabel + " (x 1e" + exponent + ")");
        }
        addAxisFrame(chart, xMin, xMax, yMin, yMax);
        int added = 0;
        for (Map.Entry<String, double[][]> e : finite.entrySet()) {
            double[][] xy = e.getValue();
            XYSeries s = chart.addSeries(e.getKey(), xy[0], xy[1]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(xy[0].length < MARKER_THRESHOLD ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            Color color = lineColor(colorSlots.getOrDefault(e.getKey(), added));
            s.setLineColor(color);
            s.setMarkerColor(color);
            added++;
        }
        chart.getStyler().setLegendVisible(added > 1);
        save(chart, png);
    }

    /**
     * The inside corner for the legend where the fewest points lie (the top right on ties), so that
     * the legend hides no curve's end: rising curves end top right, falling ones bottom right. A
     * corner is the outer 35% of the x range and 30% of the y range.
     */
    static Styler.LegendPosition emptiestCorner(Iterable<double[][]> series, double xMin, double xMax,
                                                double yMin, double yMax) {
        Styler.LegendPosition[] corners = {Styler.LegendPosition.InsideNE, Styler.LegendPosition.InsideNW,
                Styler.LegendPosition.InsideSE, Styler.LegendPosition.InsideSW};
        int[] counts = new int[corners.length];
        double xSpan = xMax > xMin ? xMax - xMin : 1, ySpan = yMax > yMin ? yMax - yMin : 1;
        for (double[][] xy : series) {
            for (int i = 0; i < xy[0].length; i++) {
                double u = (xy[0][i] - xMin) / xSpan, v = (xy[1][i] - yMin) / ySpan;
                boolean east = u > 0.65, west = u < 0.35, north = v > 0.7, south = v < 0.3;
                if (north && east) counts[0]++;
                if (north && west) counts[1]++;
                if (south && east) counts[2]++;
                if (south && west) counts[3]++;
            }
        }
        int best = 0;
        for (int c = 1; c < corners.length; c++) {
            if (counts[c] < counts[best]) best = c;
        }
        return corners[best];
    }

    /** Scatter plot with labels "x"/"y", the data colour and limits fitted to the points. */
    public static void scatter(Path png, String title, double[] x, double[] y) {
        scatter(png, title, "x", "y", x, y, DATA_COLOR, null);
    }

    /**
     * Scatter plot: small translucent markers, no lines, square axes.
     *
     * @param limits fixed axis limits (share one instance between plots that must be compared),
     *               or null to fit {@link AxisLimits#squareCovering} to these points
     */
    public static void scatter(Path png, String title, String xLabel, String yLabel,
                               double[] x, double[] y, Color color, AxisLimits limits) {
        double[][] xy = finitePairs(x, y, MAX_SCATTER_POINTS);
        AxisLimits box = limits != null ? limits : AxisLimits.squareCovering(new double[][] {x, y});
        XYChart chart = new XYChartBuilder().width(520).height(520)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler styler = chart.getStyler();
        style(styler);
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        styler.setMarkerSize(4);
        styler.setLegendVisible(false);
        applyLimits(styler, box);
        addAxisFrame(chart, box.xMin(), box.xMax(), box.yMin(), box.yMax());
        // Translucent markers: overlapping points darken, so the plot reads as a density.
        Color translucent = new Color(color.getRed(), color.getGreen(), color.getBlue(), 90);
        double[] xs = xy[0].length > 0 ? xy[0] : new double[] {Double.NaN};
        double[] ys = xy[0].length > 0 ? xy[1] : new double[] {Double.NaN};
        XYSeries s = chart.addSeries(xy[0].length + " points", xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(translucent);
        save(chart, png);
    }

    /**
     * Scatter plot coloured by an integer label: one series per label, named "label N" in the legend; the
     * categorical palette for up to 10 labels, beyond that viridis in label order (the palette would repeat).
     */
    public static void labelledScatter(Path png, String title, String xLabel, String yLabel,
                                       double[] x, double[] y, double[] labels) {
        save(labelledScatterChart(title, xLabel, yLabel, x, y, labels), png);
    }

    static XYChart labelledScatterChart(String title, String xLabel, String yLabel,
                                        double[] x, double[] y, double[] labels) {
        if (labels.length != x.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + x.length + " points");
        }
        Map<Long, List<Integer>> byLabel = new java.util.TreeMap<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && Double.isFinite(labels[i])) {
                byLabel.computeIfAbsent(Math.round(labels[i]), k -> new ArrayList<>()).add(i);
            }
        }
        AxisLimits box = AxisLimits.squareCovering(new double[][] {x, y});
        XYChart chart = new XYChartBuilder().width(600).height(520)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler styler = chart.getStyler();
        style(styler);
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        styler.setMarkerSize(4);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        applyLimits(styler, box);
        int k = 0;
        int count = byLabel.size();
        for (Map.Entry<Long, List<Integer>> e : byLabel.entrySet()) {
            List<Integer> rows = e.getValue();
            double[] xs = new double[rows.size()];
            double[] ys = new double[rows.size()];
            for (int j = 0; j < rows.size(); j++) {
                xs[j] = x[rows.get(j)];
                ys[j] = y[rows.get(j)];
            }
            Color c = count <= TAB10.length ? TAB10[k] : Viridis.color((double) k / (count - 1));
            k++;
            XYSeries s = chart.addSeries("label " + e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 160));
        }
        return chart;
    }

    /**
     * Heatmap of exp(log_density) over the grid, viridis colours, with a colour bar.
     *
     * <p>Not XChart's HeatMapChart: it treats x and y as categories (one tick label per grid
     * column, unreadable at 50-150 columns) and draws every cell as a bordered rectangle, leaving a
     * visible mesh. Instead XChart draws a normal numeric XYChart (title, axes, ticks) and the
     * grid is painted into its plot area as one viridis image by {@link RasterAnnotation}. The
     * colour bar is a second, narrow XYChart painted the same way, placed to the right.
     */
    public static void densityHeatmap(Path png, String title, DensityCsv grid) {
        int nx = grid.nx(), ny = grid.ny();
        double[][] density = new double[ny][nx];
        double max = 0;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double lp = grid.logDensity()[j][i];
                // exp(-inf) = 0 is a legitimate zero density; NaN stays NaN (shown grey).
                density[j][i] = Double.isNaN(lp) ? Double.NaN : Math.exp(lp);
                if (Double.isFinite(density[j][i])) max = Math.max(max, density[j][i]);
            }
        }
        if (!(max > 0)) max = 1; // all zero or all NaN: any scale shows the same flat image
        BufferedImage raster = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double v = density[j][i];
                // +inf (overflow) clamps to the top colour; row 0 of the image is the largest y.
                raster.setRGB(i, ny - 1 - j, Viridis.rgb(v == Double.POSITIVE_INFINITY ? 1 : v / max));
            }
        }
        double[] xs = grid.xs(), ys = grid.ys();
        // Grid points are cell centres: the image extends half a cell beyond the outer points.
        double hx = (xs[nx - 1] - xs[0]) / (nx - 1) / 2, hy = (ys[ny - 1] - ys[0]) / (ny - 1) / 2;
        AxisLimits extent = new AxisLimits(xs[0] - hx, xs[nx - 1] + hx, ys[0] - hy, ys[ny - 1] + hy);

        int height = 520;
        XYChart map = rasterChart(title, "x", "y", 560, height, raster, extent);
        BufferedImage bar = new BufferedImage(1, 256, BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < 256; k++) bar.setRGB(0, 255 - k, Viridis.rgb(k / 255.0));
        // The bar has a title and an x-axis title (and invisible x tick labels) like the map, so
        // both plot areas get the same height and line up side by side.
        XYChart colorBar = rasterChart("p(x, y)", "linear scale", " ", 130, height, bar, new AxisLimits(0, 1, 0, max));
        colorBar.getStyler().setYAxisTitleVisible(false);
        colorBar.getStyler().setXAxisTickLabelsColor(Color.WHITE);
        colorBar.getStyler().setXAxisTickMarksColor(Color.WHITE);
        // XChart's default "#.##" pattern prints 0.05 as ".05" and small densities as 0; show
        // about three significant digits whatever the scale.
        int decimals = Math.max(1, 2 - (int) Math.floor(Math.log10(max)));
        colorBar.getStyler().setYAxisDecimalPattern("0." + "#".repeat(Math.min(decimals, 12)));
        writePng(render(map, colorBar), png);
    }

    /**
     * A confusion matrix as a heat map with each cell's value printed: rows (y, top to bottom) are
     * {@code rows}[i]'s categories 0, 1, ..., columns (x) the categories they were read as; values are
     * shares in [0, 1] (each row sums to 1). Few categories, so XChart's categorical HeatMapChart suits it.
     */
    public static void confusionMatrix(Path png, String title, String xLabel, String yLabel, double[][] rows) {
        int columns = rows[0].length;
        List<Integer> xs = new ArrayList<>();
        for (int j = 0; j < columns; j++) xs.add(j);
        // HeatMapChart draws its first y category at the bottom: list rows from the last, so row 0 is on top.
        List<Integer> ys = new ArrayList<>();
        for (int i = rows.length - 1; i >= 0; i--) ys.add(i);
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < columns; j++) {
                cells.add(new Number[] {j, rows.length - 1 - i, Math.round(rows[i][j] * 100) / 100.0});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(560).height(520)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        HeatMapStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setShowValue(true);
        styler.setMin(0);
        styler.setMax(1);
        styler.setRangeColors(new Color[] {Color.WHITE, DATA_COLOR});
        styler.setLegendVisible(false);
        chart.addSeries("share", xs, ys, cells);
        writePng(render(chart), png);
    }

    private static XYChart rasterChart(String title, String xLabel, String yLabel, int width, int height,
                                       BufferedImage raster, AxisLimits extent) {
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler styler = chart.getStyler();
        style(styler);
        styler.setLegendVisible(false);
        styler.setPlotContentSize(1.0); // the image must fill the plot area up to the axes
        styler.setPlotGridLinesVisible(false);
        applyLimits(styler, extent);
        addAxisFrame(chart, extent.xMin(), extent.xMax(), extent.yMin(), extent.yMax());
        chart.addAnnotation(new RasterAnnotation(raster));
        return chart;
    }

    /**
     * Adds an invisible, legend-less series at irregular positions inside the given ranges.
     * Why: when an axis' data values are equally spaced (steps 1,2,3..., a 2-point extent, a
     * linear elapsed_s), XChart 3.8 puts ticks only on data values, giving labels like 1, 13, 25
     * or none at all; an irregular extra series makes it fall back to round "nice" ticks. It also
     * gives XChart a series to lay the axes out around when the plot itself is an image.
     */
    private static void addAxisFrame(XYChart chart, double xMin, double xMax, double yMin, double yMax) {
        double[] at = {0, 0.37, 0.71, 1};
        double[] xs = new double[at.length], ys = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            xs[i] = xMin + at[i] * (xMax - xMin);
            ys[i] = yMin + at[i] * (yMax - yMin);
        }
        XYSeries frame = chart.addSeries(" axis frame", xs, ys);
        frame.setMarker(SeriesMarkers.NONE);
        frame.setLineStyle(SeriesLines.NONE);
        frame.setShowInLegend(false);
    }

    private static void applyLimits(XYStyler styler, AxisLimits box) {
        styler.setXAxisMin(box.xMin()).setXAxisMax(box.xMax());
        styler.setYAxisMin(box.yMin()).setYAxisMax(box.yMax());
    }

    /** One look for every chart: white background, readable fonts, light grid. */
    private static void style(XYStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.GRAY);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setAntiAlias(true);
    }

    /** Keeps pairs where both coordinates are finite; evenly thins to at most {@code limit} points. */
    static double[][] finitePairs(double[] x, double[] y, int limit) {
        if (x.length != y.length) throw new IllegalArgumentException("x has " + x.length + " values, y " + y.length);
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < x.length; i++) if (Double.isFinite(x[i]) && Double.isFinite(y[i])) keep.add(i);
        int n = Math.min(keep.size(), limit);
        double[][] out = new double[2][n];
        for (int k = 0; k < n; k++) {
            int i = keep.get((int) ((long) k * keep.size() / n));
            out[0][k] = x[i];
            out[1][k] = y[i];
        }
        return out;
    }

    private static void save(XYChart chart, Path png) {
        writePng(render(chart), png);
    }

    /**
     * Paints charts left to right into one image at {@link #SCALE}x (what BitmapEncoder's
     * saveBitmapWithDPI does for a single chart; here also used to put a colour bar beside a map).
     */
    private static BufferedImage render(Chart<?, ?>... charts) {
        int width = 0, height = 0;
        for (Chart<?, ?> c : charts) {
            width += c.getWidth();
            height = Math.max(height, c.getHeight());
        }
        BufferedImage image = new BufferedImage((int) (width * SCALE), (int) (height * SCALE), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.scale(SCALE, SCALE);
        int offset = 0;
        for (Chart<?, ?> c : charts) {
            Graphics2D part = (Graphics2D) g.create();
            part.translate(offset, 0);
            c.paint(part, c.getWidth(), c.getHeight());
            part.dispose();
            offset += c.getWidth();
        }
        g.dispose();
        return image;
    }

    /**
     * PNG at a moderate deflate level. Why not BitmapEncoder: it always compresses at the maximum
     * level, which at 2x resolution takes 2-4 times longer than drawing the chart, for files only
     * ~15% smaller. A report has ~7 plots, so this is most of its run time.
     */
    static void writePng(BufferedImage image, Path png) {
        if (Files.isDirectory(png)) {
            throw new InvalidInputException("cannot write '" + png + "': it is a folder; give the path of a .png file");
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        Path temp = null;
        try {
            createParent(png);
            // Into a fresh file beside it, then moved over it: a crash half way keeps the old picture whole.
            temp = AtomicFiles.createTempBeside(png);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.75f); // 1 = fastest/largest, 0 = smallest/slowest
            try (ImageOutputStream out = ImageIO.createImageOutputStream(temp.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            AtomicFiles.replace(temp, png);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write '" + png + "' (" + AtomicFiles.describe(e)
                    + "): check that its folder is writable and the disk is not full", e);
        } finally {
            writer.dispose();
            if (temp != null) {
                AtomicFiles.deleteQuietly(temp);
            }
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
    }
}
