package io.dgm4j.data;

import static io.dgm4j.data.ErrorAssertions.assertUserError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDownloaderTest {
    private static final List<String> T10K = List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    @TempDir
    Path dir;

    private HttpServer server;
    private int requests;

    /** Serves the shared MNIST folder on a free local port, passing each file through {@code alter}. */
    private URI serve(UnaryOperator<byte[]> alter) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mnist/", exchange -> {
            requests++;
            String name = exchange.getRequestURI().getPath().substring("/mnist/".length());
            Path file = SharedMnist.DIR.resolve(name);
            if (name.contains("/") || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = alter.apply(Files.readAllBytes(file));
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mnist");
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void downloadsAndVerifiesTheTestFilesThenSkipsThem() throws IOException {
        URI base = serve(UnaryOperator.identity());
        List<String> messages = new ArrayList<>();
        MnistDownloader.download(base, dir.resolve("mnist"), T10K, messages::add);
        for (String file : T10K) {
            assertArrayEquals(Files.readAllBytes(SharedMnist.DIR.resolve(file)), Files.readAllBytes(dir.resolve("mnist").resolve(file)));
        }
        assertEquals(2, requests);
        MnistDownloader.download(base, dir.resolve("mnist"), T10K, messages::add);
        assertEquals(2, requests, "files with the right checksum must not be fetched again");
        assertTrue(messages.get(messages.size() - 1).contains("already present"));
        assertEquals(8_000, Mnist.load("mnist10k", dir.resolve("mnist")).train().size());
        assertOnlyFinalFiles(dir.resolve("mnist"), 2);
    }

    @Test
    void alteredBytesGiveAChecksumErrorAndNoFile() throws IOException {
        URI base = serve(bytes -> {
            bytes[bytes.length / 2] ^= 1;
            return bytes;
        });
        String file = "t10k-labels-idx1-ubyte.gz";
        assertUserError(() -> MnistDownloader.download(base, dir, List.of(file)), "checksum mismatch", file,
                "expected " + MnistDownloader.CHECKSUMS.get(file), "different file");
        assertFalse(Files.exists(dir.resolve(file)));
        assertOnlyFinalFiles(dir, 0);
    }

    @Test
    void missingFileOnTheServerGivesTheHttpStatus() throws IOException {
        URI base = serve(UnaryOperator.identity());
        String file = "train-labels-idx1-ubyte.gz";
        assertUserError(() -> MnistDownloader.download(base, dir, List.of(file)), file, "HTTP status 404");
        assertOnlyFinalFiles(dir, 0);
    }

    @Test
    void connectionFailureAndUnknownFilesAreUserErrors() throws IOException {
        URI base = serve(UnaryOperator.identity());
        server.stop(0);
        server = null;
        assertUserError(() -> MnistDownloader.download(base, dir, T10K), base.toString(), "cannot connect", "network");
        assertUserError(() -> MnistDownloader.download(base, dir, List.of("mnist.zip")), "'mnist.zip'", "t10k-images-idx3-ubyte.gz");
    }

    private static void assertOnlyFinalFiles(Path folder, int expected) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertEquals(expected, all.size(), "unexpected files: " + all);
        }
    }
}
