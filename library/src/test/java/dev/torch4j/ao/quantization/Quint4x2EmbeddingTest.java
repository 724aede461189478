package dev.torch4j.ao.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.quantized.Embedding;
import dev.torch4j.ao.nn.quantized.EmbeddingBag;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;
import dev.torch4j.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code torch.quint4x2} and 4-bit quantized embeddings against PyTorch 1.13 (goldens/quint4x2_embedding.json, from
 * scripts/goldens/quint4x2_embedding_goldens.py): quantized tensors, per channel and per tensor, bit for bit (packed
 * int_repr, dequantized values, reprs, checkpoints both ways), the 4-bit Embedding / EmbeddingBag from from_float, prepare/convert and
 * quantize_dynamic with float_qparams_weight_only_qconfig_4bit (float16 row scales and biases, outputs exactly),
 * PyTorch's error messages and state dicts.
 */
class Quint4x2EmbeddingTest {
    private static final Map<String, JsonObject> CASES = new LinkedHashMap<>();

    static {
        for (JsonObject c : Golden.cases("quint4x2_embedding")) CASES.put(c.get("name").getAsString(), c);
    }

    private static Tensor t(JsonObject c, String key) { return Golden.tensor(c.getAsJsonObject(key)); }

    private static Tensor f32(JsonObject c, String key) { return t(c, key).to(DType.FLOAT32); }

    private static void assertQuantized(JsonObject want, Tensor q, String what) {
        QuantizedEmbeddingTest.assertQuantized(want, q, what);
        assertEquals(want.get("element_size").getAsLong(), q.elementSize(), what + " element_size");
    }

    @Test
    void quint4x2TensorsAreBitExact() {
        int i = 0;
        for (JsonElement e : CASES.get("tensors").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            Tensor q = Torch.quantizePerChannel(f32(c, "x"), f32(c, "scales"), f32(c, "zero_points"), c.get("axis").getAsLong(), DType.QUINT4X2);
            assertQuantized(c.getAsJsonObject("q"), q, "tensor case " + i++);
        }
        assertEquals("torch.quint4x2", DType.QUINT4X2.toString());
        assertTrue(DType.QUINT4X2.isQuantized());
        assertEquals(DType.UINT8, DType.QUINT4X2.underlying());
        Tensor q = Torch.quantizePerChannel(Torch.randn(2, 4), Torch.ones(2), Torch.zeros(2), 0, DType.QUINT4X2);
        assertEquals(QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS, q.qscheme());
        Golden.assertExact(q.intRepr(), q.clone().intRepr(), "clone");
        JsonObject errs = CASES.get("errors").getAsJsonObject("errors");
        var ex = assertThrows(IllegalArgumentException.class,
                () -> Torch.quantizePerChannel(Torch.randn(3, 4), Torch.ones(3), Torch.zeros(3).to(DType.INT64), 0, DType.QUINT4X2));
        assertEquals(errs.get("int_zero_points").getAsString(), ex.getMessage());
    }

    @Test
    void quint4x2PerTensorAsPyTorch() throws Exception {
        JsonObject c = CASES.get("per_tensor");
        Tensor x = f32(c, "x");
        int i = 0;
        for (JsonElement e : c.getAsJsonArray("cases")) {
            JsonObject k = e.getAsJsonObject();
            Tensor q = Torch.quantizePerTensor(x, k.get("scale").getAsDouble(), k.get("zero_point").getAsLong(), DType.QUINT4X2);
            Golden.assertExact(t(k, "int_repr"), q.intRepr(), "per tensor " + i + " int_repr");
            Golden.assertExact(f32(k, "dequant"), q.dequantize(), "per tensor " + i + " dequantize");
            assertEquals(k.get("repr").getAsString(), q.toString(), "per tensor " + i++ + " repr");
        }
        for (String key : new String[] {"above", "below"}) {
            long zp = key.equals("above") ? 256 : -1;
            var ex = assertThrows(IllegalArgumentException.class, () -> Torch.quantizePerTensor(x, 0.1, zp, DType.QUINT4X2));
            assertEquals(c.get(key).getAsString(), ex.getMessage());
        }
        // PyTorch's quantized kernels refuse quint4x2 ("qrelu" not implemented for 'QUInt4x2'), as torch4j's do (naming its op)
        Tensor q = Torch.quantizePerTensor(x, 0.1, 3, DType.QUINT4X2);
        for (Executable op : new Executable[] {() -> Torch.relu(q), () -> Torch.cat(List.of(q, q)), () -> q.clone().copy_(q),
                () -> dev.torch4j.nn.Functional.maxPool2d(q.reshape(1, 1, 2, 6), 2)}) {
            var ex = assertThrows(IllegalArgumentException.class, op);
            assertTrue(ex.getMessage().endsWith("not implemented for 'QUInt4x2'"), ex.getMessage());
        }
        JsonObject saved = c.getAsJsonObject("saved");
        Tensor fromTorch = (Tensor) Torch.load(resource("pytorch_quint4x2_per_tensor.pt"));
        Golden.assertExact(t(saved, "int_repr"), fromTorch.intRepr(), "PyTorch's file");
        assertEquals(saved.get("repr").getAsString(), fromTorch.toString());
        Path f = Files.createTempDirectory("t4j-q4").resolve("quint4x2_per_tensor.pt");
        Torch.save(fromTorch, f);
        StaticQuantTest.checkCommittedFile(f); // quint4x2_embedding_goldens.py --verify loads it into PyTorch
        Tensor back = (Tensor) Torch.load(f);
        Golden.assertExact(t(saved, "int_repr"), back.intRepr(), "torch4j's file");
        assertEquals(saved.get("repr").getAsString(), back.toString());
    }

    @Test
    void quint4x2CheckpointsBothWays() throws Exception {
        JsonObject want = CASES.get("saved_tensor").getAsJsonObject("q");
        Tensor fromTorch = (Tensor) Torch.load(resource("pytorch_quint4x2.pt"));
        assertQuantized(want, fromTorch, "PyTorch's file");
        Path f = Files.createTempDirectory("t4j-q4").resolve("quint4x2.pt");
        Torch.save(fromTorch, f);
        StaticQuantTest.checkCommittedFile(f); // quint4x2_embedding_goldens.py --verify loads it into PyTorch
        assertQuantized(want, (Tensor) Torch.load(f), "torch4j's file");
    }

    private static Path resource(String name) throws Exception {
        return Path.of(Quint4x2EmbeddingTest.class.getResource("/interop/quantized/" + name).toURI());
    }

    /** The golden script's float modules, their weights PyTorch's, each with float_qparams_weight_only_qconfig_4bit. */
    private static Module[] floatModules() {
        JsonObject fs = CASES.get("modules").getAsJsonObject("float_state");
        var emb = new dev.torch4j.nn.Embedding(30, 8);
        var bag = new dev.torch4j.nn.EmbeddingBag(30, 8, "mean");
        var last = new dev.torch4j.nn.EmbeddingBag(30, 8, "max", true, null, dev.torch4j.TensorOptions.DEFAULT);
        Module[] ms = {emb, bag, last};
        String[] names = {"emb", "bag", "bag_last"};
        for (int i = 0; i < 3; i++) {
            ms[i].loadStateDict(Map.of("weight", f32(fs, names[i])));
            QuantizeStatic.setQconfig(ms[i], Defaults.floatQparamsWeightOnlyQconfig4bit());
        }
        return ms;
    }

    private static Tensor idx() { return t(CASES.get("modules"), "idx"); }

    private static void assertOutputs(Module emb, Module bag, Module last) {
        JsonObject outs = CASES.get("modules").getAsJsonObject("outputs");
        Tensor idx = idx(), psw = f32(CASES.get("modules"), "psw");
        Tensor offsets = Torch.tensor(new long[] {0, 3, 3, 17, 39}), lastOffsets = Torch.tensor(new long[] {0, 5, 5, 12, 40});
        Map<String, Tensor> got = new LinkedHashMap<>();
        got.put("emb_1d", emb.call(idx));
        got.put("emb_2d", emb.call(idx.reshape(5, 8)));
        got.put("emb_int32", emb.call(idx.narrow(0, 0, 6).to(DType.INT32)));
        got.put("bag_offsets", bag.call(idx, offsets));
        got.put("bag_psw", bag.call(idx, offsets, psw));
        got.put("bag_2d", bag.call(idx.reshape(8, 5)));
        got.put("bag_first_offset_1", bag.call(idx.narrow(0, 0, 10), Torch.tensor(new long[] {1, 4})));
        got.put("last_offsets", last.call(idx, lastOffsets));
        got.put("last_psw", last.call(idx, lastOffsets, psw));
        got.put("last_2d", last.call(idx.reshape(4, 10)));
        assertEquals(outs.size(), got.size());
        for (var e : got.entrySet()) Golden.assertExact(f32(outs, e.getKey()), e.getValue(), e.getKey());
        // float16 per-sample weights widen exactly
        Tensor psw16 = psw.to(DType.FLOAT16);
        Golden.assertExact(bag.call(idx, offsets, psw16.to(DType.FLOAT32)), bag.call(idx, offsets, psw16), "float16 psw");
    }

    @Test
    void fromFloatMatchesPyTorch() {
        JsonObject c = CASES.get("modules");
        Module[] ms = floatModules();
        Embedding qe = Embedding.fromFloat(ms[0]);
        EmbeddingBag qb = EmbeddingBag.fromFloat(ms[1]), ql = EmbeddingBag.fromFloat(ms[2]);
        JsonObject w = c.getAsJsonObject("weights"), reprs = c.getAsJsonObject("reprs");
        assertQuantized(w.getAsJsonObject("emb"), qe.weight(), "emb weight");
        assertQuantized(w.getAsJsonObject("bag"), qb.weight(), "bag weight");
        assertQuantized(w.getAsJsonObject("bag_last"), ql.weight(), "bag_last weight");
        assertEquals(reprs.get("emb").getAsString(), qe.toString());
        assertEquals(reprs.get("bag").getAsString(), qb.toString());
        assertEquals(reprs.get("bag_last").getAsString(), ql.toString());
        assertEquals(reprs.get("default").getAsString(), new EmbeddingBag(10, 8, "sum", false, DType.QUINT4X2).toString());
        assertEquals(DType.QUINT4X2, qe.dtype);
        assertOutputs(qe, qb, ql);
        // PyTorch's own from_float gives a quint8 module here, whose forward returns 0 columns: torch4j does not follow it
        assertEquals("[40,0]", c.get("pytorch_from_float_emb_shape").toString());
    }

    @Test
    void errorsAreTorchs() {
        JsonObject errs = CASES.get("errors").getAsJsonObject("errors");
        var qb = new EmbeddingBag(5, 4, "sum", true, DType.QUINT4X2);
        var wrong = new dev.torch4j.nn.Embedding(3, 2);
        QuantizeStatic.setQconfig(wrong, new QConfig(PlaceholderObserver::new, () -> new PerChannelMinMaxObserver(
                ObserverOptions.defaults().dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS))));
        Map<String, Executable> cases = new LinkedHashMap<>();
        cases.put("no_offsets", () -> qb.forward(Torch.tensor(new long[] {1, 2}), null, null));
        cases.put("bag_2d_offsets", () -> qb.call(Torch.tensor(new long[] {1, 2}).reshape(1, 2), Torch.tensor(new long[] {0})));
        cases.put("psw_long", () -> qb.call(Torch.tensor(new long[] {1, 2}), Torch.tensor(new long[] {0, 1}), Torch.tensor(new long[] {1, 2})));
        cases.put("wrong_dtype", () -> Embedding.fromFloat(wrong));
        for (var e : cases.entrySet()) {
            var ex = assertThrows(IllegalArgumentException.class, e.getValue(), e.getKey());
            assertEquals(errs.get(e.getKey()).getAsString(), ex.getMessage(), e.getKey());
        }
        // torch4j's own refusals: an odd width (PyTorch garbles it), a weight of the other dtype, a state dict of the other dtype
        assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 5, DType.QUINT4X2));
        assertThrows(IllegalArgumentException.class, () -> qb.setWeight(new Embedding(5, 4).weight()));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 4).setWeight(qb.weight()));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 4, DType.QINT8));
    }

    @Test
    void quantizeDynamicWithA4bitQconfigSpec() {
        JsonObject c = CASES.get("dynamic"), w = CASES.get("modules").getAsJsonObject("weights");
        Module[] ms = floatModules();
        for (Module m : ms) QuantizeStatic.removeQconfig(m);
        Map<String, Module> named = new LinkedHashMap<>();
        named.put("emb", ms[0]);
        named.put("inner", new Sequential(ms[1]));
        named.put("fc", new dev.torch4j.nn.Linear(8, 2));
        Sequential m = new Sequential(named);
        QConfig q4 = Defaults.floatQparamsWeightOnlyQconfig4bit();
        Module q = QuantizeDynamic.quantizeDynamic(m, Map.of(dev.torch4j.nn.Embedding.class, q4, dev.torch4j.nn.EmbeddingBag.class, q4), false);
        assertEquals(c.get("repr").getAsString(), q.toString());
        assertQuantized(w.getAsJsonObject("emb"), ((Embedding) q.getSubmodule("emb")).weight(), "dynamic emb");
        assertQuantized(w.getAsJsonObject("bag"), ((Embedding) q.getSubmodule("inner.0")).weight(), "dynamic bag");
    }

    private static Sequential model() {
        Module[] ms = floatModules();
        Map<String, Module> named = new LinkedHashMap<>();
        named.put("emb", ms[0]);
        named.put("bag", ms[1]);
        named.put("bag_last", ms[2]);
        return new Sequential(named);
    }

    @Test
    void prepareConvertAndStateDicts() throws Exception {
        JsonObject c = CASES.get("convert");
        Sequential m = model();
        m.eval();
        Module prepared = QuantizeStatic.prepare(m);
        assertEquals(c.get("prepared_repr").getAsString(), prepared.toString());
        Module q = QuantizeStatic.convert(prepared);
        assertEquals(c.get("converted_repr").getAsString(), q.toString());
        assertOutputs(q.getSubmodule("emb"), q.getSubmodule("bag"), q.getSubmodule("bag_last"));
        Module copy = q.deepCopy();
        assertOutputs(copy.getSubmodule("emb"), copy.getSubmodule("bag"), copy.getSubmodule("bag_last"));

        Map<String, Tensor> sd = q.stateDict();
        List<String> all = new ArrayList<>(), tensors = new ArrayList<>();
        for (JsonElement k : c.getAsJsonArray("state_keys")) all.add(k.getAsString());
        for (String k : all) if (!k.endsWith(".dtype")) tensors.add(k);
        assertEquals(tensors, new ArrayList<>(sd.keySet()));
        Path f = Files.createTempDirectory("t4j-q4").resolve("embedding_4bit.pt");
        Torch.save(sd, f);
        Map<?, ?> written = (Map<?, ?>) Torch.load(f);
        assertEquals(all, new ArrayList<>(written.keySet()));
        assertEquals(DType.QUINT4X2, written.get("bag._packed_params.dtype"));
        StaticQuantTest.checkCommittedFile(f); // quint4x2_embedding_goldens.py --verify loads it into PyTorch
        for (String file : new String[] {f.toString(), resource("pytorch_embedding_4bit.pt").toString()}) {
            Module q2 = QuantizeStatic.convert(QuantizeStatic.prepare(model()));
            for (String n : new String[] {"emb", "bag", "bag_last"}) {
                ((Embedding) q2.getSubmodule(n)).setWeight(new Embedding(30, 8, DType.QUINT4X2).weight());
            }
            q2.loadStateDict(Torch.load(Path.of(file)));
            assertOutputs(q2.getSubmodule("emb"), q2.getSubmodule("bag"), q2.getSubmodule("bag_last"));
        }
        // a quint8 module refuses a 4-bit state dict (PyTorch packs it and misreads it)
        Sequential m8 = model();
        for (Module child : m8.children()) QuantizeStatic.setQconfig(child, Defaults.floatQparamsWeightOnlyQconfig());
        Module q8 = QuantizeStatic.convert(QuantizeStatic.prepare(m8));
        Object loaded = Torch.load(f);
        var ex = assertThrows(IllegalArgumentException.class, () -> q8.loadStateDict(loaded));
        assertTrue(ex.getMessage().contains("torch.quint4x2"), ex.getMessage());
    }
}
