package dev.torch4j.ao.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.quantized.dynamic.Linear;
import dev.torch4j.io.PyOrderedDict;
import dev.torch4j.io.Tuple;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.testing.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quantize_dynamic(model, {nn.Linear}, dtype=torch.float16)} (goldens/quantize_dynamic_fp16.json, from
 * scripts/goldens/quantize_dynamic_fp16_goldens.py). No PyTorch at hand runs a float16 dynamic Linear (Debian's 1.13 has
 * no FBGEMM), so the values are the script's emulation of FBGEMM's, from PyTorch's source: weights saturated to
 * float16's range and rounded (compared exactly), outputs {@code F.linear} over them in float32 (compared within float32
 * rounding: FBGEMM sums in its own order); the reprs, module swap and state-dict layout are PyTorch's own code's.
 */
class QuantizeDynamicFp16Test {
    private static final List<JsonObject> CASES = Golden.cases("quantize_dynamic_fp16");

    private static JsonObject named(String name) {
        return CASES.stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    private static Module floatModel(JsonObject c) {
        Module m = c.get("name").getAsString().equals("mlp")
                ? new Sequential(new dev.torch4j.nn.Linear(6, 8), new ReLU(), new dev.torch4j.nn.Linear(8, 3, false))
                : new Sequential(new dev.torch4j.nn.Linear(5, 3));
        m.loadStateDict(StaticQuantTest.state(c, "float_state"));
        return m;
    }

    /** Each layer's weight and bias exactly, its repr, and the outputs within float32 rounding of the emulation's. */
    private static void assertAsGolden(JsonObject c, Module q) {
        assertEquals(c.get("repr").getAsString(), q.toString());
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("layers").entrySet()) {
            JsonObject l = e.getValue().getAsJsonObject();
            var lin = (Linear) q.getSubmodule(e.getKey());
            assertSame(DType.FLOAT16, lin.dtype());
            Golden.assertExact(Golden.tensor(l.getAsJsonObject("weight")), lin.weight(), e.getKey() + " weight");
            if (l.get("bias").isJsonNull()) assertNull(lin.bias(), e.getKey() + " bias");
            else Golden.assertExact(Golden.tensor(l.getAsJsonObject("bias")), lin.bias(), e.getKey() + " bias");
            assertEquals(l.get("repr").getAsString(), lin.toString());
        }
        for (JsonElement e : c.getAsJsonArray("inputs")) {
            JsonObject io = e.getAsJsonObject();
            Tensor y = q.call(Golden.tensor(io.getAsJsonObject("x")));
            assertSame(DType.FLOAT32, y.dtype());
            Golden.assertClose(Golden.tensor(io.getAsJsonObject("y")), y, 1e-5, 1e-6, c.get("name").getAsString() + " output");
        }
    }

    @Test
    void setSpecQuantizesLinearsToFloat16() {
        JsonObject c = named("mlp");
        Module m = floatModel(c);
        Module q = QuantizeDynamic.quantizeDynamic(m, Set.of(dev.torch4j.nn.Linear.class), DType.FLOAT16);
        assertNotSame(m, q);
        assertSame(dev.torch4j.nn.Linear.class, m.getSubmodule("0").getClass(), "the model itself stays float");
        assertAsGolden(c, q);
        assertTrue(q.parameters().isEmpty(), "no parameters, as PyTorch's");
        // the dict form with float16_dynamic_qconfig, in place
        Module p = QuantizeDynamic.quantizeDynamic(floatModel(c), Map.of(dev.torch4j.nn.Linear.class, Defaults.float16DynamicQconfig()), true);
        assertAsGolden(c, p);
    }

    @Test
    void weightsSaturateToFloat16sRangeWithPyTorchsWarning() {
        JsonObject c = named("saturate");
        Module m = floatModel(c);
        Tensor before = ((dev.torch4j.nn.Linear) m.getSubmodule("0")).weight.detach().clone();
        List<String> warnings = new ArrayList<>();
        var logger = java.util.logging.Logger.getLogger("dev.torch4j.ao.quantization");
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { warnings.add(r.getMessage()); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        logger.addHandler(h);
        Module q;
        try {
            q = QuantizeDynamic.quantizeDynamic(m, null, DType.FLOAT16); // PyTorch's default spec for float16
        } finally {
            logger.removeHandler(h);
        }
        List<String> want = new ArrayList<>();
        c.getAsJsonArray("warnings").forEach(w -> want.add(w.getAsString()));
        assertEquals(want, warnings);
        assertAsGolden(c, q);
        Golden.assertExact(before, ((dev.torch4j.nn.Linear) m.getSubmodule("0")).weight, "the float weight is left as it was");
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("float_weight_after")), before, "float weight");
    }

    @Test
    void stateDictAsPyTorchWritesItBothWays(@TempDir Path dir) throws Exception {
        JsonObject c = named("mlp");
        Module q = QuantizeDynamic.quantizeDynamic(floatModel(c), Set.of(dev.torch4j.nn.Linear.class), DType.FLOAT16);
        assertEquals(List.of("0.scale", "0.zero_point", "0._packed_params.weight", "0._packed_params.bias", "2.scale", "2.zero_point",
                "2._packed_params.weight", "2._packed_params.bias"), new ArrayList<>(q.stateDict().keySet()));
        Path f = dir.resolve("dynamic_fp16_mlp.pt");
        Torch.save(q.stateDict(), f);
        StaticQuantTest.checkCommittedFile(f);
        // the file holds PyTorch's entries: the dtype, the (weight, bias) tuple, the versions
        var saved = (PyOrderedDict<?, ?>) Torch.load(f);
        List<String> keys = new ArrayList<>(), types = new ArrayList<>();
        c.getAsJsonArray("state_keys").forEach(k -> keys.add(k.getAsString()));
        c.getAsJsonArray("state_types").forEach(k -> types.add(k.getAsString()));
        assertEquals(keys, new ArrayList<>(saved.keySet()));
        for (int i = 0; i < keys.size(); i++) {
            Object v = saved.get(keys.get(i));
            String type = v instanceof DType ? "dtype" : v instanceof Tuple ? "tuple" : v instanceof Tensor ? "Tensor" : String.valueOf(v);
            assertEquals(types.get(i), type, keys.get(i));
        }
        assertSame(DType.FLOAT16, saved.get("0._packed_params.dtype"));
        var metadata = (Map<?, ?>) saved.attributes().get("_metadata");
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("versions").entrySet()) {
            assertEquals(e.getValue().getAsLong(), ((Number) ((Map<?, ?>) metadata.get(e.getKey())).get("version")).longValue(), e.getKey());
        }
        // read back into a qint8 model (the checkpoint's dtype makes its layers float16, as PyTorch's loader does)
        Module q2 = QuantizeDynamic.quantizeDynamic(floatModel(c), Set.of(dev.torch4j.nn.Linear.class), DType.QINT8);
        assertSame(DType.QINT8, ((Linear) q2.getSubmodule("0")).dtype());
        q2.loadStateDict(Torch.load(f));
        assertAsGolden(c, q2);
        // PyTorch's own checkpoint (its quantize_dynamic and state_dict; the packing emulated: see the script)
        Module q3 = QuantizeDynamic.quantizeDynamic(floatModel(c), Set.of(dev.torch4j.nn.Linear.class), DType.QINT8);
        q3.loadStateDict(Torch.load(Path.of(getClass().getResource("/interop/quantized/pytorch_dynamic_fp16_mlp.pt").toURI())));
        assertAsGolden(c, q3);
        // and the in-memory state dict, tensors only
        Module q4 = QuantizeDynamic.quantizeDynamic(floatModel(c), Set.of(dev.torch4j.nn.Linear.class), DType.QINT8);
        q4.loadStateDict(new LinkedHashMap<>(q.stateDict()));
        assertAsGolden(c, q4);
    }

    @Test
    void setFormTakesQint8AndQuint8Too() {
        Module m = new Sequential(new dev.torch4j.nn.Linear(4, 3), new dev.torch4j.nn.Embedding(10, 4));
        Module q8 = QuantizeDynamic.quantizeDynamic(m, null, DType.QINT8); // default_dynamic_qconfig's spec: Linear, RNNs
        assertSame(DType.QINT8, ((Linear) q8.getSubmodule("0")).dtype());
        assertSame(dev.torch4j.nn.Embedding.class, q8.getSubmodule("1").getClass());
        Module u8 = QuantizeDynamic.quantizeDynamic(m, null, DType.QUINT8); // float_qparams_weight_only_qconfig's: embeddings
        assertSame(dev.torch4j.nn.Linear.class, u8.getSubmodule("0").getClass());
        assertSame(dev.torch4j.ao.nn.quantized.Embedding.class, u8.getSubmodule("1").getClass());
        Module f16 = QuantizeDynamic.quantizeDynamic(m, Set.of(dev.torch4j.nn.Linear.class), DType.FLOAT16);
        assertSame(dev.torch4j.nn.Embedding.class, f16.getSubmodule("1").getClass(), "only the listed classes");
        // an Embedding under float16_dynamic_qconfig: PyTorch fails on the placeholder's missing qscheme, torch4j says why
        var e = assertThrows(IllegalArgumentException.class,
                () -> QuantizeDynamic.quantizeDynamic(m, Set.of(dev.torch4j.nn.Embedding.class), DType.FLOAT16));
        assertEquals("Embedding quantization is only supported with float_qparams_weight_only_qconfig.", e.getMessage());
    }

    @Test
    void reprsAndErrorsAsPyTorchs() {
        JsonObject r = named("reprs").getAsJsonObject("reprs"), e = named("reprs").getAsJsonObject("errors");
        assertEquals(r.get("linear").getAsString(), new Linear(4, 3, true, DType.FLOAT16).toString());
        assertEquals(r.get("linear_no_bias").getAsString(), new Linear(2, 5, false, DType.FLOAT16).toString());
        Module m = new Sequential(new dev.torch4j.nn.Linear(4, 3));
        assertEquals(e.get("default_spec_dtype").getAsString(), assertThrows(IllegalArgumentException.class,
                () -> QuantizeDynamic.quantizeDynamic(m, null, DType.INT32)).getMessage());
        assertEquals(e.get("set_spec_dtype").getAsString(), assertThrows(IllegalArgumentException.class,
                () -> QuantizeDynamic.quantizeDynamic(m, Set.of(dev.torch4j.nn.Linear.class), DType.INT32)).getMessage());
        var q = new Linear(4, 3, true, DType.FLOAT16);
        assertEquals(e.get("input_1d").getAsString(), assertThrows(IllegalArgumentException.class, () -> q.call(Torch.randn(4))).getMessage());
        var lin = new dev.torch4j.nn.Linear(2, 2);
        QuantizeStatic.setQconfig(lin, new QConfig(PlaceholderObserver::new, () -> new PlaceholderObserver(DType.QUINT8)));
        assertEquals(e.get("from_float_dtype").getAsString(), assertThrows(IllegalArgumentException.class, () -> Linear.fromFloat(lin))
                .getMessage());
    }
}
