package io.dgm4j.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.dgm4j.InvalidInputException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * config.json / summary.json as ordered key -> display string rows. Nested objects are flattened
 * to dotted keys ("encoder.hidden") so "flat-ish" configs still make one readable table.
 */
final class JsonTable {
    private JsonTable() {
    }

    static JsonObject readObject(Path file) {
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                throw new InvalidInputException("'" + file + "' must hold a JSON object {...}, not " + kind(root));
            }
            return root.getAsJsonObject();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read '" + file + "': " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new InvalidInputException("'" + file + "' is not valid JSON (" + parseProblem(e)
                    + "): the file is damaged; restore it, or rerun the command that wrote it", e);
        }
    }

    static Map<String, String> flatten(JsonObject object) {
        Map<String, String> rows = new LinkedHashMap<>();
        flatten("", object, rows);
        return rows;
    }

    /** A JSON value as text: strings unquoted, numbers without a spurious ".0" or 17 digits. */
    static String display(JsonElement value) {
        if (value == null || value.isJsonNull()) return "null";
        if (value.isJsonPrimitive()) {
            JsonPrimitive p = value.getAsJsonPrimitive();
            if (p.isString()) return p.getAsString();
            if (p.isNumber()) return formatNumber(p.getAsBigDecimal());
            return p.toString();
        }
        return value.toString(); // arrays (e.g. hidden sizes [64, 64]) read fine as JSON
    }

    static String formatNumber(BigDecimal n) {
        BigDecimal stripped = n.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 15) return stripped.toPlainString();
        double d = n.doubleValue();
        double abs = Math.abs(d);
        if (abs != 0 && (abs < 1e-3 || abs >= 1e6)) return String.format(java.util.Locale.ROOT, "%.4g", d);
        // Five significant digits, and two decimals for thousands (NLLs of images in nats: 3316.28 and 3316.16
        // apart); a value that is not whole never shows as if it were (2347.001 as 2347.0).
        int integerDigits = abs < 1 ? 0 : (int) Math.floor(Math.log10(abs)) + 1;
        String text = new BigDecimal(d).round(new java.math.MathContext(Math.max(5, integerDigits + 2)))
                .stripTrailingZeros().toPlainString();
        return text.contains(".") ? text : text + ".0";
    }

    private static void flatten(String prefix, JsonObject object, Map<String, String> rows) {
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue().isJsonObject()) flatten(key + ".", e.getValue().getAsJsonObject(), rows);
            else rows.put(key, display(e.getValue()));
        }
    }

    private static String kind(JsonElement e) {
        return e.isJsonArray() ? "an array" : e.isJsonNull() ? "null" : "a single value";
    }

    /** Gson's message without its exception class name and troubleshooting link: e.g. "Unterminated string at line 3 column 8". */
    private static String parseProblem(JsonParseException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = oneLine(cause.getMessage());
        int link = message.indexOf(" See https://");
        return link >= 0 ? message.substring(0, link) : message;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
