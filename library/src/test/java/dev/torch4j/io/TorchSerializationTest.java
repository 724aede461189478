package dev.torch4j.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Torch.save / Torch.load against checkpoints written by torch.save (scripts/goldens/interop_fixtures.py). */
class TorchSerializationTest {
    @TempDir Path dir;

    private static List<Map.Entry<String, JsonObject>> fixtures(boolean errors) {
        List<Map.Entry<String, JsonObject>> out = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : Described.manifest().entrySet()) {
            JsonObject o = e.getValue().getAsJsonObject();
            if (o.get("loader").getAsString().equals("torch") && o.has("error") == errors) out.add(Map.entry(e.getKey(), o));
        }
        return out;
    }

    /** Every dtype, shared storages, views with offsets and strides, parameters, nested data, both byte orders. */
    @Test
    void loadsWhatTorchSaveWrote() throws IOException {
        List<Map.Entry<String, JsonObject>> fx = fixtures(false);
        assertTrue(fx.size() >= 8, "fixtures: " + fx.size());
        for (Map.Entry<String, JsonObject> e : fx) {
            Object loaded = Torch.load(Described.resource(e.getKey()));
            Described.assertMatches(e.getValue().get("value"), Described.of(loaded), e.getKey());
        }
    }

    /** Saving what was loaded and loading it again changes nothing PyTorch would see. */
    @Test
    void reSavingPyTorchCheckpointsPreservesEverything() throws IOException {
        for (Map.Entry<String, JsonObject> e : fixtures(false)) {
            Path p = dir.resolve("re.pt");
            Torch.save(Torch.load(Described.resource(e.getKey())), p);
            Described.assertMatches(e.getValue().get("value"), Described.of(Torch.load(p)), e.getKey() + " re-saved");
        }
    }

    /** A Counter (a MultiStepLR's milestones, saved by PyTorch) loads as a PyCounter and is written back as a Counter. */
    @Test
    void countersKeepTheirPythonType() throws IOException {
        Object loaded = Torch.load(Path.of("src/test/resources/lr_state/multistep.pt"));
        Object milestones = ((Map<?, ?>) ((Map<?, ?>) loaded).get("scheduler")).get("milestones");
        PyCounter counter = assertInstanceOf(PyCounter.class, milestones);
        Path p = dir.resolve("counter.pt");
        Torch.save(Map.of("m", counter), p);
        try (var zip = new java.util.zip.ZipFile(p.toFile())) {
            String pickle = new String(zip.getInputStream(zip.stream().filter(z -> z.getName().endsWith("data.pkl")).findFirst()
                    .orElseThrow()).readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(pickle.contains("ccollections\nCounter\n"), "written as collections.Counter");
        }
        Object back = ((Map<?, ?>) Torch.load(p)).get("m");
        assertInstanceOf(PyCounter.class, back);
        assertEquals(counter, back);
    }

    /** Our pickler writes the opcodes CPython's pickler wrote for the same values (memo, ints, floats, batching). */
    @Test
    void picklesLikeTorchSave() throws IOException {
        Path src = Described.resource("ckpt_plain_dict.pt");
        Path out = dir.resolve("plain.pt");
        Torch.save(Torch.load(src), out);
        assertArrayEquals(record(src, "data.pkl"), record(out, "data.pkl"));
        assertArrayEquals(record(src, "data/0"), record(out, "data/0"));
    }

    private static byte[] record(Path p, String name) throws IOException {
        try (MappedFile f = MappedFile.open(p)) {
            ZipReader z = ZipReader.open(f);
            String prefix = z.entries().get(0).name().substring(0, z.entries().get(0).name().indexOf('/') + 1);
            try (MappedFile m = z.open(z.get(prefix + name), Long.MAX_VALUE)) {
                return m.bytes(0, (int) m.size(), name);
            }
        }
    }

    @Test
    void writesTheRecordsTorch2WritesAlignedTo64Bytes() throws IOException {
        Tensor a = Torch.arange(6).to(DType.FLOAT32);
        Map<String, Object> sd = new LinkedHashMap<>();
        sd.put("a", a);
        sd.put("b", Torch.ones(3).to(DType.FLOAT64));
        sd.put("a_view", a.narrow(0, 2, 3));
        Path p = dir.resolve("sd.pt");
        Torch.save(sd, p);
        try (MappedFile f = MappedFile.open(p)) {
            ZipReader z = ZipReader.open(f);
            assertEquals(List.of("archive/data.pkl", "archive/.format_version", "archive/.storage_alignment", "archive/byteorder",
                    "archive/data/0", "archive/data/1", "archive/version", "archive/.data/serialization_id"),
                    z.entries().stream().map(ZipReader.Entry::name).toList());
            for (ZipReader.Entry e : z.entries()) assertEquals(0, z.dataOffset(e) % 64, e.name() + " aligned");
            assertEquals("3\n", new String(record(p, "version"), StandardCharsets.US_ASCII));
            assertEquals("little", new String(record(p, "byteorder"), StandardCharsets.US_ASCII));
            assertTrue(new String(record(p, ".data/serialization_id"), StandardCharsets.US_ASCII).matches("[0-9]{40}"));
        }
        byte[] first = Files.readAllBytes(p);
        Torch.save(sd, p);
        assertArrayEquals(first, Files.readAllBytes(p), "deterministic output");
    }

    @Test
    void roundTripsJavaValues() throws IOException {
        Tensor base = Torch.arange(12).to(DType.FLOAT32).reshape(3, 4);
        Tensor param = Torch.randn(2, 2).requiresGrad_(true);
        List<Object> selfRef = new ArrayList<>();
        selfRef.add(1L);
        selfRef.add(selfRef);
        Map<Object, Object> obj = new LinkedHashMap<>();
        obj.put("views", List.of(base, base.t(), base.select(0, 1), base.narrow(1, 1, 2)));
        obj.put("param", param);
        obj.put("dtypes", Arrays.stream(dev.torch4j.testing.RealDTypes.values()).map(d -> Torch.arange(3).to(d)).toList());
        obj.put(7L, Tuple.of(1, 2.5, "s", null, true, new BigInteger("123456789012345678901234567890")));
        obj.put(Tuple.of("tuple", "key"), new byte[] {0, (byte) 0xff, 'a'});
        obj.put("meta", List.of(DType.BFLOAT16, Device.CPU, Size.of(2, 3), Long.MIN_VALUE, -1.0 / 0, Double.NaN));
        obj.put("empty", List.of(Map.of(), List.of(), Tuple.of(), Torch.zeros(0, 2)));
        obj.put("self", selfRef);
        Path p = dir.resolve("obj.pt");
        Torch.save(obj, p);
        Object back = Torch.load(p);
        Map<?, ?> m = assertInstanceOf(Map.class, back);
        List<?> self = (List<?>) m.get("self");
        assertSame(self, self.get(1), "a self-referencing list comes back self-referencing");
        m.remove("self");
        obj.remove("self");
        Described.assertMatches(Described.of(obj), Described.of(back), "round trip");
        List<?> views = (List<?>) m.get("views");
        for (Object v : views) assertSame(((Tensor) views.get(0)).storage(), ((Tensor) v).storage(), "one storage");
        assertTrue(((Tensor) m.get("param")).requiresGrad());
        assertInstanceOf(Tuple.class, m.get(7L));
    }

    @Test
    void unsupportedJavaValuesAreRefusedAndTheOldFileSurvives() throws IOException {
        Path p = dir.resolve("keep.pt");
        Torch.save(Map.of("w", Torch.ones(2)), p);
        byte[] before = Files.readAllBytes(p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Torch.save(Map.of("x", new Object()), p));
        assertTrue(e.getMessage().contains("cannot save a java.lang.Object"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(p), s.toList(), "no temporary file left");
        }
    }

    // ---------------------------------------------------------------- refusing files

    /** A plain pickle is not a legacy checkpoint (PyTorch's message), and legacy files load onto the CPU only. */
    @Test
    void legacyReaderChecksTheMagicNumberAndTheDevice() throws IOException {
        Path plain = dir.resolve("plain.pkl");
        java.nio.file.Files.write(plain, new byte[] {(byte) 0x80, 2, 'K', 7, '.'});
        IOException e = assertThrows(IOException.class, () -> Torch.load(plain));
        assertTrue(e.getMessage().endsWith("Invalid magic number; corrupt file? (a pickle, but not one torch.save wrote)"), e.getMessage());
        try (MappedFile f = MappedFile.open(Described.resource("legacy_format.pt"))) {
            e = assertThrows(IOException.class, () -> TorchSerialization.read(f, Device.cuda(0)));
        }
        assertTrue(e.getMessage().contains("a legacy (pre-1.6, non-zip) checkpoint loads onto the CPU here"), e.getMessage());
    }

    @Test
    void refusesMaliciousPicklesAndOtherFormatsNamingWhy() {
        List<Map.Entry<String, JsonObject>> fx = fixtures(true);
        assertEquals(3, fx.size()); // the TorchScript archive and two malicious pickles (legacy files load now)
        for (Map.Entry<String, JsonObject> e : fx) {
            IOException ex = assertThrows(IOException.class, () -> Torch.load(Described.resource(e.getKey())), e.getKey());
            String want = e.getValue().get("error").getAsString();
            assertTrue(ex.getMessage().contains(want), e.getKey() + ": " + ex.getMessage());
            assertTrue(ex.getMessage().contains(e.getKey()), "names the file: " + ex.getMessage());
        }
    }

    @Test
    void theMaliciousGlobalIsNamedAndNeverCalled() {
        IOException e = assertThrows(IOException.class, () -> Torch.load(Described.resource("malicious_os_system.pt")));
        assertTrue(e.getMessage().contains("unsupported global 'posix.system'"), e.getMessage());
        assertTrue(e.getMessage().contains("never calls code"), e.getMessage());
    }

    // ---------------------------------------------------------------- devices

    @Test
    void mapLocationCpuWorksAndCudaIsRefusedUntilItExists() throws IOException {
        Path src = Described.resource("ckpt_shared_views.pt");
        Map<?, ?> m = (Map<?, ?>) Torch.load(src, Device.CPU);
        assertEquals(Device.CPU, ((Tensor) m.get("weight")).device());
        if (Torch.cuda().isAvailable()) { // with a GPU (or the CUDA emulator) the map location is honoured
            Tensor w = (Tensor) ((Map<?, ?>) Torch.load(src, Device.cuda(0))).get("weight");
            assertEquals(Device.cuda(0), w.device());
            assertArrayEquals(((Tensor) m.get("weight")).toDoubleArray(), w.toDoubleArray());
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Torch.load(src, Device.cuda(0)));
        assertTrue(e.getMessage().contains("map_location cuda:0 is not available"), e.getMessage());
    }

    @Test
    void aCheckpointSavedOnCudaNeedsAMapLocation() throws IOException {
        Path src = Described.resource("ckpt_shared_views.pt");
        byte[] pkl = record(src, "data.pkl");
        byte[] cpu = "X\u0003\u0000\u0000\u0000cpu".getBytes(StandardCharsets.ISO_8859_1);
        byte[] cuda = "X\u0006\u0000\u0000\u0000cuda:0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] patched = replace(pkl, cpu, cuda);
        Path p = dir.resolve("cuda.pt");
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("archive/data.pkl", patched);
        records.put("archive/data/0", record(src, "data/0"));
        records.put("archive/data/1", record(src, "data/1"));
        records.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        writeZip(p, records);
        Map<?, ?> m = (Map<?, ?>) Torch.load(p, Device.CPU);
        assertEquals(12, ((Tensor) m.get("weight")).numel());
        if (Torch.cuda().isAvailable()) { // as PyTorch does, a CUDA storage loads onto the GPU it was saved from
            Tensor w = (Tensor) ((Map<?, ?>) Torch.load(p)).get("weight");
            assertEquals(Device.cuda(0), w.device());
            assertArrayEquals(((Tensor) m.get("weight")).toDoubleArray(), w.toDoubleArray());
            return;
        }
        IOException e = assertThrows(IOException.class, () -> Torch.load(p));
        assertTrue(e.getMessage().contains("deserialize a storage on cuda:0"), e.getMessage());
        assertTrue(e.getMessage().contains("Torch.load(path, Device.CPU)"), e.getMessage());
    }

    static void writeZip(Path p, Map<String, byte[]> records) throws IOException {
        AtomicFile.write(p, ch -> {
            ZipWriter z = new ZipWriter(ch, 64, 0);
            for (Map.Entry<String, byte[]> r : records.entrySet()) z.add(r.getKey(), r.getValue());
            z.finish();
        });
    }

    private static byte[] replace(byte[] src, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= src.length; i++) {
            if (Arrays.equals(src, i, i + from.length, from, 0, from.length)) {
                byte[] out = new byte[src.length - from.length + to.length];
                System.arraycopy(src, 0, out, 0, i);
                System.arraycopy(to, 0, out, i, to.length);
                System.arraycopy(src, i + from.length, out, i + to.length, src.length - i - from.length);
                return out;
            }
        }
        throw new AssertionError("pattern not found");
    }

    // ---------------------------------------------------------------- state dicts

    @Test
    void loadStateDictChecksNamesAndTensors() throws IOException {
        Map<String, Tensor> sd = TorchSerialization.loadStateDict(Described.resource("ckpt_model_state.pt"));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
                "3.weight", "3.bias"), List.copyOf(sd.keySet()));
        assertEquals(DType.INT64, sd.get("1.num_batches_tracked").dtype());
        assertEquals(2, sd.get("1.num_batches_tracked").itemLong());
        IOException e = assertThrows(IOException.class, () -> TorchSerialization.loadStateDict(Described.resource("ckpt_nested.pt")));
        assertTrue(e.getMessage().contains("not a state dict"), e.getMessage());
    }

    /** The promise: {@code model.loadStateDict(...)} of a PyTorch-trained model computes what PyTorch computed. */
    @Test
    void aPyTorchTrainedModelLoadsAndPredictsTheSame() throws IOException {
        JsonObject entry = Described.manifest().get("ckpt_model_state.pt").getAsJsonObject();
        Module model = mlpBn();
        model.loadStateDict(TorchSerialization.loadStateDict(Described.resource("ckpt_model_state.pt")));
        model.eval();
        Tensor x = Golden.tensor(entry.getAsJsonObject("input"));
        Golden.assertClose(Golden.tensor(entry.getAsJsonObject("output")), model.forward(x), "outputs");
    }

    /** The model of interop_fixtures.py's mlp_bn(): Linear(3, 4), BatchNorm1d(4), ReLU, Linear(4, 2). */
    static Module mlpBn() {
        return new Sequential(new Linear(3, 4), new BatchNorm1d(4), new ReLU(), new Linear(4, 2));
    }

    @Test
    void storageRecordsShorterThanTheirStorageAreRefused() throws IOException {
        Path p = dir.resolve("short.pt");
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("archive/data.pkl", new Pickler(s -> "0").dump(Torch.arange(6).to(DType.FLOAT32)));
        records.put("archive/data/0", new byte[8]);
        records.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        writeZip(p, records);
        IOException e = assertThrows(IOException.class, () -> Torch.load(p));
        assertTrue(e.getMessage().contains("holds 8 bytes but 6 elements of torch.float32 need 24"), e.getMessage());
        records.remove("archive/data/0");
        writeZip(p, records);
        e = assertThrows(IOException.class, () -> Torch.load(p));
        assertTrue(e.getMessage().contains("archive/data/0 is missing"), e.getMessage());
    }
}
