package io.dgm4j.cli;

import io.dgm4j.data.Mnist;
import io.dgm4j.data.MnistDownloader;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "download-mnist", mixinStandardHelpOptions = true,
        description = {"Download the four MNIST IDX files and verify their MD5 sums.",
                "Example: dgm4j download-mnist --data-dir data/mnist"})
final class DownloadMnistCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Destination (default: $DGM4J_DATA_DIR, else data/mnist in the working folder).")
    String dataDir;

    @Option(names = "--base-url", paramLabel = "URL", description = "Mirror to download from (default: ${DEFAULT-VALUE}).")
    URI baseUrl = MnistDownloader.DEFAULT_BASE_URL;

    @Override
    public Integer call() {
        java.nio.file.Path dir = Mnist.resolveDataDir(dataDir);
        MnistDownloader.download(baseUrl, dir, MnistDownloader.FILES, System.out::println);
        System.out.println("MNIST files verified in " + dir);
        return 0;
    }
}
