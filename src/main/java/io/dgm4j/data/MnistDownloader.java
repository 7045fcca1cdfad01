package io.dgm4j.data;

import io.dgm4j.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Downloads the canonical MNIST files and checks each against its published MD5. A file only
 * appears under its real name once it is complete and verified, so an interrupted or corrupt
 * download never passes for a good one; files already present with the right checksum are skipped.
 */
public final class MnistDownloader {
    /** A mirror of the original files (yann.lecun.com no longer serves them reliably). */
    public static final URI DEFAULT_BASE_URL = URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/");

    /** The canonical file names and their MD5 checksums. */
    public static final Map<String, String> CHECKSUMS = checksums();

    /** All four files, in the order they are downloaded. */
    public static final List<String> FILES = List.copyOf(CHECKSUMS.keySet());

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    /** Receives one-line progress messages, e.g. for the CLI to print. */
    @FunctionalInterface
    public interface ProgressListener {
        void report(String message);
    }

    private MnistDownloader() {
    }

    private static Map<String, String> checksums() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873");
        map.put("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432");
        map.put("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3");
        map.put("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c");
        return Collections.unmodifiableMap(map);
    }

    /** Downloads {@code files} without progress messages. */
    public static void download(URI baseUrl, Path dir, List<String> files) {
        download(baseUrl, dir, files, message -> { });
    }

    /**
     * Downloads each of {@code files} (names from {@link #FILES}) from {@code baseUrl} into {@code dir}.
     *
     * @throws InvalidInputException on an unknown file name, a connection failure, an HTTP status
     *     other than 200, or a checksum mismatch
     */
    public static void download(URI baseUrl, Path dir, List<String> files, ProgressListener progress) {
        for (String file : files) {
            if (!CHECKSUMS.containsKey(file)) {
                throw new InvalidInputException("unknown MNIST file '" + file + "': choose from " + String.join(", ", FILES));
            }
        }
        URI base = withTrailingSlash(baseUrl);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create the data folder '" + dir + "' (" + AtomicFiles.describe(e)
                    + "): choose a writable folder");
        }
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        for (String file : files) {
            Path target = dir.resolve(file);
            String expected = CHECKSUMS.get(file);
            if (Files.isRegularFile(target) && expected.equals(md5(target))) {
                progress.report(file + ": already present, checksum ok");
                continue;
            }
            URI url = base.resolve(file);
            progress.report(file + ": downloading from " + url);
            fetch(client, url, target, expected);
            progress.report(file + ": done, checksum ok");
        }
    }

    /** Streams {@code url} into a temporary file, verifying the MD5 on the way, then moves it in place. */
    private static void fetch(HttpClient client, URI url, Path target, String expectedMd5) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("download URL '" + url + "' is not a valid http(s) URL: fix the mirror URL");
        }
        Path temp = null;
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new InvalidInputException("download of '" + url + "' failed with HTTP status " + response.statusCode()
                            + ": check the mirror URL or try again later");
                }
                temp = AtomicFiles.createTempBeside(target);
                MessageDigest digest = newMd5();
                try (InputStream in = new DigestInputStream(body, digest); OutputStream out = Files.newOutputStream(temp)) {
                    in.transferTo(out);
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(expectedMd5)) {
                    throw new InvalidInputException("checksum mismatch for '" + url + "': expected " + expectedMd5 + ", got "
                            + actual + "; the mirror served a different file, try another mirror");
                }
                AtomicFiles.replace(temp, target);
            }
        } catch (ConnectException e) {
            throw new InvalidInputException("download of '" + url + "' failed: cannot connect to " + url.getHost()
                    + ": check the network connection and the mirror URL");
        } catch (IOException e) {
            throw new InvalidInputException("download of '" + url + "' failed (" + AtomicFiles.describe(e)
                    + "): check the network connection and the mirror URL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidInputException("download of '" + url + "' was interrupted: run the download again");
        } finally {
            if (temp != null) {
                AtomicFiles.deleteQuietly(temp);
            }
        }
    }

    /** MD5 of a local file as lowercase hex. */
    static String md5(Path file) {
        MessageDigest digest = newMd5();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read '" + file + "' to check its checksum (" + AtomicFiles.describe(e)
                    + "): check its permissions or delete it");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide MD5", e);
        }
    }

    private static URI withTrailingSlash(URI baseUrl) {
        String text = baseUrl.toString();
        return text.endsWith("/") ? baseUrl : URI.create(text + "/");
    }
}
