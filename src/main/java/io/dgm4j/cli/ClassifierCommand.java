package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import io.dgm4j.data.Mnist;
import io.dgm4j.data.TrainTestSplit;
import io.dgm4j.eval.DigitClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "classifier", mixinStandardHelpOptions = true,
        description = {"Train or load the digit classifier behind the MNIST sample metrics.",
                "Prints its accuracy on the held-out split. It trains once per training set",
                "(about 30 s with one thread) and is cached in",
                "$" + DigitClassifier.CACHE_DIR_ENV + ", else ~/.cache/dgm4j.",
                "Example: dgm4j classifier --data mnist10k"})
final class ClassifierCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "NAME", description = "mnist or mnist10k.")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the MNIST IDX files (default: $DGM4J_DATA_DIR, else ./data/mnist).")
    String dataDir;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Override
    public Integer call() {
        if (!Mnist.isMnist(data)) {
            throw new InvalidInputException("--data '" + data + "': the digit classifier is trained on " + Mnist.MNIST
                    + " or " + Mnist.MNIST_10K + "; choose one of them");
        }
        String variant = data.trim().toLowerCase(java.util.Locale.ROOT);
        TrainTestSplit split = Mnist.load(variant, Mnist.resolveDataDir(dataDir));
        engine.start();
        DigitClassifier classifier = DigitClassifier.forData(variant, split.train());
        System.out.println("held_out_accuracy: " + classifier.accuracy(split.test()));
        System.out.println("held_out_examples: " + split.test().size());
        Path cache = DigitClassifier.cacheFile(variant, split.train(), DigitClassifier.cacheDir()).toAbsolutePath()
                .normalize();
        // Saving is best effort (an unwritable cache folder costs a warning): name only a file that is there.
        System.out.println("cache_file: " + (Files.isRegularFile(cache) ? cache : "none (not written to " + cache + ")"));
        return 0;
    }
}
