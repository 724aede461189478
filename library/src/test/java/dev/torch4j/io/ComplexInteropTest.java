package dev.torch4j.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Complex tensors through every file format, against real NumPy and PyTorch both ways
 * ({@code scripts/goldens/complex_interop_fixtures.py}): files they wrote load with identical values (bit for bit,
 * NaN, infinities, -0.0 and subnormal parts included), and the files torch4j writes are the committed ones, which
 * that script's {@code --verify} loaded with numpy.load and torch.load(weights_only=True). To regenerate after a
 * format change: {@code mvn test -Dtest='ComplexInteropTest#theCommitted*'
 * -Dt4j.complexInterop.writeDir=src/test/resources/interop/complex/from_torch4j} (from the torch4j folder), then the
 * script with {@code --verify}.
 */
class ComplexInteropTest {
    private static final String DIR = "complex/";
    private static final String OUT = DIR + "from_torch4j/";

    @TempDir Path tmp;

    // ---------------------------------------------------------------- descriptions (as the script's)

    /** Python's {@code float.hex(v)} ({@code nan}, {@code inf}, {@code -inf} as the script writes them). */
    static String pyHex(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        long bits = Double.doubleToRawLongBits(v);
        String sign = bits < 0 ? "-" : "";
        long mant = bits & ((1L << 52) - 1);
        int e = (int) ((bits >>> 52) & 0x7ff);
        if (e == 0 && mant == 0) return sign + "0x0.0p+0";
        if (e == 0) return sign + "0x0." + String.format("%013x", mant) + "p-1022";
        int exp = e - 1023;
        return sign + "0x1." + String.format("%013x", mant) + "p" + (exp < 0 ? "-" : "+") + Math.abs(exp);
    }

    /** Every real scalar of {@code t}, row-major (a complex element as re, im), widened exactly to double. */
    static double[] scalars(Tensor t) {
        Tensor d = t.detach();
        return (d.isComplex() ? d.viewAsReal() : d).contiguous().to(DType.FLOAT64).toDoubleArray();
    }

    private static JsonArray longs(long[] v) {
        JsonArray a = new JsonArray();
        for (long x : v) a.add(x);
        return a;
    }

    /** The script's description: dtype, shape, data; with {@code layout} also stride, offset, storage, requires_grad. */
    static JsonObject describe(Tensor t, Map<Object, String> storages, boolean layout) {
        JsonObject o = new JsonObject();
        o.addProperty("dtype", t.dtype().pyName());
        o.add("shape", longs(t.shapeArray()));
        if (layout) {
            o.add("stride", longs(t.stride()));
            o.addProperty("offset", t.storageOffset());
            o.addProperty("storage", storages.computeIfAbsent(t.storage(), s -> "s" + storages.size()));
            o.addProperty("requires_grad", t.requiresGrad());
        } else {
            o.add("stride", t.numel() == 0 ? null : longs(t.stride()));
        }
        JsonArray data = new JsonArray();
        for (double v : scalars(t)) data.add(pyHex(v));
        o.add("data", data);
        return o;
    }

    static JsonObject describeAll(Map<String, Tensor> tensors, boolean layout) {
        Map<Object, String> storages = new IdentityHashMap<>();
        JsonObject o = new JsonObject();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) o.add(e.getKey(), describe(e.getValue(), storages, layout));
        return o;
    }

    /** Every key of {@code expected} has the same value in {@code actual} (a null stride matches an absent one). */
    private static void assertDescribes(JsonElement expected, JsonElement actual, String path) {
        if (expected == null || expected.isJsonNull()) {
            assertTrue(actual == null || actual.isJsonNull(), path + ": expected nothing, got " + actual);
        } else if (expected.isJsonObject()) {
            assertTrue(actual != null && actual.isJsonObject(), path + ": expected an object, got " + actual);
            for (String k : expected.getAsJsonObject().keySet()) {
                assertDescribes(expected.getAsJsonObject().get(k), actual.getAsJsonObject().get(k), path + "." + k);
            }
        } else {
            assertEquals(expected, actual, path);
        }
    }

    // ---------------------------------------------------------------- files written by NumPy and PyTorch

    @TestFactory
    List<DynamicTest> filesWrittenByNumpyAndPyTorchLoadIdentically() {
        JsonObject files = Described.readJson(Described.resource(DIR + "manifest.json")).getAsJsonObject("files");
        assertEquals(13, files.size(), "fixture count");
        return files.keySet().stream().map(rel -> DynamicTest.dynamicTest(rel, () -> {
            JsonObject entry = files.getAsJsonObject(rel);
            Path p = Described.resource(DIR + rel);
            JsonElement actual = switch (entry.get("loader").getAsString()) {
                case "npy" -> describe(Npy.load(p), new IdentityHashMap<>(), false);
                case "npz" -> describeAll(Npy.loadNpz(p), false);
                case "safetensors" -> describeAll(SafeTensors.loadFile(p), true);
                case "torch" -> describeAll(tensors(TorchSerialization.load(p)), true);
                default -> throw new AssertionError(entry);
            };
            assertDescribes(entry.get("value"), actual, rel);
        })).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> tensors(Object loaded) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ((Map<Object, Object>) loaded).forEach((k, v) -> out.put((String) k, (Tensor) v));
        return out;
    }

    @Test
    void checkpointKeepsViewsOfOneComplexStorage() throws IOException {
        Map<String, Tensor> t = tensors(TorchSerialization.load(Described.resource(DIR + "ckpt_complex.pt")));
        assertSame(t.get("c64").storage(), t.get("c64_t").storage());
        assertSame(t.get("c64").storage(), t.get("c64_row").storage());
        assertNotSame(t.get("c64").storage(), t.get("c128").storage());
        assertEquals(DType.COMPLEX64, t.get("param").dtype());
        assertTrue(t.get("param").requiresGrad());
        // a write through the real view shows in the loaded complex views: one storage, interleaved parts
        t.get("c64").viewAsReal().select(-1, 1).fill_(7);
        assertEquals(7.0, scalars(t.get("c64_t"))[1]);
        assertEquals(7.0, scalars(t.get("c64_row"))[3]);
    }

    // ---------------------------------------------------------------- files written by torch4j

    /** The (2, 3) sample of a complex dtype that complex_interop_fixtures.py builds too. */
    static Tensor sample(DType d) {
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        double[] re = d == DType.COMPLEX64 ? new double[] {-3.4028234663852886e38, -1.5, -0.0, Math.pow(2, -149), inf, nan}
                : new double[] {-Double.MAX_VALUE, -1.5, 0.1, Double.MIN_VALUE, -inf, nan};
        double[] im = d == DType.COMPLEX64 ? new double[] {1.0, -0.0, 2.5, nan, -inf, 0.1}
                : new double[] {2.0, -0.0, nan, inf, 1e300, -Double.MIN_VALUE};
        DType part = d.toReal();
        return Torch.complex(Torch.fromArray(re).to(part), Torch.fromArray(im).to(part)).reshape(2, 3);
    }

    /** Writes torch4j's files and expected.json into {@code dir}; returns the names in write order. */
    static List<String> write(Path dir) throws IOException {
        Map<String, JsonObject> expected = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (DType d : List.of(DType.COMPLEX64, DType.COMPLEX128)) {
            String c = d.pyName() + "_c_le.npy", f = d.pyName() + "_f_be.npy";
            Npy.save(dir.resolve(c), sample(d));
            expected.put(c, entry("npy", describe(sample(d), new IdentityHashMap<>(), false)));
            Tensor fortran = sample(d).t().contiguous().t();
            Npy.save(dir.resolve(f), fortran, ByteOrder.BIG_ENDIAN, true);
            expected.put(f, entry("npy", describe(fortran, new IdentityHashMap<>(), false)));
        }
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("z", sample(DType.COMPLEX64));
        arrays.put("w", sample(DType.COMPLEX128).narrow(1, 1, 2)); // a strided view, written C-contiguous
        arrays.put("e", Torch.zeros(0, 2).to(DType.COMPLEX64));
        Npy.savez(dir.resolve("arrays.npz"), arrays);
        Map<String, Tensor> asWritten = new LinkedHashMap<>(); // NumPy reads the view back C-contiguous
        arrays.forEach((k, v) -> asWritten.put(k, v.contiguous()));
        expected.put("arrays.npz", entry("npz", describeAll(asWritten, false)));

        Tensor z = sample(DType.COMPLEX64);
        Map<String, Tensor> ckpt = new LinkedHashMap<>();
        ckpt.put("c64", z);
        ckpt.put("c64_t", z.t());
        ckpt.put("c64_row", z.select(0, 1));
        ckpt.put("c128", sample(DType.COMPLEX128));
        ckpt.put("scalar", Torch.complex(Torch.fromArray(new double[] {0.5}), Torch.fromArray(new double[] {-1.0})).reshape());
        ckpt.put("grad", Torch.complex(Torch.ones(2), Torch.zeros(2)).requiresGrad_(true));
        ckpt.put("real", Torch.arange(3).to(DType.FLOAT32));
        Torch.save(ckpt, dir.resolve("ckpt_complex.pt"));
        expected.put("ckpt_complex.pt", entry("torch", describeAll(ckpt, true)));

        Map<String, Tensor> st = new LinkedHashMap<>();
        st.put("z", sample(DType.COMPLEX64));
        st.put("f", Torch.arange(3).to(DType.FLOAT32));
        st.put("d", Torch.ones(2).to(DType.FLOAT64));
        SafeTensors.saveFile(st, Map.of("format", "pt"), dir.resolve("complex64.safetensors"));
        expected.put("complex64.safetensors", entry("safetensors", describeAll(st, true)));

        names.addAll(expected.keySet());
        JsonObject root = new JsonObject();
        JsonObject files = new JsonObject();
        expected.forEach(files::add);
        root.add("files", files);
        Files.writeString(dir.resolve("expected.json"), new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n",
                StandardCharsets.UTF_8);
        names.add("expected.json");
        return names;
    }

    private static JsonObject entry(String loader, JsonObject value) {
        if (!loader.equals("torch")) {
            // safetensors has no layout: storage ids and flags are the checkpoint's business only
            for (Map.Entry<String, JsonElement> e : value.entrySet()) {
                if (e.getValue().isJsonObject()) {
                    JsonObject t = e.getValue().getAsJsonObject();
                    t.remove("offset");
                    t.remove("storage");
                    t.remove("requires_grad");
                    if (loader.equals("safetensors")) t.remove("stride");
                }
            }
        }
        JsonObject o = new JsonObject();
        o.addProperty("loader", loader);
        o.add("value", value);
        return o;
    }

    @Test
    void theCommittedFilesAreExactlyWhatTheCurrentCodeWrites() throws IOException {
        String target = System.getProperty("t4j.complexInterop.writeDir");
        if (target != null && !target.isBlank()) {
            Files.createDirectories(Path.of(target));
            write(Path.of(target));
            return;
        }
        List<String> names = write(tmp);
        for (String name : names) {
            assertArrayEquals(Files.readAllBytes(Described.resource(OUT + name)), Files.readAllBytes(tmp.resolve(name)),
                    name + " differs from the committed file: the format changed? Regenerate and re-verify (class Javadoc)");
        }
        TreeSet<String> committed;
        try (Stream<Path> s = Files.list(Described.resource(OUT + "expected.json").getParent())) {
            committed = new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
        committed.remove("verified.json");
        assertEquals(new TreeSet<>(names), committed, "committed files");
    }

    @Test
    void pythonVerifiedEveryCommittedFile() throws Exception {
        JsonObject verified = Described.readJson(Described.resource(OUT + "verified.json"));
        Path expectedJson = Described.resource(OUT + "expected.json");
        assertEquals(sha256(Files.readAllBytes(expectedJson)), verified.get("expected_sha256").getAsString(),
                "verified.json was made from another expected.json: run complex_interop_fixtures.py --verify");
        JsonObject files = verified.getAsJsonObject("files");
        JsonObject expected = Described.readJson(expectedJson).getAsJsonObject("files");
        assertEquals(expected.keySet(), files.keySet());
        for (String name : expected.keySet()) {
            JsonObject v = files.getAsJsonObject(name);
            assertTrue(v.get("ok").getAsBoolean(), name + ": Python could not verify it: " + v.get("error"));
            assertEquals(sha256(Files.readAllBytes(Described.resource(OUT + name))), v.get("sha256").getAsString(),
                    name + ": changed since Python verified it");
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    // ---------------------------------------------------------------- round trips and refusals

    @Test
    void roundTripsKeepEveryBit() throws IOException {
        for (DType d : List.of(DType.COMPLEX64, DType.COMPLEX128)) {
            Tensor z = sample(d);
            double[] want = scalars(z);
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                Path p = tmp.resolve(d.pyName() + order + ".npy");
                Npy.save(p, z.t(), order, false);
                Tensor back = Npy.load(p);
                assertEquals(d, back.dtype());
                assertArrayEquals(bits(scalars(z.t())), bits(scalars(back)), p.toString());
            }
            Path pt = tmp.resolve(d.pyName() + ".pt");
            Torch.save(Map.of("z", z.narrow(1, 1, 2)), pt);
            Tensor back = tensors(TorchSerialization.load(pt)).get("z");
            assertEquals(d, back.dtype());
            assertArrayEquals(new long[] {3, 1}, back.stride()); // the view keeps its layout over the whole storage
            assertEquals(1, back.storageOffset());
            assertEquals(6, back.storage().numel());
            assertArrayEquals(bits(scalars(z.narrow(1, 1, 2))), bits(scalars(back)));
            assertArrayEquals(bits(want), bits(scalars(z)), "the source is unchanged");
        }
        Path st = tmp.resolve("c.safetensors");
        SafeTensors.saveFile(Map.of("z", sample(DType.COMPLEX64).t()), st);
        try (SafeTensors.Reader r = SafeTensors.safeOpen(st)) {
            assertEquals(DType.COMPLEX64, r.dtype("z"));
            assertArrayEquals(bits(scalars(sample(DType.COMPLEX64).t())), bits(scalars(r.getTensor("z"))));
        }
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Double.doubleToLongBits(v[i]); // every NaN alike, -0.0 apart from 0.0
        return b;
    }

    @Test
    void npyHeadersNameNumpysComplexDtypes() throws IOException {
        Path p = tmp.resolve("h.npy");
        Npy.save(p, sample(DType.COMPLEX128), ByteOrder.BIG_ENDIAN, false);
        String header = new String(Files.readAllBytes(p), 10, 60, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '>c16', 'fortran_order': False, 'shape': (2, 3), }"), header);
        Npy.save(p, sample(DType.COMPLEX64));
        header = new String(Files.readAllBytes(p), 10, 60, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<c8', "), header);
    }

    @Test
    void safetensorsRefusesComplex128NamingTheTensor() {
        Path p = tmp.resolve("x.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.saveFile(Map.of("w", sample(DType.COMPLEX128)), p));
        assertTrue(e.getMessage().contains("tensor \"w\" [2, 3] is torch.complex128"), e.getMessage());
        assertTrue(e.getMessage().contains("C64"), e.getMessage());
        assertTrue(Files.notExists(p), "nothing written");
    }

    @Test
    void safetensorsWritesC64BetweenF32AndF64() throws IOException {
        Path p = tmp.resolve("order.safetensors");
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a_f32", Torch.ones(1));
        m.put("b_c64", sample(DType.COMPLEX64));
        m.put("c_f64", Torch.ones(1).to(DType.FLOAT64));
        SafeTensors.saveFile(m, p);
        try (SafeTensors.Reader r = SafeTensors.safeOpen(p)) {
            assertEquals(List.of("c_f64", "b_c64", "a_f32"), List.copyOf(r.keys())); // descending dtype alignment rank
        }
    }
}
