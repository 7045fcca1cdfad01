package io.dgm4j.models;

import io.dgm4j.InvalidInputException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Architecture hyper-parameters of a model as name/value strings: what the CLI passes in, what
 * config.json stores, and what a run folder is rebuilt from. Families read them with defaults,
 * so an option a family does not use is simply ignored.
 */
public final class ModelOptions {
    private final Map<String, String> values;

    public ModelOptions(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public Map<String, String> asMap() {
        return values;
    }

    public int positiveInt(String name, int defaultValue) {
        String v = values.get(name);
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
        String v = values.get(name);
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
        return values.getOrDefault(name, defaultValue);
    }

    /** A value that must be one of {@code allowed}; the default when absent. */
    public String choice(String name, String defaultValue, String... allowed) {
        String v = values.getOrDefault(name, defaultValue).trim();
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new InvalidInputException("model option " + name + "='" + v + "' is not one of "
                + String.join(", ", allowed));
    }

    public double positiveDouble(String name, double defaultValue) {
        String v = values.get(name);
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
        String v = values.get(name);
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
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.trim()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new InvalidInputException("model option " + name + "='" + v + "' must be true or false");
        };
    }
}
