package io.dgm4j.data;

import io.dgm4j.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded 2-D toy distributions, the usual test beds for generative models. Each example is
 * labelled with the component it came from (moon, circle, arm or mode index).
 *
 * <p>{@link java.util.Random} is used rather than SplittableRandom because its
 * {@code nextGaussian} algorithm is fixed by its specification, so a seed gives the same points
 * on every JDK.
 */
public final class ToyDatasets {
    /** Pass as {@code noise} to use the dataset's own default noise. */
    public static final double DEFAULT_NOISE = -1;

    private static final List<String> NAMES =
            List.of("moons", "circles", "8gaussians", "25gaussians", "checkerboard", "spirals", "rings");
    private static final List<String> MIXTURES = List.of("8gaussians", "25gaussians", "rings");
    private static final double CIRCLES_FACTOR = 0.5;
    /** Modes per unit of radius on each ring of "rings": neighbouring modes end up 2*pi/8 = 0.79 apart. */
    private static final int RING_MODES_PER_RADIUS = 8;

    private ToyDatasets() {
    }

    /** The toy dataset names, in the order they are listed to users. */
    public static List<String> names() {
        return NAMES;
    }

    /** The Gaussian mixtures, whose mode centres {@link #modeCenters(String)} gives. */
    public static List<String> mixtures() {
        return MIXTURES;
    }

    public static boolean isToy(String name) {
        return name != null && NAMES.contains(normalize(name));
    }

    /**
     * The noise used when {@code noise} is negative: the std of the Gaussian noise added to each
     * point (for the mixtures, the std of each mode).
     */
    public static double defaultNoise(String name) {
        return switch (requireToy(name)) {
            case "moons", "circles", "25gaussians", "rings" -> 0.05;
            case "8gaussians" -> 0.02;
            case "checkerboard" -> 0.0;
            case "spirals" -> 0.1;
            default -> throw new AssertionError(name);
        };
    }

    /**
     * Draws {@code n} points.
     *
     * @param noise std of the Gaussian noise; negative means {@link #defaultNoise(String)}
     */
    public static Dataset generate(String name, int n, long seed, double noise) {
        String key = requireToy(name);
        if (n <= 0) {
            throw new InvalidInputException("dataset '" + key + "': number of examples must be positive, got " + n
                    + "; ask for at least 1 example");
        }
        double sigma = resolveNoise(key, noise);
        double[][] centers = MIXTURES.contains(key) ? modeCenters(key) : null;
        Random random = new Random(seed);
        float[] values = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[] point = new double[2];
            labels[i] = switch (key) {
                case "moons" -> moon(random, point);
                case "circles" -> circle(random, point);
                case "checkerboard" -> checkerboard(random, point);
                case "spirals" -> spiral(random, point);
                default -> mixtureMode(centers, random, point);
            };
            values[2 * i] = (float) (point[0] + sigma * random.nextGaussian());
            values[2 * i + 1] = (float) (point[1] + sigma * random.nextGaussian());
        }
        return new Dataset(key, values, n, new int[] {2}, labels);
    }

    /** The centres of the modes of a mixture dataset (8gaussians, 25gaussians, rings). */
    public static double[][] modeCenters(String name) {
        String key = requireMixture(name);
        return switch (key) {
            case "8gaussians" -> ringOfModes(2.0, 8);
            case "25gaussians" -> gridOfModes();
            case "rings" -> concatenate(ringOfModes(1, RING_MODES_PER_RADIUS), ringOfModes(2, 2 * RING_MODES_PER_RADIUS),
                    ringOfModes(3, 3 * RING_MODES_PER_RADIUS));
            default -> throw new AssertionError(key);
        };
    }

    /** The std of each mode of a mixture dataset generated with {@code noise} (negative: default). */
    public static double modeStd(String name, double noise) {
        return resolveNoise(requireMixture(name), noise);
    }

    /** Two interleaving half circles, laid out as in scikit-learn's make_moons. */
    private static int moon(Random random, double[] point) {
        double t = Math.PI * random.nextDouble();
        int which = random.nextInt(2);
        if (which == 0) {
            point[0] = Math.cos(t);
            point[1] = Math.sin(t);
        } else {
            point[0] = 1 - Math.cos(t);
            point[1] = 1 - Math.sin(t) - 0.5;
        }
        return which;
    }

    /** Two concentric circles, the inner one {@link #CIRCLES_FACTOR} times the outer (radius 1). */
    private static int circle(Random random, double[] point) {
        double t = 2 * Math.PI * random.nextDouble();
        int which = random.nextInt(2);
        double radius = which == 0 ? 1.0 : CIRCLES_FACTOR;
        point[0] = radius * Math.cos(t);
        point[1] = radius * Math.sin(t);
        return which;
    }

    /** Uniform on the 8 "black" unit squares of a 4x4 board over [-2, 2]^2 (column + row even). */
    private static int checkerboard(Random random, double[] point) {
        int square = random.nextInt(8);
        int row = square / 2;
        int column = 2 * (square % 2) + (row % 2);
        point[0] = -2 + column + random.nextDouble();
        point[1] = -2 + row + random.nextDouble();
        return square;
    }

    /**
     * Two interleaved spirals of 1.5 turns each, the second the first rotated by 180 degrees.
     * The sqrt spreads points evenly along the arc rather than crowding the centre.
     */
    private static int spiral(Random random, double[] point) {
        double t = Math.sqrt(random.nextDouble()) * 3 * Math.PI;
        double radius = t / Math.PI;
        int arm = random.nextInt(2);
        double sign = arm == 0 ? 1 : -1;
        point[0] = sign * radius * Math.cos(t);
        point[1] = sign * radius * Math.sin(t);
        return arm;
    }

    /** Picks one mode of a mixture uniformly; the caller adds the mode's Gaussian noise. */
    private static int mixtureMode(double[][] centers, Random random, double[] point) {
        int mode = random.nextInt(centers.length);
        point[0] = centers[mode][0];
        point[1] = centers[mode][1];
        return mode;
    }

    private static double[][] ringOfModes(double radius, int count) {
        double[][] centers = new double[count][];
        for (int k = 0; k < count; k++) {
            double angle = 2 * Math.PI * k / count;
            centers[k] = new double[] {radius * Math.cos(angle), radius * Math.sin(angle)};
        }
        return centers;
    }

    private static double[][] gridOfModes() {
        double[][] centers = new double[25][];
        for (int k = 0; k < 25; k++) {
            centers[k] = new double[] {-4 + 2 * (k / 5), -4 + 2 * (k % 5)};
        }
        return centers;
    }

    private static double[][] concatenate(double[][]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(double[][]::new);
    }

    private static double resolveNoise(String key, double noise) {
        if (noise == DEFAULT_NOISE) {
            return defaultNoise(key);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new InvalidInputException("dataset '" + key + "': noise must be a finite number >= 0, got " + noise
                    + "; leave it unset for the default " + defaultNoise(key));
        }
        return noise;
    }

    private static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static String requireToy(String name) {
        if (!isToy(name)) {
            throw new InvalidInputException("unknown toy dataset '" + name + "': choose one of " + String.join(", ", NAMES));
        }
        return normalize(name);
    }

    private static String requireMixture(String name) {
        String key = requireToy(name);
        if (!MIXTURES.contains(key)) {
            throw new InvalidInputException("dataset '" + key + "' is not a Gaussian mixture, so it has no mode centres; choose one of "
                    + String.join(", ", MIXTURES));
        }
        return key;
    }
}
