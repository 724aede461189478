package dev.torch4j.ao.nn.quantized.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QuantizeDynamic;
import dev.torch4j.io.TorchBindObject;
import dev.torch4j.nn.Module;
import dev.torch4j.testing.Golden;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quantize_dynamic(model, dtype=torch.float16)} of LSTM, GRU and the cells (the "rnn_" cases of
 * goldens/quantize_dynamic_fp16.json, scripts/goldens/quantize_dynamic_fp16_goldens.py). Debian's PyTorch 1.13 cannot
 * build these modules (no FBGEMM), so the goldens are the float modules with float16-rounded weights run in float32:
 * the weights exactly, the outputs within float32 rounding (the float modules sum the gates in another order).
 */
class QuantizedRnnFp16Test {
    private static final List<JsonObject> CASES = Golden.cases("quantize_dynamic_fp16").stream()
            .filter(c -> c.get("name").getAsString().startsWith("rnn_")).toList();

    private static Module quantized(JsonObject c) {
        Module m = QuantizedRnnTest.floatModel(c);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("float_state").entrySet()) {
            sd.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()));
        }
        m.loadStateDict(sd);
        return QuantizeDynamic.quantizeDynamic(m, null, DType.FLOAT16); // PyTorch's default float16 spec
    }

    /** The float16 weight {@code name} ({@code "0.weight_ih_l0"}, {@code "fc.weight"}) of the quantized model. */
    private static Tensor weight(Module q, String name) {
        int dot = name.lastIndexOf('.');
        Module m = q.getSubmodule(name.substring(0, dot));
        String w = name.substring(dot + 1);
        return switch (m) {
            case Linear l -> l.weight();
            case LSTM l -> l.getWeight().get(w);
            case GRU g -> g.getWeight().get(w);
            case LSTMCell l -> l.getWeight().get(w);
            case GRUCell g -> g.getWeight().get(w);
            case RNNCell r -> r.getWeight().get(w);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static void assertAsGolden(JsonObject c, Module q) {
        String name = c.get("name").getAsString();
        assertEquals(c.get("repr").getAsString(), q.toString(), name);
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("fp16_weights").entrySet()) {
            Tensor w = weight(q, e.getKey());
            assertFalse(w.isQuantized(), name + " " + e.getKey());
            Golden.assertExact(Golden.tensor(e.getValue().getAsJsonObject()), w, name + " " + e.getKey());
        }
        List<Tensor> got = QuantizedRnnTest.run(c, q);
        var want = c.getAsJsonArray("outputs");
        assertEquals(want.size(), got.size(), name);
        for (int i = 0; i < got.size(); i++) {
            Golden.assertClose(Golden.tensor(want.get(i).getAsJsonObject()), got.get(i), 1e-5, 1e-6, name + " output " + i);
        }
    }

    @Test
    void outputsAreTheFloatModulesWithFloat16Weights() {
        assertEquals(6, CASES.size());
        for (JsonObject c : CASES) assertAsGolden(c, quantized(c));
    }

    @Test
    void stateDictHoldsFloat16CellParamsAndLoadsBack(@TempDir Path dir) throws Exception {
        for (JsonObject c : CASES) {
            Module q = quantized(c);
            Path f = dir.resolve(c.get("name").getAsString() + ".pt");
            Torch.save(q.stateDict(), f);
            var saved = (Map<?, ?>) Torch.load(f);
            for (Map.Entry<?, ?> e : saved.entrySet()) {
                if (!(e.getValue() instanceof TorchBindObject b)) continue;
                var state = (List<?>) b.state();
                if (b.qualifiedName().endsWith("CellParamsBase")) {
                    // QuantizedCellParamsFP16's __getstate__: ("quantized_fp16", [], [], [], [packed ih, packed hh])
                    assertEquals("quantized_fp16", state.get(0), String.valueOf(e.getKey()));
                    assertTrue(((List<?>) state.get(1)).isEmpty() && ((List<?>) state.get(3)).isEmpty(), String.valueOf(e.getKey()));
                    state = (List<?>) ((TorchBindObject) ((List<?>) state.get(4)).get(0)).state();
                }
                assertEquals(DType.FLOAT32, ((Tensor) state.get(0)).dtype(), e.getKey() + ": float16 weights are saved as float32");
            }
            // read back into the qint8-quantized model: the checkpoint's float weights make it float16 again
            Module q2 = QuantizedRnnTest.floatModel(c);
            q2 = QuantizeDynamic.quantizeDynamic(q2, true);
            q2.loadStateDict(Torch.load(f));
            assertAsGolden(c, q2);
        }
    }
}
