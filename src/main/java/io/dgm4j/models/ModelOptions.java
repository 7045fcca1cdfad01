package io.dgm4j.models;

import io.dgm4j.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Architecture hyper-parameters of a model as name/value strings: what the CLI passes in, what
 * config.json stores, and what a run folder is rebuilt from. Families read them with defaults; the
 * names they ask for are recorded, so that a new run can reject an option its family never reads
 * (a misspelt --opt would otherwise be ignored without a word).
 */
public final class ModelOptions {
    private final Map<String, String> values;
    private final Set<String> asked = new TreeSet<>();

    public ModelOptions(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** Whether the option is given (as opposed to left at its default). */
    public boolean has(String name) {
        return get(name) != null;
    }

    /** The given options that no family code has asked for so far, in name order. */
    public List<String> unread() {
        List<String> unread = new ArrayList<>();
        for (String name : values.keySet()) {
            if (!asked.contains(name)) {
                unread.add(name);
            }
        }
        return unread;
    }

    /** The option names asked for so far, given or not, in name order. */
    public Set<String> asked() {
        return Collections.unmodifiableSet(asked);
    }

    private String get(String name) {
        asked.add(name);
        return values.get(name);
    }

    public int positiveInt(String name, int defaultValue) {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(v.trim());
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("model option " + name + "='" + v + "' must be a positive whole number");
        }
    }

    /** A whole number >= 0, e.g. a step count where 0 means "off". */
    public int nonNegativeInt(String name, int defaultValue) {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(v.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("model option " + name + "='" + v + "' must be a whole number >= 0");
        }
    }

    public String string(String name, String defaultValue) {
        String v = get(name);
        return v == null ? defaultValue : v;
    }

    /** A value that must be one of {@code allowed}; the default when absent. */
    public String choice(String name, String defaultValue, String... allowed) {
        String given = get(name);
        String v = (given == null ? defaultValue : given).trim();
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new InvalidInputException("model option " + name + "='" + v + "' is not one of "
                + String.join(", ", allowed));
    }

    public double positiveDouble(String name, double defaultValue) {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(v.trim());
            if (!(parsed > 0) || Double.isInfinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("model option " + name + "='" + v + "' must be a positive number");
        }
    }

    /** A number >= 0, e.g. a weight where 0 means "off". */
    public double nonNegativeDouble(String name, double defaultValue) {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(v.trim());
            if (!(parsed >= 0) || Double.isInfinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("model option " + name + "='" + v + "' must be a number >= 0");
        }
    }

    public boolean flag(String name, boolean defaultValue) {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.trim()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new InvalidInputException("model option " + name + "='" + v + "' must be true or false");
        };
    }

    /**
     * Sizes of a stack of hidden layers, bottom first: {@code units=a,b,...}, or else {@code depth} layers of
     * {@code hidden} units each (the defaults when neither is given).
     */
    public int[] layerSizes(int defaultHidden, int defaultDepth) {
        String list = get("units");
        if (list == null) {
            int[] units = new int[positiveInt("depth", defaultDepth)];
            java.util.Arrays.fill(units, positiveInt("hidden", defaultHidden));
            return units;
        }
        if (has("hidden") || has("depth")) {
            throw new InvalidInputException("model option units='" + list + "' already gives every hidden layer's size: "
                    + "drop --hidden and --depth, or drop --opt units");
        }
        String[] parts = list.split(",");
        int[] units = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                units[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                units[i] = 0;
            }
            if (units[i] < 1) {
                throw new InvalidInputException("model option units='" + list + "' must be positive whole numbers "
                        + "separated by commas, e.g. --opt units=200,200");
            }
        }
        return units;
    }
}
