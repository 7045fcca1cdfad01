package io.dgm4j.data;

import java.util.Arrays;

/**
 * An in-memory set of examples stored as one row-major float array, so that it can be handed to
 * any tensor engine in a single copy. Each example has the same shape ({d} for tabular data,
 * {1, 28, 28} for MNIST); labels are optional.
 */
public final class Dataset {
    private final String name;
    private final float[] values;
    private final int size;
    private final int[] exampleShape;
    private final int dimension;
    private final int[] labels;

    /**
     * @param labels one label per example, or null when the data is unlabelled
     * @throws IllegalArgumentException when the array lengths do not match the shape; this is a
     *     programming error, not a user error, because callers build datasets from parsed input
     */
    public Dataset(String name, float[] values, int size, int[] exampleShape, int[] labels) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        if (exampleShape.length == 0) {
            throw new IllegalArgumentException("example shape must have at least one dimension");
        }
        long dim = 1;
        for (int extent : exampleShape) {
            if (extent <= 0) {
                throw new IllegalArgumentException("example shape " + Arrays.toString(exampleShape) + " has a non-positive extent");
            }
            dim *= extent;
        }
        if ((long) values.length != dim * size) {
            throw new IllegalArgumentException("dataset '" + name + "': " + values.length + " values do not fill "
                    + size + " examples of shape " + Arrays.toString(exampleShape));
        }
        if (labels != null && labels.length != size) {
            throw new IllegalArgumentException("dataset '" + name + "': " + labels.length + " labels for " + size + " examples");
        }
        this.name = name;
        this.values = values;
        this.size = size;
        this.exampleShape = exampleShape.clone();
        this.dimension = (int) dim;
        this.labels = labels;
    }

    /** A tabular (unlabelled) dataset of {@code size} rows with {@code dimension} columns. */
    public static Dataset tabular(String name, float[] values, int dimension) {
        if (dimension <= 0 || values.length % dimension != 0) {
            throw new IllegalArgumentException(values.length + " values do not form rows of " + dimension);
        }
        return new Dataset(name, values, values.length / dimension, new int[] {dimension}, null);
    }

    public String name() {
        return name;
    }

    /** The backing row-major array (not copied, for speed: callers must not modify it). */
    public float[] values() {
        return values;
    }

    /** Number of examples. */
    public int size() {
        return size;
    }

    public int[] exampleShape() {
        return exampleShape.clone();
    }

    /** Number of floats per example: the product of {@link #exampleShape()}. */
    public int dimension() {
        return dimension;
    }

    /** One label per example, or null when unlabelled (not copied). */
    public int[] labels() {
        return labels;
    }

    /** A copy of example {@code i}. */
    public float[] row(int i) {
        checkIndex(i);
        return Arrays.copyOfRange(values, i * dimension, (i + 1) * dimension);
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Dataset subset(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("subset [" + from + ", " + to + ") of " + size + " examples");
        }
        float[] part = Arrays.copyOfRange(values, from * dimension, to * dimension);
        int[] partLabels = labels == null ? null : Arrays.copyOfRange(labels, from, to);
        return new Dataset(name, part, to - from, exampleShape, partLabels);
    }

    /** The examples at {@code indices}, in that order, copied (indices may repeat). */
    public Dataset select(int[] indices) {
        float[] picked = new float[indices.length * dimension];
        int[] pickedLabels = labels == null ? null : new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            checkIndex(i);
            System.arraycopy(values, i * dimension, picked, k * dimension, dimension);
            if (pickedLabels != null) {
                pickedLabels[k] = labels[i];
            }
        }
        return new Dataset(name, picked, indices.length, exampleShape, pickedLabels);
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("example " + i + " of " + size);
        }
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + size + " x " + Arrays.toString(exampleShape) + (labels != null ? ", labelled" : "") + "]";
    }
}
