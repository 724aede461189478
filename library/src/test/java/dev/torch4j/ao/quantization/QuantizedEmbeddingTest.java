package dev.torch4j.ao.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
 * Quantized embeddings against PyTorch 1.13 (goldens/quantized_embedding.json, from
 * scripts/goldens/quantized_embedding_goldens.py): {@code per_channel_affine_float_qparams} tensors bit for bit (values,
 * parameters, reprs, checkpoints both ways), and the quantized Embedding / EmbeddingBag made by from_float and by
 * prepare/convert: weights, reprs, float32 outputs exactly, PyTorch's error messages and state dicts.
 */
class QuantizedEmbeddingTest {
    private static final Map<String, JsonObject> CASES = new LinkedHashMap<>();

    static {
        for (JsonObject c : Golden.cases("quantized_embedding")) CASES.put(c.get("name").getAsString(), c);
    }

    private static Tensor t(JsonObject c, String key) { return Golden.tensor(c.getAsJsonObject(key)); }

    private static Tensor f32(JsonObject c, String key) { return t(c, key).to(DType.FLOAT32); }

    static void assertQuantized(JsonObject want, Tensor q, String what) {
        assertEquals(want.get("dtype").getAsString(), q.dtype().toString(), what);
        assertEquals(want.get("qscheme").getAsString(), q.qscheme().toString(), what);
        Golden.assertExact(t(want, "int_repr"), q.intRepr(), what + " int_repr");
        Golden.assertExact(f32(want, "scales"), q.qPerChannelScales(), what + " scales");
        Golden.assertExact(f32(want, "zero_points"), q.qPerChannelZeroPoints(), what + " zero points");
        assertEquals(want.get("axis").getAsLong(), q.qPerChannelAxis(), what);
        Golden.assertExact(f32(want, "dequant"), q.dequantize(), what + " dequantize");
        assertEquals(want.get("repr").getAsString(), q.toString(), what + " repr");
    }

    @Test
    void floatQparamsTensorsAreBitExact() {
        int i = 0;
        for (JsonElement e : CASES.get("tensors").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            DType dtype = Golden.dtype(c.get("dtype").getAsString().replace("torch.", ""));
            Tensor q = Torch.quantizePerChannel(f32(c, "x"), t(c, "scales"), t(c, "zero_points"), c.get("axis").getAsLong(), dtype);
            assertQuantized(c.getAsJsonObject("q"), q, "tensor case " + i++);
        }
        Tensor q = Torch.quantizePerChannel(Torch.randn(2, 3), Torch.ones(2), Torch.zeros(2), 0, DType.QUINT8);
        assertEquals(QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS, q.qscheme());
        assertQuantizedEquals(q, q.clone());
        assertThrows(IllegalArgumentException.class, () -> q.qZeroPoint());
        // new strides are refused, as PyTorch's "Setting strides is possible only on uniformly quantized tensor" (torch4j's
        // message names the op too)
        var ex = assertThrows(IllegalArgumentException.class, () -> q.transpose(0, 1));
        assertEquals(true, ex.getMessage().startsWith("Setting strides is possible only on uniformly quantized tensor"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Torch.quantizePerChannel(Torch.randn(2, 3), Torch.ones(2), Torch.zeros(2), 0, DType.QINT32));
    }

    private static void assertQuantizedEquals(Tensor a, Tensor b) {
        assertEquals(a.qscheme(), b.qscheme());
        Golden.assertExact(a.intRepr(), b.intRepr(), "int_repr");
        Golden.assertExact(a.qPerChannelZeroPoints(), b.qPerChannelZeroPoints(), "zero points");
        Golden.assertExact(a.qPerChannelScales(), b.qPerChannelScales(), "scales");
    }

    @Test
    void floatQparamsCheckpointsBothWays() throws Exception {
        JsonObject want = CASES.get("saved_tensor").getAsJsonObject("q");
        Tensor fromTorch = (Tensor) Torch.load(resource("pytorch_float_qparams.pt"));
        assertQuantized(want, fromTorch, "PyTorch's file");
        Path f = Files.createTempDirectory("t4j-qemb").resolve("float_qparams.pt");
        Torch.save(fromTorch, f);
        StaticQuantTest.checkCommittedFile(f); // quantized_embedding_goldens.py --verify loads it into PyTorch
        assertQuantized(want, (Tensor) Torch.load(f), "torch4j's file");
    }

    private static Path resource(String name) throws Exception {
        return Path.of(QuantizedEmbeddingTest.class.getResource("/interop/quantized/" + name).toURI());
    }

    /** The golden script's float modules, their weights PyTorch's, each with float_qparams_weight_only_qconfig. */
    private static Module[] floatModules() {
        JsonObject fs = CASES.get("modules").getAsJsonObject("float_state");
        var emb = new dev.torch4j.nn.Embedding(30, 7);
        var bag = new dev.torch4j.nn.EmbeddingBag(30, 7, "mean");
        var last = new dev.torch4j.nn.EmbeddingBag(30, 7, "max", true, null, dev.torch4j.TensorOptions.DEFAULT);
        Module[] ms = {emb, bag, last};
        String[] names = {"emb", "bag", "bag_last"};
        for (int i = 0; i < 3; i++) ms[i].loadStateDict(Map.of("weight", f32(fs, names[i])));
        return ms;
    }

    private static Tensor idx() { return t(CASES.get("modules"), "idx"); }

    private static void assertOutputs(Module emb, EmbeddingBag bag, EmbeddingBag last) {
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
        got.put("bag_long_psw", bag.call(t(CASES.get("modules"), "long_idx"), Torch.tensor(new long[] {0, 100, 250}),
                f32(CASES.get("modules"), "long_psw")));
        got.put("last_offsets", last.call(idx, lastOffsets));
        got.put("last_psw", last.call(idx, lastOffsets, psw));
        got.put("last_2d", last.call(idx.reshape(4, 10)));
        for (var e : got.entrySet()) Golden.assertExact(f32(outs, e.getKey()), e.getValue(), e.getKey());
    }

    @Test
    void fromFloatMatchesPyTorch() {
        JsonObject c = CASES.get("modules");
        Module[] ms = floatModules();
        for (Module m : ms) QuantizeStatic.setQconfig(m, Defaults.floatQparamsWeightOnlyQconfig());
        Embedding qe = Embedding.fromFloat(ms[0]);
        EmbeddingBag qb = EmbeddingBag.fromFloat(ms[1]), ql = EmbeddingBag.fromFloat(ms[2]);
        JsonObject w = c.getAsJsonObject("weights"), reprs = c.getAsJsonObject("reprs");
        assertQuantized(w.getAsJsonObject("emb"), qe.weight(), "emb weight");
        assertQuantized(w.getAsJsonObject("bag"), qb.weight(), "bag weight");
        assertQuantized(w.getAsJsonObject("bag_last"), ql.weight(), "bag_last weight");
        assertEquals(reprs.get("emb").getAsString(), qe.toString());
        assertEquals(reprs.get("bag").getAsString(), qb.toString());
        assertEquals(reprs.get("bag_last").getAsString(), ql.toString());
        assertEquals(reprs.get("default").getAsString(), new Embedding(3, 2).toString());
        assertEquals("mean", qb.mode);
        assertOutputs(qe, qb, ql);
    }

    @Test
    void errorsAreTorchs() {
        JsonObject errs = CASES.get("errors").getAsJsonObject("errors");
        var qb = new EmbeddingBag(5, 3, "sum", true);
        var qe = new Embedding(5, 3);
        var plain = new dev.torch4j.nn.Embedding(3, 2);
        var wrong = new dev.torch4j.nn.Embedding(3, 2);
        QuantizeStatic.setQconfig(wrong, Defaults.defaultQconfig());
        var wrongBag = new dev.torch4j.nn.EmbeddingBag(3, 2);
        QuantizeStatic.setQconfig(wrongBag, Defaults.defaultQconfig());
        Map<String, Executable> cases = new LinkedHashMap<>();
        cases.put("no_offsets", () -> new EmbeddingBag(5, 3).call(Torch.tensor(new long[] {1, 2})));
        cases.put("bad_index", () -> qe.call(Torch.tensor(new long[] {9})));
        cases.put("negative_index", () -> qe.call(Torch.tensor(new long[] {-1})));
        cases.put("lengths", () -> qb.call(Torch.tensor(new long[] {1, 2}), Torch.tensor(new long[] {0, 3})));
        cases.put("float_indices", () -> qe.call(Torch.tensor(new float[] {1, 2})));
        cases.put("no_qconfig", () -> Embedding.fromFloat(plain));
        cases.put("wrong_qconfig", () -> Embedding.fromFloat(wrong));
        cases.put("wrong_qconfig_bag", () -> EmbeddingBag.fromFloat(wrongBag));
        cases.put("not_embedding", () -> Embedding.fromFloat(new dev.torch4j.nn.EmbeddingBag(3, 2)));
        cases.put("shape", () -> new Embedding(3, 2, new Embedding(2, 2).weight()));
        cases.put("bag_2d_offsets", () -> qb.call(Torch.tensor(new long[] {1, 2}).reshape(1, 2), Torch.tensor(new long[] {0})));
        cases.put("bag_3d", () -> qb.call(Torch.tensor(new long[] {1}).reshape(1, 1, 1)));
        cases.put("emb_3d", () -> qe.call(Torch.tensor(new long[] {1}).reshape(1, 1, 1)));
        cases.put("emb_0d", () -> qe.call(Torch.tensor(2L)));
        cases.put("offsets_2d", () -> qb.call(Torch.tensor(new long[] {1, 2}), Torch.tensor(new long[] {0}).reshape(1, 1)));
        cases.put("psw_long", () -> qb.call(Torch.tensor(new long[] {1, 2}), Torch.tensor(new long[] {0, 1}), Torch.tensor(new long[] {1, 2})));
        cases.put("per_tensor_weight", () -> qe.setWeight(Torch.quantizePerTensor(Torch.zeros(5, 3), 1.0, 0, DType.QUINT8)));
        assertEquals(errs.size(), cases.size());
        for (var e : cases.entrySet()) {
            var ex = assertThrows(IllegalArgumentException.class, e.getValue(), e.getKey());
            assertEquals(errs.get(e.getKey()).getAsString(), ex.getMessage(), e.getKey());
        }
    }

    @Test
    void quantizeDynamicWithAQconfigSpecSwapsTheEmbeddings() {
        JsonObject c = CASES.get("dynamic"), w = CASES.get("modules").getAsJsonObject("weights");
        Module[] ms = floatModules();
        Map<String, Module> named = new LinkedHashMap<>();
        named.put("emb", ms[0]);
        named.put("inner", new Sequential(ms[1]));
        named.put("fc", new dev.torch4j.nn.Linear(7, 2));
        Sequential m = new Sequential(named);
        QConfig fq = Defaults.floatQparamsWeightOnlyQconfig();
        Module q = QuantizeDynamic.quantizeDynamic(m, Map.of(dev.torch4j.nn.Embedding.class, fq, dev.torch4j.nn.EmbeddingBag.class, fq), false);
        assertEquals(c.get("repr").getAsString(), q.toString());
        assertQuantized(w.getAsJsonObject("emb"), ((Embedding) q.getSubmodule("emb")).weight(), "dynamic emb");
        assertQuantized(w.getAsJsonObject("bag"), ((Embedding) q.getSubmodule("inner.0")).weight(), "dynamic bag");
        assertEquals(null, QuantizeStatic.qconfig(ms[0]), "the float model is left as it is");
        var ex = assertThrows(IllegalArgumentException.class,
                () -> QuantizeDynamic.quantizeDynamic(m, Map.of(dev.torch4j.nn.Embedding.class, Defaults.defaultQconfig()), false));
        assertEquals(c.get("wrong").getAsString(), ex.getMessage());
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
    void prepareAndConvertSwapEmbeddingsWeightOnly() throws Exception {
        JsonObject c = CASES.get("convert");
        Sequential m = model();
        m.eval();
        QuantizeStatic.setQconfig(m, Defaults.floatQparamsWeightOnlyQconfig());
        Module prepared = QuantizeStatic.prepare(m);
        assertEquals(c.get("prepared_repr").getAsString(), prepared.toString());
        Module q = QuantizeStatic.convert(prepared);
        assertEquals(c.get("converted_repr").getAsString(), q.toString());
        assertOutputs(q.getSubmodule("emb"), (EmbeddingBag) q.getSubmodule("bag"), (EmbeddingBag) q.getSubmodule("bag_last"));
        // a deep copy clones the weights (torch4j's clone takes float qparams, where PyTorch's refuses them)
        Module copy = q.deepCopy();
        assertOutputs(copy.getSubmodule("emb"), (EmbeddingBag) copy.getSubmodule("bag"), (EmbeddingBag) copy.getSubmodule("bag_last"));

        // the state dict: PyTorch's tensor keys; the dtype entries (no tensors) are written by Torch.save only, in place
        Map<String, Tensor> sd = q.stateDict();
        List<String> all = new ArrayList<>(), tensors = new ArrayList<>();
        for (JsonElement k : c.getAsJsonArray("state_keys")) all.add(k.getAsString());
        for (String k : all) if (!k.endsWith(".dtype")) tensors.add(k);
        assertEquals(tensors, new ArrayList<>(sd.keySet()));
        Path f = Files.createTempDirectory("t4j-qemb").resolve("embedding.pt");
        Torch.save(sd, f);
        Map<?, ?> written = (Map<?, ?>) Torch.load(f);
        assertEquals(all, new ArrayList<>(written.keySet()));
        assertEquals(DType.QUINT8, written.get("emb._packed_params.dtype"));
        StaticQuantTest.checkCommittedFile(f); // quantized_embedding_goldens.py --verify loads it into PyTorch
        for (String file : new String[] {f.toString(), resource("pytorch_embedding.pt").toString()}) {
            Sequential fresh = model();
            QuantizeStatic.setQconfig(fresh, Defaults.floatQparamsWeightOnlyQconfig());
            Module q2 = QuantizeStatic.convert(QuantizeStatic.prepare(fresh));
            for (String n : new String[] {"emb", "bag", "bag_last"}) ((Embedding) q2.getSubmodule(n)).setWeight(new Embedding(30, 7).weight());
            q2.loadStateDict(Torch.load(Path.of(file)));
            assertOutputs(q2.getSubmodule("emb"), (EmbeddingBag) q2.getSubmodule("bag"), (EmbeddingBag) q2.getSubmodule("bag_last"));
        }

        // an Embedding with another qconfig is observed as PyTorch does, and convert refuses it with PyTorch's message
        Sequential wrong = model();
        wrong.eval();
        QuantizeStatic.setQconfig(wrong, Defaults.defaultQconfig());
        Module wp = QuantizeStatic.prepare(wrong);
        assertEquals(c.get("wrong_prepared_repr").getAsString(), wp.toString());
        var ex = assertThrows(IllegalArgumentException.class, () -> QuantizeStatic.convert(wp));
        assertEquals(c.get("wrong_convert").getAsString(), ex.getMessage());
    }
}
