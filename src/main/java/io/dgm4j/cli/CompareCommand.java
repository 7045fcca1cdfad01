package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import io.dgm4j.report.RunComparison;
import io.dgm4j.report.RunComparison.Axis;
import io.dgm4j.report.RunComparison.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Put trained runs side by side in one HTML page.",
                "The page holds a table of their final figures (summary.json, and eval.json",
                "where eval was run; the table is also printed), a chart per training curve",
                "that two or more runs log, with a line per run, and each run's final samples",
                "(2-D samples on shared axes). It is written as " + RunComparison.PAGE + " with",
                "plots/ and samples/ into --out, with links to each run's own report; the run",
                "folders are only read.",
                "Example: dgm4j compare runs/vae runs/helmholtz --out runs/vae-vs-helmholtz"})
final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "RUN", description = "Run folders written by train, two or more.")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the comparison (default: runs/comparison).")
    Path out = Path.of("runs", "comparison");

    @Option(names = "--x", paramLabel = "AXIS",
            description = "x axis of the curves: step or seconds (training time, to compare speed; default step).")
    String x = "step";

    @Override
    public Integer call() {
        Axis axis = switch (x.toLowerCase(Locale.ROOT)) {
            case "step" -> Axis.STEP;
            case "seconds" -> Axis.SECONDS;
            default -> throw new InvalidInputException("--x '" + x + "' is not an axis: use step or seconds");
        };
        for (Path run : runs) {
            if (run.toString().isBlank()) {
                throw new InvalidInputException("a run folder given to compare is empty: pass the folders train wrote, "
                        + "e.g. dgm4j compare runs/a runs/b");
            }
        }
        PathArgs.folder("--out", out);
        RunComparison comparison = RunComparison.read(runs);
        for (String warning : comparison.warnings()) System.err.println("warning: " + warning);
        Path page = comparison.write(out, axis);
        print(comparison.table());
        System.out.println("comparison: " + page);
        return 0;
    }

    /** The table in aligned columns, for a terminal. */
    private static void print(Table table) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(table.header());
        lines.addAll(table.rows());
        int[] widths = new int[table.header().size()];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) widths[i] = Math.max(widths[i], line.get(i).length());
        }
        for (List<String> line : lines) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                if (i > 0) sb.append("  ");
                sb.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", line.get(i)));
            }
            System.out.println(sb.toString().stripTrailing());
        }
    }
}
