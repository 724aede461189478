package dev.torch4j.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files written by torch4j, read back by NumPy and PyTorch. This test writes a fixed set of .npy, .npz,
 * .safetensors and checkpoint files plus {@code expected.json} (what each must load as). Run as
 * {@code mvn test -Dtest='FromTorch4jFilesTest#theCommitted*' -Dt4j.interop.writeDir=src/test/resources/interop/from_torch4j}
 * (from the torch4j folder) it writes them there, and
 * {@code scripts/goldens/interop_fixtures.py --verify} then loads each with numpy / torch.load and records the
 * result and each file's SHA-256 in {@code verified.json}. Without the property (CI, no Python) it checks that the
 * current code writes exactly the committed files and that verified.json vouches for every one of them, so a
 * format change is noticed and must be re-verified with Python.
 */
class FromTorch4jFilesTest {
    private static final String DIR = "from_torch4j/";

    @TempDir Path tmp;

    @Test
    void theCommittedFilesAreExactlyWhatTheCurrentCodeWrites() throws IOException {
        String target = System.getProperty("t4j.interop.writeDir");
        if (target != null && !target.isBlank()) {
            Path dir = Path.of(target);
            Files.createDirectories(dir);
            write(dir);
            return;
        }
        List<String> names = write(tmp);
        for (String name : names) {
            byte[] now = Files.readAllBytes(tmp.resolve(name));
            byte[] committed = Files.readAllBytes(Described.resource(DIR + name));
            if (name.endsWith("_compressed.npz") && !java.util.Arrays.equals(now, committed)) {
                // deflate output depends on the zlib build behind java.util.zip; the members must still be identical
                assertEquals(members(committed), members(now), name + ": archive members");
                continue;
            }
            if (name.equals("expected.json") && !java.util.Arrays.equals(now, committed)) {
                assertSameExpectations(committed, now);
                continue;
            }
            assertArrayEquals(committed, now, name + " differs from the committed file: the format changed? Regenerate and "
                    + "re-verify (see this class's Javadoc)");
        }
        TreeSet<String> committed = new TreeSet<>(listCommitted());
        committed.remove("verified.json");
        assertEquals(new TreeSet<>(names), committed, "committed files");
    }

    /**
     * expected.json as committed but for the models' float32 outputs, which the CPU's matmul sums in an order that
     * follows the machine's vector width: within the tolerance interop_fixtures.py checks it with
     * (torch.testing.assert_close's for float32); everything else exactly.
     */
    private static void assertSameExpectations(byte[] committed, byte[] now) {
        JsonObject c = JsonParser.parseString(new String(committed, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonObject n = JsonParser.parseString(new String(now, StandardCharsets.UTF_8)).getAsJsonObject();
        for (String file : List.of("ckpt_model_state.pt", "ckpt_mnasnet_state.pt")) {
            JsonObject cm = c.getAsJsonObject("files").getAsJsonObject(file);
            JsonObject nm = n.getAsJsonObject("files").getAsJsonObject(file);
            JsonArray co = cm.getAsJsonObject("output").remove("data").getAsJsonArray();
            JsonArray no = nm.getAsJsonObject("output").remove("data").getAsJsonArray();
            assertEquals(co.size(), no.size(), "expected.json: " + file + " output size");
            for (int i = 0; i < co.size(); i++) {
                double want = co.get(i).getAsDouble(), got = no.get(i).getAsDouble();
                assertEquals(want, got, 1e-5 + 1.3e-6 * Math.abs(want), "expected.json: " + file + " output " + i);
            }
        }
        assertEquals(c, n, "expected.json differs from the committed file beyond the model's output: the format changed?"
                + " Regenerate and re-verify (see this class's Javadoc)");
    }

    private static List<String> listCommitted() throws IOException {
        try (Stream<Path> s = Files.list(Described.resource(DIR + "expected.json").getParent())) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static Map<String, String> members(byte[] zip) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (MappedFile f = MappedFile.of("npz", zip)) {
            ZipReader z = ZipReader.open(f);
            for (ZipReader.Entry e : z.entries()) {
                try (MappedFile m = z.open(e, 1 << 24)) {
                    out.put(e.name(), HexFormat.of().formatHex(m.bytes(0, (int) m.size(), e.name())));
                }
            }
        }
        return out;
    }

    @Test
    void pythonVerifiedEveryCommittedFile() throws IOException {
        JsonObject verified = Described.readJson(Described.resource(DIR + "verified.json"));
        Path expectedJson = Described.resource(DIR + "expected.json");
        assertEquals(sha256(Files.readAllBytes(expectedJson)), verified.get("expected_sha256").getAsString(),
                "verified.json was made from another expected.json: run interop_fixtures.py --verify");
        JsonObject files = verified.getAsJsonObject("files");
        JsonObject expected = Described.readJson(expectedJson).getAsJsonObject("files");
        assertEquals(expected.keySet(), files.keySet());
        for (String name : expected.keySet()) {
            JsonObject v = files.getAsJsonObject(name);
            assertTrue(v.get("ok").getAsBoolean(), name + ": Python could not verify it: " + v.get("error"));
            assertEquals(sha256(Files.readAllBytes(Described.resource(DIR + name))), v.get("sha256").getAsString(),
                    name + ": changed since Python verified it");
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- the files

    private static final double[] F16 = {-65504.0, -1.5, -0.0, Math.pow(2, -24), Double.POSITIVE_INFINITY, Double.NaN};
    private static final double[] BF16 = {-3.3895313892515355e38, -1.5, 0.0078125, Math.pow(2, -133), Double.POSITIVE_INFINITY, Double.NaN};
    private static final double[] F32 = {-3.4028234663852886e38, -1.5, -0.0, Math.pow(2, -149), Double.POSITIVE_INFINITY, Double.NaN};
    private static final double[] F64 = {-Double.MAX_VALUE, -1.5, 0.1, Double.MIN_VALUE, Double.NEGATIVE_INFINITY, Double.NaN};

    /** The (2, 3) sample of each dtype that interop_fixtures.py also uses. */
    static Tensor sample(DType d) {
        Tensor flat = switch (d) {
            case BOOL -> Torch.tensor(new boolean[] {true, false, true, false, false, true});
            case UINT8 -> Torch.tensor(new long[] {0, 1, 127, 128, 254, 255}).to(d);
            case INT8 -> Torch.tensor(new long[] {-128, -1, 0, 1, 100, 127}).to(d);
            case INT16 -> Torch.tensor(new long[] {-32768, -1, 0, 1, 1000, 32767}).to(d);
            case INT32 -> Torch.tensor(new long[] {Integer.MIN_VALUE, -1, 0, 1, 123456, Integer.MAX_VALUE}).to(d);
            case INT64 -> Torch.tensor(new long[] {Long.MIN_VALUE, -1, 0, 1, (1L << 53) + 1, Long.MAX_VALUE});
            case FLOAT16 -> Torch.fromArray(F16.clone()).to(d);
            case BFLOAT16 -> Torch.fromArray(BF16.clone()).to(d);
            case FLOAT32 -> Torch.fromArray(F32.clone()).to(d);
            case FLOAT64 -> Torch.fromArray(F64.clone());
            case COMPLEX64, COMPLEX128, QUINT8, QINT8, QINT32, QUINT4X2 -> throw new IllegalArgumentException("no sample: " + d);
        };
        return flat.reshape(2, 3);
    }

    /** Writes every file and expected.json into {@code dir}; returns the file names in write order. */
    static List<String> write(Path dir) throws IOException {
        Map<String, JsonObject> expected = new LinkedHashMap<>();

        for (DType d : dev.torch4j.testing.RealDTypes.values()) {
            if (d == DType.BFLOAT16) continue;
            npy(dir, expected, "npy_" + d.pyName() + ".npy", sample(d), ByteOrder.LITTLE_ENDIAN, false);
        }
        npy(dir, expected, "npy_float32_fortran_be.npy", sample(DType.FLOAT32).t().contiguous().t(), ByteOrder.BIG_ENDIAN, true);
        npy(dir, expected, "npy_int64_0d.npy", Torch.tensor(42L), ByteOrder.LITTLE_ENDIAN, false);
        npy(dir, expected, "npy_int32_empty.npy", Torch.zeros(0, 3).to(DType.INT32), ByteOrder.LITTLE_ENDIAN, false);
        npy(dir, expected, "npy_float64_strided.npy", Torch.arange(12).to(DType.FLOAT64).reshape(3, 4).narrow(1, 1, 2),
                ByteOrder.LITTLE_ENDIAN, false);

        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("a", sample(DType.FLOAT32));
        arrays.put("b", Torch.arange(4));
        arrays.put("c", Torch.tensor(true));
        arrays.put("d", sample(DType.FLOAT16).t().contiguous().t());
        for (boolean compressed : List.of(false, true)) {
            String name = compressed ? "arrays_compressed.npz" : "arrays.npz";
            if (compressed) Npy.savezCompressed(dir.resolve(name), arrays);
            else Npy.savez(dir.resolve(name), arrays);
            JsonObject items = new JsonObject();
            com.google.gson.JsonArray list = new com.google.gson.JsonArray();
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                com.google.gson.JsonArray kv = new com.google.gson.JsonArray();
                kv.add(Described.of(e.getKey()));
                kv.add(numpyView(e.getValue(), isFortran(e.getValue())));
                list.add(kv);
            }
            items.addProperty("type", "dict");
            items.add("items", list);
            expected.put(name, entry("npz", items));
        }

        Map<String, Tensor> st = new LinkedHashMap<>();
        for (DType d : dev.torch4j.testing.RealDTypes.values()) st.put(d.pyName(), sample(d));
        st.put("scalar", Torch.tensor(1.25).to(DType.FLOAT64));
        st.put("empty", Torch.zeros(0, 2).to(DType.INT32));
        st.put("view", Torch.arange(12).reshape(3, 4).t());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("source", "torch4j FromTorch4jFilesTest");
        SafeTensors.saveFile(st, meta, dir.resolve("tensors.safetensors"));
        Map<String, Tensor> back = SafeTensors.loadFile(dir.resolve("tensors.safetensors"));
        for (String k : st.keySet()) Golden.assertExact(st.get(k), back.get(k), "safetensors " + k);
        JsonObject ste = entry("safetensors", Described.of(back));
        JsonObject metaJson = new JsonObject();
        meta.forEach(metaJson::addProperty);
        ste.add("metadata", metaJson);
        expected.put("tensors.safetensors", ste);

        Map<String, Object> all = new LinkedHashMap<>();
        for (DType d : dev.torch4j.testing.RealDTypes.values()) all.put(d.pyName(), sample(d));
        all.put("scalar", Torch.tensor(3.5).to(DType.FLOAT64));
        all.put("empty", Torch.zeros(0, 3).to(DType.INT32));
        all.put("noncontig", Torch.arange(6).reshape(2, 3).t());
        checkpoint(dir, expected, "ckpt_all_dtypes.pt", all);

        Tensor base = Torch.arange(12).to(DType.FLOAT32).reshape(3, 4);
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("weight", base);
        shared.put("weight_t", base.t());
        shared.put("row", base.select(0, 1));
        shared.put("narrow", base.narrow(1, 1, 2));
        shared.put("flat_tail", base.view(-1).narrow(0, 5, 7));
        shared.put("other", Torch.ones(2).to(DType.FLOAT64));
        shared.put("param", Torch.linspace(-1, 1, 4).reshape(2, 2).requiresGrad_(true));
        checkpoint(dir, expected, "ckpt_shared_views.pt", shared);

        Map<Object, Object> nested = new LinkedHashMap<>();
        nested.put("int", 1L);
        nested.put("big", 1L << 40);
        nested.put("neg", -5L);
        nested.put("huge", BigInteger.TWO.pow(70));
        nested.put("float", 1.5);
        nested.put("nan", Double.NaN);
        nested.put("neg_zero", -0.0);
        nested.put("str", "h\u00e9llo \u2713");
        nested.put("bool", true);
        nested.put("none", null);
        nested.put("list", List.of(1L, 2.0, "x", List.of(3L)));
        nested.put("tuple", Tuple.of(1L, Tuple.of(2L, 3L)));
        nested.put("tuple4", Tuple.of(1L, 2L, 3L, 4L));
        Map<Object, Object> inner = new LinkedHashMap<>();
        inner.put(1L, "a");
        Map<Object, Object> z = new LinkedHashMap<>();
        z.put("z", null);
        inner.put("k", z);
        nested.put("dict", inner);
        nested.put("tensor", Torch.tensor(new long[] {1, 2}));
        nested.put("dtype", DType.FLOAT16);
        nested.put("size", Size.of(2, 3));
        nested.put("device", Device.CPU);
        nested.put("bytes", new byte[] {0, (byte) 0xff, 'a', 'b'});
        nested.put("empty_list", List.of());
        nested.put("empty_dict", Map.of());
        nested.put("empty_tuple", Tuple.of());
        List<Object> longList = new ArrayList<>();
        for (long i = 0; i < 1001; i++) longList.add(i);
        nested.put("long_list", longList);
        checkpoint(dir, expected, "ckpt_nested.pt", nested);

        Map<Object, Object> state = new LinkedHashMap<>();
        for (long p = 0; p < 2; p++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("step", Torch.tensor(2.0));
            s.put("exp_avg", Torch.linspace(-0.5, 0.5, 12).reshape(4, 3).mul(p + 1));
            s.put("exp_avg_sq", Torch.linspace(0, 0.01, 12).reshape(4, 3).mul(p + 1));
            state.put(p, s);
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("lr", 0.001);
        group.put("betas", Tuple.of(0.9, 0.999));
        group.put("eps", 1e-8);
        group.put("weight_decay", 0L);
        group.put("amsgrad", false);
        group.put("maximize", false);
        group.put("foreach", null);
        group.put("capturable", false);
        group.put("differentiable", false);
        group.put("fused", null);
        group.put("params", List.of(0L, 1L));
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("state", state);
        optimizer.put("param_groups", List.of(group));
        checkpoint(dir, expected, "ckpt_optimizer.pt", optimizer);

        // a PyTorch-trained model's weights, loaded into a torch4j module and saved from its stateDict()
        dev.torch4j.nn.Module model = TorchSerializationTest.mlpBn();
        model.loadStateDict(TorchSerialization.loadStateDict(Described.resource("ckpt_model_state.pt")));
        modelCheckpoint(dir, expected, "ckpt_model_state.pt", "mlp_bn", model, Torch.linspace(-2, 2, 15).reshape(5, 3));

        // a torchvision model whose loading reads the state dict's version metadata (it refuses one without)
        dev.torch4j.vision.models.MNASNet mnas = new dev.torch4j.vision.models.MNASNet(0.1, 10, 0.2);
        fillExactly(mnas);
        modelCheckpoint(dir, expected, "ckpt_mnasnet_state.pt", "mnasnet_0.1_10", mnas,
                Torch.linspace(-1, 1, 3 * 32 * 32).reshape(1, 3, 32, 32));

        JsonObject root = new JsonObject();
        root.addProperty("generator", "dev.torch4j.io.FromTorch4jFilesTest");
        JsonObject files = new JsonObject();
        expected.forEach(files::add);
        root.add("files", files);
        String json = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create().toJson(root) + "\n";
        Files.writeString(dir.resolve("expected.json"), json, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>(expected.keySet());
        names.add("expected.json");
        return names;
    }

    private static JsonObject entry(String loader, JsonElement value) {
        JsonObject o = new JsonObject();
        o.addProperty("loader", loader);
        o.add("value", value);
        return o;
    }

    private static void npy(Path dir, Map<String, JsonObject> expected, String name, Tensor t, ByteOrder order, boolean fortran)
            throws IOException {
        Npy.save(dir.resolve(name), t, order, fortran);
        Golden.assertExact(t, Npy.load(dir.resolve(name)), name);
        expected.put(name, entry("npy", numpyView(t, fortran)));
    }

    private static boolean isFortran(Tensor t) {
        return !t.isContiguous() && t.dim() > 1 && t.stride(0) == 1;
    }

    /** What numpy.load gives for a tensor saved in this order: element strides of that layout, no storage. */
    private static JsonObject numpyView(Tensor t, boolean fortran) {
        JsonObject o = Described.of(t).getAsJsonObject();
        o.remove("offset");
        o.remove("storage");
        o.remove("requires_grad");
        o.remove("stride");
        if (t.numel() > 0) {
            long[] shape = t.shapeArray();
            long[] st;
            if (fortran) {
                st = new long[shape.length];
                long acc = 1;
                for (int i = 0; i < shape.length; i++) {
                    st[i] = acc;
                    acc *= shape[i];
                }
            } else {
                st = Shapes.contiguousStrides(shape);
            }
            com.google.gson.JsonArray a = new com.google.gson.JsonArray();
            for (long s : st) a.add(s);
            o.add("stride", a);
        }
        return o;
    }

    /** {@code model}'s state dict written as {@code name}, with the model's eval-mode output on {@code x} for the verifier. */
    private static void modelCheckpoint(Path dir, Map<String, JsonObject> expected, String name, String model, dev.torch4j.nn.Module m,
                                        Tensor x) throws IOException {
        m.eval();
        Tensor y;
        try (var g = Torch.noGrad()) {
            y = m.forward(x);
        }
        checkpoint(dir, expected, name, m.stateDict());
        JsonObject e = expected.get(name);
        e.addProperty("model", model);
        e.add("input", Described.of(x));
        e.add("output", Described.of(y));
        e.add("module_versions", metadata(m.stateDict()));
    }

    /** A state dict's version metadata as JSON: module prefix to version. */
    private static JsonObject metadata(dev.torch4j.nn.StateDict sd) {
        JsonObject o = new JsonObject();
        sd.metadata().forEach((prefix, local) -> o.addProperty(prefix, ((Number) local.get("version")).longValue()));
        return o;
    }

    /**
     * Gives every floating entry of a model's state dict values that are exact in float32 and the same on every machine
     * (a seeded initialisation would be too, but this keeps the file independent of the initialisers); variances positive.
     */
    private static void fillExactly(dev.torch4j.nn.Module model) {
        int k = 0;
        try (var g = Torch.noGrad()) {
            for (var e : model.stateDict().entrySet()) {
                Tensor t = e.getValue();
                if (!t.dtype().isFloatingPoint()) continue;
                long n = t.numel();
                Tensor i = Torch.arange(n).add(k++ * 13);
                Tensor v = e.getKey().endsWith("running_var") ? i.remainder(7).add(1).div(8.0)
                        : i.mul(37).remainder(101).sub(50).div(e.getKey().endsWith("weight") && t.dim() > 1 ? 512.0 : 128.0);
                t.copy_(v.reshape(t.shapeArray()));
            }
        }
    }

    private static void checkpoint(Path dir, Map<String, JsonObject> expected, String name, Object obj) throws IOException {
        Torch.save(obj, dir.resolve(name));
        Described.assertMatches(Described.of(obj), Described.of(Torch.load(dir.resolve(name))), name + " round trip");
        expected.put(name, entry("torch", Described.of(obj)));
    }
}
