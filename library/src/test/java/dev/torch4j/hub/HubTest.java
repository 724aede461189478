package dev.torch4j.hub;

import com.sun.net.httpserver.HttpServer;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** torch.hub's cache against a local HTTP server: one download, then the cached file; the hash check; the folders. */
class HubTest {
    @TempDir Path dir;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private byte[] checkpoint;
    private String digest;
    private Map<String, Tensor> state;

    @BeforeEach
    void serve() throws Exception {
        state = new LinkedHashMap<>();
        state.put("weight", Torch.arange(6.0).reshape(2, 3));
        state.put("bias", Torch.tensor(new double[] {0.5, -1}));
        Path file = dir.resolve("source.pt");
        Torch.save(state, file);
        checkpoint = Files.readAllBytes(file);
        digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(checkpoint));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/models/", ex -> {
            requests.incrementAndGet();
            boolean missing = ex.getRequestURI().getPath().contains("missing");
            byte[] body = missing ? "not found".getBytes() : checkpoint;
            ex.sendResponseHeaders(missing ? 404 : 200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() { server.stop(0); }

    private String url(String name) { return "http://127.0.0.1:" + server.getAddress().getPort() + "/models/" + name; }

    @Test
    void downloadsOnceThenReadsTheCache() throws IOException {
        Path models = dir.resolve("checkpoints");
        String name = "tiny-" + digest.substring(0, 8) + ".pth";
        for (int i = 0; i < 2; i++) {
            Map<String, Tensor> sd = Hub.loadStateDictFromUrl(url(name), models, Device.CPU, false, true, null);
            assertEquals(state.keySet(), sd.keySet());
            Golden.assertExact(state.get("weight"), sd.get("weight"), "weight");
        }
        assertEquals(1, requests.get(), "the second call reads the cached file");
        assertTrue(Files.exists(models.resolve(name)));
        Hub.loadStateDictFromUrl(url(name), models, Device.CPU, false, false, "renamed.pth");
        assertTrue(Files.exists(models.resolve("renamed.pth")), "fileName names the cached file");
    }

    @Test
    void aWrongHashKeepsNothing() throws IOException {
        Path models = dir.resolve("checkpoints");
        IOException e = assertThrows(IOException.class,
                () -> Hub.loadStateDictFromUrl(url("tiny-deadbeef.pth"), models, Device.CPU, false, true, null));
        assertEquals("invalid hash value (expected \"deadbeef\", got \"" + digest + "\")", e.getMessage());
        try (var files = Files.list(models)) {
            assertEquals(0, files.count(), "no file and no temporary left");
        }
        // without check_hash the same name downloads
        Hub.loadStateDictFromUrl(url("tiny-deadbeef.pth"), models, Device.CPU, false, false, null);
    }

    @Test
    void httpErrorsNameTheStatus() {
        IOException e = assertThrows(IOException.class,
                () -> Hub.loadStateDictFromUrl(url("missing.pth"), dir, Device.CPU, false, false, null));
        assertEquals("HTTP Error 404 downloading " + url("missing.pth"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing.pth")));
    }

    @Test
    void foldersFollowTorchHome() {
        String home = System.getProperty("user.home");
        assertEquals(Path.of(home, ".cache", "torch"), Hub.torchHome(Map.of()));
        assertEquals(Path.of("/x/torch"), Hub.torchHome(Map.of("XDG_CACHE_HOME", "/x")));
        assertEquals(Path.of("/t"), Hub.torchHome(Map.of("TORCH_HOME", "/t", "XDG_CACHE_HOME", "/x")));
        assertEquals(Path.of(home, "th"), Hub.torchHome(Map.of("TORCH_HOME", "~/th")));
        assertEquals("resnet18-f37072fd.pth", Hub.fileNameOf("https://download.pytorch.org/models/resnet18-f37072fd.pth?x=1"));
    }
}
