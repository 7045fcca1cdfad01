package io.dgm4j.report;

import io.dgm4j.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the self-contained report page: inline CSS, images linked relatively (plots/x.png) so the
 * folder can be moved or zipped as a whole. Every string inserted is escaped, since config values
 * and column names come from files a user may have edited.
 */
final class Html {
    private static final String CSS = String.join("\n",
            "body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:0;background:#f6f7f9;color:#222}",
            "main{max-width:1180px;margin:0 auto;padding:24px}",
            "h1{font-size:1.6em;margin:0 0 4px}",
            ".subtitle{color:#666;margin:0 0 20px}",
            "section{background:#fff;border:1px solid #e2e4e8;border-radius:6px;padding:16px 20px;margin:0 0 20px}",
            "h2{font-size:1.15em;margin:0 0 12px}",
            ".row{display:flex;flex-wrap:wrap;gap:16px}",
            ".row figure{margin:0;flex:1 1 420px;max-width:560px}",
            "figure img,section>img{max-width:100%;height:auto;display:block}",
            "figcaption{color:#666;font-size:.9em;text-align:center}",
            "table{border-collapse:collapse;font-size:.95em}",
            "td,th{border-bottom:1px solid #eee;padding:4px 14px 4px 0;text-align:left;vertical-align:top}",
            "td.num{font-variant-numeric:tabular-nums}",
            "code{font-family:Menlo,Consolas,monospace;font-size:.92em}",
            "footer{color:#888;font-size:.85em;text-align:center;padding:8px 0 24px}");

    private final StringBuilder body = new StringBuilder();

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    Html header(String title, String subtitle) {
        body.append("<h1>").append(escape(title)).append("</h1>\n");
        if (subtitle != null) body.append("<p class=\"subtitle\">").append(escape(subtitle)).append("</p>\n");
        return this;
    }

    /** A section with a two-column key/value table. */
    Html table(String heading, Map<String, String> rows) {
        openSection(heading);
        body.append("<table>\n");
        for (Map.Entry<String, String> e : rows.entrySet()) {
            body.append("<tr><th><code>").append(escape(e.getKey())).append("</code></th><td class=\"num\">")
                    .append(escape(e.getValue())).append("</td></tr>\n");
        }
        body.append("</table>\n");
        return closeSection();
    }

    /** A section with a table of several columns: a header row, then one row per entry. */
    Html grid(String heading, List<String> header, List<List<String>> rows) {
        openSection(heading);
        body.append("<table>\n<tr>");
        for (String h : header) body.append("<th><code>").append(escape(h)).append("</code></th>");
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (String cell : row) body.append("<td class=\"num\">").append(escape(cell)).append("</td>");
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return closeSection();
    }

    /** A section with a list of links, label -> href (relative to the page). */
    Html links(String heading, Map<String, String> links) {
        openSection(heading);
        body.append("<ul>\n");
        for (Map.Entry<String, String> e : links.entrySet()) {
            body.append("<li><a href=\"").append(escape(e.getValue())).append("\">").append(escape(e.getKey()))
                    .append("</a></li>\n");
        }
        body.append("</ul>\n");
        return closeSection();
    }

    /** A section holding one paragraph of text. */
    Html note(String heading, String text) {
        openSection(heading);
        body.append("<p>").append(escape(text)).append("</p>\n");
        return closeSection();
    }

    /** A section of images side by side (wrapping on narrow screens), each with its caption. */
    Html figures(String heading, List<Figure> figures) {
        openSection(heading);
        body.append("<div class=\"row\">\n");
        for (Figure f : figures) {
            body.append("<figure><img src=\"").append(escape(f.src())).append("\" alt=\"").append(escape(f.caption()))
                    .append("\"><figcaption>").append(escape(f.caption())).append("</figcaption></figure>\n");
        }
        body.append("</div>\n");
        return closeSection();
    }

    /** The footer line of a page: when it was made, and from which folders. */
    static String generatedFrom(String source) {
        return "Generated by dgm4j on "
                + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT))
                + " from " + source;
    }

    /** Writes the page to {@code file}; a file that cannot be written is a one-line user error. */
    Path write(Path file, String title, String footer) {
        try {
            Files.writeString(file, page(title, footer), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write '" + file + "': " + e.getMessage(), e);
        }
        return file;
    }

    private String page(String title, String footer) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + CSS + "\n</style>\n</head>\n<body>\n<main>\n"
                + body + "</main>\n<footer>" + escape(footer) + "</footer>\n</body>\n</html>\n";
    }

    private void openSection(String heading) {
        body.append("<section>\n<h2>").append(escape(heading)).append("</h2>\n");
    }

    private Html closeSection() {
        body.append("</section>\n");
        return this;
    }

    /** An image path relative to report.html, and its caption. */
    record Figure(String src, String caption) {
    }
}
