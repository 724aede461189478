package dev.torch4j.ao.quantization;

import static dev.torch4j.ao.quantization.StaticQuantTest.assertQuantized;
import static dev.torch4j.ao.quantization.StaticQuantTest.f32;
import static dev.torch4j.ao.quantization.StaticQuantTest.longs;
import static dev.torch4j.ao.quantization.StaticQuantTest.qt;
import static dev.torch4j.ao.quantization.StaticQuantTest.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.quantized.ConvTranspose3d;
import dev.torch4j.nn.ConvTransposeNd;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.testing.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quantized ConvTranspose3d against PyTorch 1.13 on the oneDNN engine, the only one of 1.13 that runs it
 * (goldens/quantized_conv_transpose3d.json, from scripts/goldens/quantized_conv_transpose3d_goldens.py, which explains
 * the engines): torch4j computes QNNPACK's arithmetic, as for the 1-d and 2-d ones, checked bit for bit against the
 * script's emulation of it (itself checked against QNNPACK's 2-d kernel); oneDNN adds the bias in float, so its outputs
 * are matched within one step of the output's integers.
 */
class QuantizedConvTranspose3dTest {
    private static final List<JsonObject> CASES = Golden.cases("quantized_conv_transpose3d");

    private static JsonObject named(String name) {
        return CASES.stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    /** The golden script's NetT3. */
    static class NetT3 extends Module {
        Module quant = new QuantStub();
        Module ct1 = new dev.torch4j.nn.ConvTranspose3d(2, 4, 3, ConvTransposeNd.options().stride(2).padding(1).groups(2));
        Module relu = new ReLU();
        Module ct2 = new dev.torch4j.nn.ConvTranspose3d(4, 2, new long[] {2, 3, 2}, ConvTransposeNd.options().stride(1, 2, 1)
                .dilation(2, 1, 2).bias(false));
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) { return dequant.call(ct2.call(relu.call(ct1.call(quant.call(x))))); }

        @Override
        public String className() { return "NetT3"; }
    }

    /** {@code got} quantized as {@code want} (dtype, scale, zero point) with integers at most one step from its. */
    private static void assertWithinOneStep(JsonObject want, Tensor got, String what) {
        Tensor ref = qt(want);
        assertEquals(ref.dtype(), got.dtype(), what);
        assertEquals(ref.qScale(), got.qScale(), what + " scale");
        assertEquals(ref.qZeroPoint(), got.qZeroPoint(), what + " zero point");
        assertEquals(ref.shape(), got.shape(), what + " shape");
        double diff = ref.intRepr().to(DType.INT32).sub(got.intRepr().to(DType.INT32)).abs().max().item();
        assertTrue(diff <= 1, what + ": integers " + diff + " steps from oneDNN's");
    }

    @Test
    void opsAreQnnpacksArithmeticAndWithinOneStepOfOnednn() {
        int i = 0, differing = 0;
        for (JsonElement e : named("ops").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            String what = "case " + i++;
            Tensor x = qt(c.getAsJsonObject("x")), w = qt(c.getAsJsonObject("weight"));
            Tensor b = c.get("bias").isJsonNull() ? null : f32(c.getAsJsonObject("bias"));
            var m = new ConvTranspose3d(w.size(0), w.size(1) * c.get("groups").getAsLong(), new long[] {w.size(2), w.size(3), w.size(4)},
                    longs(c.get("stride")), longs(c.get("padding")), longs(c.get("output_padding")), c.get("groups").getAsLong(), b != null,
                    longs(c.get("dilation")));
            m.setWeightBias(w, b);
            m.scale = c.get("scale").getAsDouble();
            m.zeroPoint = c.get("zero_point").getAsLong();
            Tensor y = m.call(x);
            assertQuantized(c.getAsJsonObject("qnnpack"), y, what + " (QNNPACK's arithmetic)");
            assertWithinOneStep(c.getAsJsonObject("onednn"), y, what + " (oneDNN)");
            differing += c.get("differing").getAsInt();
        }
        assertTrue(differing > 0, "the cases tell the two arithmetics apart");
    }

    private static Module converted(JsonObject c) {
        Module m = new NetT3();
        m.loadStateDict(state(c, "float_state"));
        m.eval();
        QuantizeStatic.setQconfig(m, Defaults.getDefaultQconfig("qnnpack"));
        Module p = QuantizeStatic.prepare(m);
        try (var g = Torch.noGrad()) {
            for (JsonElement b : c.getAsJsonArray("calib")) p.call(f32(b.getAsJsonObject()));
        }
        p.loadStateDict(state(c, "prepared_state"));
        return QuantizeStatic.convert(p);
    }

    @Test
    void modelThroughPrepareAndConvert() {
        JsonObject c = named("net_transpose3d");
        Module m = new NetT3();
        m.loadStateDict(state(c, "float_state"));
        m.eval();
        Tensor x = f32(c.getAsJsonObject("x"));
        Golden.assertClose(f32(c.getAsJsonObject("float_out")), m.call(x), 1e-5, 1e-6, "float");
        QuantizeStatic.setQconfig(m, Defaults.getDefaultQconfig("qnnpack"));
        Module p = QuantizeStatic.prepare(m);
        try (var g = Torch.noGrad()) {
            for (JsonElement b : c.getAsJsonArray("calib")) p.call(f32(b.getAsJsonObject()));
        }
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("observers").entrySet()) {
            JsonObject o = e.getValue().getAsJsonObject();
            var obs = (UniformQuantizationObserverBase) p.getSubmodule(e.getKey() + ".activation_post_process");
            assertEquals(o.get("min_val").getAsDouble(), obs.minVal().item(), 1e-6, e.getKey() + " min");
            assertEquals(o.get("max_val").getAsDouble(), obs.maxVal().item(), 1e-6, e.getKey() + " max");
        }
        Module q = converted(c);
        assertEquals(c.get("repr").getAsString(), q.toString());
        assertEquals(StaticQuantTest.stateKeys(c), new ArrayList<>(q.stateDict().keySet()));
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("layers").entrySet()) {
            JsonObject l = e.getValue().getAsJsonObject();
            var ct = (ConvTranspose3d) q.getSubmodule(e.getKey());
            assertQuantized(l.getAsJsonObject("weight"), ct.weight(), e.getKey() + " weight");
            if (l.get("bias").isJsonNull()) assertNull(ct.bias(), e.getKey() + " bias");
            else Golden.assertExact(f32(l.getAsJsonObject("bias")), ct.bias(), e.getKey() + " bias");
            assertEquals(l.get("scale").getAsDouble(), ct.scale, e.getKey() + " scale");
            assertEquals(l.get("zero_point").getAsLong(), ct.zeroPoint, e.getKey() + " zero point");
        }
        // QNNPACK's arithmetic through the whole model, bit for bit
        Map<String, Tensor> outs = new LinkedHashMap<>();
        q.namedModules().forEach((n, mod) -> {
            if (!n.isEmpty() && !n.equals("dequant")) mod.registerForwardHook((h, in, out) -> { outs.put(n, out); return null; });
        });
        Tensor y = q.call(x);
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("qnnpack_module_outputs").entrySet()) {
            assertQuantized(e.getValue().getAsJsonObject(), outs.get(e.getKey()), "output of " + e.getKey());
        }
        Golden.assertExact(f32(c.getAsJsonObject("qnnpack_out")), y, "output");
        // oneDNN's, layer by layer from oneDNN's inputs
        JsonObject one = c.getAsJsonObject("module_outputs");
        assertQuantized(one.getAsJsonObject("quant"), outs.get("quant"), "quant");
        assertWithinOneStep(one.getAsJsonObject("ct1"), q.getSubmodule("ct1").call(qt(one.getAsJsonObject("quant"))), "ct1");
        assertWithinOneStep(one.getAsJsonObject("ct2"), q.getSubmodule("ct2").call(qt(one.getAsJsonObject("relu"))), "ct2");
    }

    @Test
    void stateDictBothWays(@TempDir Path dir) throws Exception {
        JsonObject c = named("net_transpose3d");
        Module q = converted(c);
        Map<String, Tensor> sd = q.stateDict();
        assertNull(sd.get("ct2.bias"), "a layer without bias saves None, as oneDNN's and FBGEMM's");
        Path f = dir.resolve("static_net_transpose3d.pt");
        Torch.save(sd, f);
        StaticQuantTest.checkCommittedFile(f);
        Tensor x = f32(c.getAsJsonObject("x")), want = f32(c.getAsJsonObject("qnnpack_out"));
        // a model calibrated on other data takes the checkpoint's weights and output parameters
        Module q2 = otherConverted(c);
        q2.loadStateDict(Torch.load(f));
        Golden.assertExact(want, q2.call(x), "after load");
        // and PyTorch's own checkpoint (oneDNN's: a None bias)
        Module q3 = otherConverted(c);
        q3.loadStateDict(Torch.load(Path.of(getClass().getResource("/interop/quantized/pytorch_static_net_transpose3d.pt").toURI())));
        Golden.assertExact(want, q3.call(x), "from PyTorch's checkpoint");
        assertNull(((ConvTranspose3d) q3.getSubmodule("ct2")).bias());
    }

    private static Module otherConverted(JsonObject c) {
        Module m = new NetT3();
        m.loadStateDict(state(c, "float_state"));
        m.eval();
        QuantizeStatic.setQconfig(m, Defaults.getDefaultQconfig("qnnpack"));
        Module p = QuantizeStatic.prepare(m, true);
        try (var g = Torch.noGrad()) {
            p.call(f32(c.getAsJsonObject("x")).mul(3));
        }
        return QuantizeStatic.convert(p, true);
    }

    @Test
    void reprsAndErrorsAsPyTorchs() {
        JsonObject r = named("reprs").getAsJsonObject("reprs"), e = named("reprs").getAsJsonObject("errors");
        long[] one = {1}, zero = {0};
        assertEquals(r.get("plain").getAsString(), new ConvTranspose3d(2, 3, new long[] {1, 2, 3}, one, zero, zero, 1, true, one).toString());
        assertEquals(r.get("options").getAsString(), new ConvTranspose3d(2, 4, new long[] {3}, new long[] {1, 2, 2}, new long[] {0, 1, 1},
                zero, 2, false, new long[] {2, 1, 1}).toString());
        Tensor q4 = Torch.quantizePerTensor(Torch.randn(1, 2, 3, 3), 0.1, 3, DType.QUINT8);
        var ct = new ConvTranspose3d(2, 3, new long[] {2}, one, zero, zero, 1, true, one);
        assertEquals(e.get("input_4d").getAsString(), assertThrows(IllegalArgumentException.class, () -> ct.call(q4)).getMessage());
        assertEquals(e.get("from_float_type").getAsString(), assertThrows(IllegalArgumentException.class,
                () -> ConvTranspose3d.fromFloat(new dev.torch4j.nn.ConvTranspose2d(2, 2, 2))).getMessage());
        Module s = new dev.torch4j.nn.Sequential(new dev.torch4j.nn.ConvTranspose3d(2, 2, 2));
        QuantizeStatic.setQconfig(s, Defaults.getDefaultQconfig("fbgemm"));
        assertEquals(e.get("per_channel").getAsString(), assertThrows(IllegalArgumentException.class, () -> QuantizeStatic.prepare(s))
                .getMessage());
    }
}
