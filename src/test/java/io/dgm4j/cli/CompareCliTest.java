package io.dgm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCliTest {
    @TempDir
    Path tmp;

    @Test
    void comparesTwoTrainedRunsWithTheirSavedEvalFigures() throws Exception {
        Path realnvp = tmp.resolve("moons");
        Cli.copyTree(SharedRun.moons(), realnvp);
        Path maf = tmp.resolve("maf");
        Cli.ok(Cli.concat(new String[] {"train", "--model", "maf", "--data", "moons", "--out", maf.toString()}, Cli.TINY));
        Path out = tmp.resolve("moons-flows");

        // eval keeps its figures in the run folder, with the data they were measured on.
        Cli.Result eval = Cli.ok("eval", realnvp.toString(), "--threads", "1");
        JsonObject saved = JsonParser.parseString(Files.readString(realnvp.resolve("eval.json"))).getAsJsonObject();
        assertEquals("moons", saved.get("data").getAsString());
        assertEquals(Double.parseDouble(eval.value("nll_nats")), saved.get("nll_nats").getAsDouble(), 0.0);
        assertTrue(Files.readString(realnvp.resolve("report.html")).contains("Evaluation (latest dgm4j eval)"),
                "eval redraws the report with its figures");

        Cli.Result r = Cli.ok("compare", realnvp.toString(), maf.toString(), "--out", out.toString(), "--x", "seconds");
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("figure +moons +maf"), r.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("model +realnvp +maf")), r.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("val_nll_nats +[0-9.]+ +[0-9.]+")), r.toString());
        String nll = saved.get("nll_nats").getAsString().substring(0, 4);
        assertTrue(lines.stream().anyMatch(l -> l.matches("eval\\.nll_nats +" + nll.replace(".", "\\.") + "[0-9]* +-")),
                r.toString());
        assertEquals("comparison: " + out.resolve("comparison.html"), lines.get(lines.size() - 1));
        assertEquals(List.of(), r.errLines(), "same data: no warning");
        String html = Files.readString(out.resolve("comparison.html"));
        assertTrue(html.contains("plots/compare_val_nll.png") && html.contains("val_nll vs training seconds"));
        assertTrue(html.contains("plots/samples_01-moons.png") && html.contains("plots/samples_02-maf.png"));
    }

    @Test
    void badInputIsOneErrorLine() {
        Path run = SharedRun.moons();
        Cli.assertUserError(Cli.run("compare", run.toString()), "at least two run folders");
        Cli.assertUserError(Cli.run("compare", run.toString(), tmp.resolve("missing").toString()),
                "missing", "does not exist");
        Cli.assertUserError(Cli.run("compare", run.toString(), run.toString()), "given twice");
        Cli.assertUserError(Cli.run("compare", run.toString(), ""), "run folder given to compare is empty");
        Cli.assertUserError(Cli.run("compare", "--x", "minutes", run.toString(), run.toString()), "--x 'minutes'");
    }
}
