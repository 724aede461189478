package dev.torch4j.hub;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.io.AtomicFile;
import dev.torch4j.io.TorchSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code torch.hub}: {@link #loadStateDictFromUrl} and {@link #downloadUrlToFile} with PyTorch's cache folder,
 * file names and hash check.
 *
 * <pre>{@code
 * Map<String, Tensor> sd = Hub.loadStateDictFromUrl("https://download.pytorch.org/models/resnet18-f37072fd.pth");
 * ResNet.resnet18().loadStateDict(sd);
 * }</pre>
 */
public final class Hub {
    private Hub() {}

    /** {@code torch.hub.HASH_REGEX}: the hex digits between a {@code -} and the next {@code .} of a file name. */
    private static final Pattern HASH = Pattern.compile("-([a-f0-9]*)\\.");
    private static final int BUFFER = 1 << 16;

    private static volatile Path hubDir;

    /**
     * {@code torch.hub.get_dir()}: the folder set by {@link #setDir}, else {@code $TORCH_HOME/hub}, where
     * {@code TORCH_HOME} defaults to {@code $XDG_CACHE_HOME/torch} and that to {@code ~/.cache/torch}.
     */
    public static Path getDir() {
        Path set = hubDir;
        if (set != null) return set;
        return torchHome(System.getenv()).resolve("hub");
    }

    static Path torchHome(Map<String, String> env) {
        String home = env.get("TORCH_HOME");
        if (home == null) {
            String cache = env.get("XDG_CACHE_HOME");
            home = (cache != null ? cache : "~/.cache") + "/torch";
        }
        if (home.equals("~") || home.startsWith("~/")) home = System.getProperty("user.home") + home.substring(1);
        return Path.of(home);
    }

    /** {@code torch.hub.set_dir(d)}: the hub folder for this JVM from now on; null goes back to the default. */
    public static void setDir(Path dir) { hubDir = dir == null ? null : dir.toAbsolutePath(); }

    /** {@code load_state_dict_from_url(url)}: see {@link #loadStateDictFromUrl(String, Path, Device, boolean, boolean, String)}. */
    public static Map<String, Tensor> loadStateDictFromUrl(String url) throws IOException {
        return loadStateDictFromUrl(url, null, Device.CPU, true, false, null);
    }

    /**
     * {@code torch.hub.load_state_dict_from_url(url, model_dir, map_location, progress, check_hash, file_name)}:
     * the state dict in {@code modelDir} (null: {@code getDir()/checkpoints}) under the URL's file name (or
     * {@code fileName}), downloaded first when it is not there yet.
     *
     * @param mapLocation where the tensors go (PyTorch's default restores the saved devices: pass null for that)
     * @param progress    whether to report the download on standard error
     * @param checkHash   whether the SHA-256 of the download must start with the hex digits the file name carries
     *                    after its last {@code -} (torchvision's {@code resnet18-f37072fd.pth}); a mismatch keeps
     *                    nothing and raises
     * @throws IOException when the download fails (the HTTP status is named), the hash does not match, or the file
     *                     is not a {@code torch.save} checkpoint of a state dict
     */
    public static Map<String, Tensor> loadStateDictFromUrl(String url, Path modelDir, Device mapLocation, boolean progress,
                                                           boolean checkHash, String fileName) throws IOException {
        Objects.requireNonNull(url, "url");
        Path dir = modelDir != null ? modelDir : getDir().resolve("checkpoints");
        Files.createDirectories(dir);
        String name = fileName != null ? fileName : fileNameOf(url);
        Path cached = dir.resolve(name);
        if (!Files.exists(cached)) {
            if (progress) System.err.println("Downloading: \"" + url + "\" to " + cached);
            String hashPrefix = null;
            if (checkHash) {
                Matcher m = HASH.matcher(name);
                if (m.find()) hashPrefix = m.group(1);
            }
            downloadUrlToFile(url, cached, hashPrefix, progress);
        }
        Object loaded = TorchSerialization.load(cached, mapLocation);
        return TorchSerialization.asStateDict(cached, loaded);
    }

    /** The last path segment of a URL, as {@code os.path.basename(urlparse(url).path)}. */
    static String fileNameOf(String url) {
        String path = URI.create(url).getPath();
        if (path == null) path = "";
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty()) throw new IllegalArgumentException("load_state_dict_from_url: the URL " + url + " names no file; pass fileName");
        return name;
    }

    /**
     * {@code torch.hub.download_url_to_file(url, dst, hash_prefix, progress)}: the body of {@code url} written to
     * {@code dst} all-or-nothing (a temporary file next to it, moved into place), redirects followed. When
     * {@code hashPrefix} is not null the SHA-256 must start with it, else nothing is kept and an
     * {@link IOException} says {@code invalid hash value (expected "<prefix>", got "<digest>")}.
     */
    public static void downloadUrlToFile(String url, Path dst, String hashPrefix, boolean progress) throws IOException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("User-Agent", "torch.hub").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + url + " interrupted", e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new IOException("HTTP Error " + response.statusCode() + " downloading " + url);
            }
            long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            MessageDigest sha = sha256();
            AtomicFile.write(dst, ch -> {
                byte[] buf = new byte[BUFFER];
                long done = 0;
                int lastTenth = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                    while (b.hasRemaining()) ch.write(b);
                    done += n;
                    if (progress && size > 0 && (int) (10 * done / size) > lastTenth) {
                        lastTenth = (int) (10 * done / size);
                        report(System.err, done, size);
                    }
                }
                if (size >= 0 && done != size) throw new IOException("download of " + url + " ended after " + done + " of " + size + " bytes");
                if (hashPrefix != null) {
                    String digest = HexFormat.of().formatHex(sha.digest());
                    if (!digest.startsWith(hashPrefix)) {
                        throw new IOException("invalid hash value (expected \"" + hashPrefix + "\", got \"" + digest + "\")");
                    }
                }
            });
        }
    }

    private static void report(PrintStream out, long done, long size) {
        out.printf("%3d%% %,d / %,d bytes%n", 100 * done / size, done, size);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
