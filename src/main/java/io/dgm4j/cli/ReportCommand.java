package io.dgm4j.cli;

import io.dgm4j.report.RunReport;
import io.dgm4j.train.RunFolder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rewrite a run folder's plots and report.html from its files.",
                "Example: dgm4j report --run runs/moons"})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    RunArgs runArgs = new RunArgs();

    @Override
    public Integer call() {
        Path runDir = runArgs.folder("report");
        RunFolder.open(runDir);
        System.out.println("report: " + RunReport.write(runDir));
        return 0;
    }
}
