package dev.torch4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quantized tensors through {@code torch.save}/{@code torch.load} ({@code torch._utils._rebuild_qtensor}, storages
 * {@code torch.QUInt8Storage}/{@code QInt8Storage}/{@code QInt32Storage}): a file PyTorch 1.13 wrote
 * (interop/quantized/from_torch.pt, by scripts/goldens/quantized_goldens.py) loads with PyTorch's reprs, strides and
 * offsets; the file torch4j writes is committed as interop/quantized/from_torch4j.pt, which
 * {@code quantized_goldens.py --verify} loads with PyTorch and compares with from_torch4j.json. Regenerate both with
 * {@code -Dt4j.quantized.writeDir=src/test/resources/interop/quantized} (from the library folder).
 */
class QuantizedCheckpointTest {
    private static Map<String, Tensor> loadMap(Path p) throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (var e : ((Map<?, ?>) Torch.load(p)).entrySet()) m.put((String) e.getKey(), (Tensor) e.getValue());
        return m;
    }

    private static long[] longs(JsonArray a) {
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    @Test
    void filesWrittenByPyTorchLoad() throws IOException {
        JsonObject expect = Described.readJson(Described.resource("quantized/from_torch.json"));
        Map<String, Tensor> got = loadMap(Described.resource("quantized/from_torch.pt"));
        assertEquals(expect.keySet(), got.keySet());
        for (String k : expect.keySet()) {
            JsonObject e = expect.getAsJsonObject(k);
            Tensor t = got.get(k);
            assertEquals(e.get("repr").getAsString(), t.toString(), k);
            assertArrayEquals(longs(e.getAsJsonArray("stride")), t.stride(), k);
            assertEquals(e.get("offset").getAsLong(), t.storageOffset(), k);
        }
        // the view shares the integers of the tensor it was sliced from
        assertSame(got.get("pt_quint8").storage().memory(), got.get("pt_view").storage().memory());
    }

    /** The tensors torch4j writes to from_torch4j.pt. */
    private static Map<String, Tensor> ours() {
        Tensor x = Torch.arange(-1.5, 1.5, 0.25).to(DType.FLOAT32).reshape(3, 4);
        Tensor base = Torch.quantizePerTensor(x, 0.05, 120, DType.QUINT8);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("pt_quint8", base);
        m.put("pt_view", base.narrow(1, 1, 2));
        m.put("pt_qint8", Torch.quantizePerTensor(x.flatten().narrow(0, 0, 5), 0.1, -2, DType.QINT8));
        m.put("pt_qint32", Torch.quantizePerTensor(x.mul(100), 0.001, 9, DType.QINT32));
        m.put("pc_qint8", Torch.quantizePerChannel(x.t().contiguous(), Torch.tensor(new double[] {0.01, 0.02, 0.03}),
                Torch.tensor(new long[] {0, 1, -1}), 1, DType.QINT8));
        return m;
    }

    private static String expectations(Map<String, Tensor> m) {
        JsonObject o = new JsonObject();
        for (var e : m.entrySet()) {
            JsonObject d = new JsonObject();
            d.addProperty("repr", e.getValue().toString());
            JsonArray st = new JsonArray();
            for (long s : e.getValue().stride()) st.add(s);
            d.add("stride", st);
            d.addProperty("offset", e.getValue().storageOffset());
            o.add(e.getKey(), d);
        }
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }

    @Test
    void filesWrittenHereRoundTripAndMatchTheCommittedOnePyTorchLoaded(@TempDir Path dir) throws IOException {
        Map<String, Tensor> m = ours();
        Path f = dir.resolve("q.pt");
        Torch.save(m, f);
        Map<String, Tensor> back = loadMap(f);
        for (String k : m.keySet()) {
            assertEquals(m.get(k).toString(), back.get(k).toString(), k);
            assertArrayEquals(m.get(k).stride(), back.get(k).stride(), k);
        }
        assertSame(back.get("pt_quint8").storage().memory(), back.get("pt_view").storage().memory());
        String target = System.getProperty("t4j.quantized.writeDir");
        if (target != null) {
            Files.copy(f, Path.of(target, "from_torch4j.pt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(Path.of(target, "from_torch4j.json"), expectations(m), StandardCharsets.UTF_8);
        }
        // the committed file (verified by quantized_goldens.py --verify) is what this code writes today
        assertArrayEquals(Files.readAllBytes(Described.resource("quantized/from_torch4j.pt")), Files.readAllBytes(f));
        assertEquals(Files.readString(Described.resource("quantized/from_torch4j.json")), expectations(m));
    }
}
