package dev.torch4j.ao.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.quantized.Conv2d;
import dev.torch4j.ao.nn.quantized.DeQuantize;
import dev.torch4j.ao.nn.quantized.FloatFunctional;
import dev.torch4j.ao.nn.quantized.QFunctional;
import dev.torch4j.ao.nn.quantized.Quantize;
import dev.torch4j.ao.nn.quantized.ReLU6;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Flatten;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.ops.Quantized;
import dev.torch4j.testing.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eager-mode post-training static quantization against PyTorch 1.13 on the QNNPACK engine (goldens/static_quant.json,
 * from scripts/goldens/static_quant_goldens.py, which explains the arithmetic): fuse_modules, prepare, calibration,
 * each observer's qparams, convert, the quantized weights, every layer's quantized output and the model's output, all
 * bit for bit; the quantized ops on random operands; reprs and errors.
 */
class StaticQuantTest {
    private static final List<JsonObject> CASES = Golden.cases("static_quant");

    private static JsonObject named(String name) {
        return CASES.stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    /** The golden script's CNN; fields are Modules so that fusion and convert can replace them. */
    static class Cnn extends Module {
        Module quant = new QuantStub();
        Module conv1 = new dev.torch4j.nn.Conv2d(2, 4, 3, dev.torch4j.nn.Conv2d.options().padding(1));
        Module bn1 = new BatchNorm2d(4);
        Module relu1 = new ReLU();
        Module pool = new MaxPool2d(2);
        Module conv2 = new dev.torch4j.nn.Conv2d(4, 6, 3);
        Module relu2 = new ReLU();
        Module flatten = new Flatten();
        Module fc = new Linear(24, 5);
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            x = pool.call(relu1.call(bn1.call(conv1.call(quant.call(x)))));
            x = flatten.call(relu2.call(conv2.call(x)));
            return dequant.call(fc.call(x));
        }

        @Override
        public String className() { return "CNN"; }
    }

    /** The golden script's MLP with a FloatFunctional skip connection. */
    static class Mlp extends Module {
        Module quant = new QuantStub();
        Module fc1 = new Linear(6, 8);
        Module relu1 = new ReLU();
        Module fc2 = new Linear(8, 8);
        FloatFunctional skip = new FloatFunctional();
        Module fc3 = new Linear(8, 3);
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = relu1.call(fc1.call(quant.call(x)));
            return dequant.call(fc3.call(skip.add(h, fc2.call(h))));
        }

        @Override
        public String className() { return "MLP"; }
    }

    static Tensor f32(JsonObject j) { return Golden.tensor(j).to(DType.FLOAT32); }

    private static Module floatModel(JsonObject c) {
        Module m = c.get("name").getAsString().startsWith("cnn") ? new Cnn() : new Mlp();
        m.loadStateDict(state(c, "float_state"));
        return m.eval();
    }

    static Map<String, Tensor> state(JsonObject c, String key) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject(key).entrySet()) {
            Tensor t = Golden.tensor(e.getValue().getAsJsonObject());
            sd.put(e.getKey(), t.dtype() == DType.INT64 ? t : t.to(DType.FLOAT32));
        }
        return sd;
    }

    static List<List<String>> fuseList(JsonObject c) {
        List<List<String>> out = new ArrayList<>();
        for (JsonElement g : c.getAsJsonArray("fuse")) {
            List<String> names = new ArrayList<>();
            g.getAsJsonArray().forEach(n -> names.add(n.getAsString()));
            out.add(names);
        }
        return out;
    }

    private static QConfig qconfig(String name) {
        return switch (name) {
            case "cnn" -> Defaults.getDefaultQconfig("qnnpack");
            case "cnn_per_channel" -> Defaults.getDefaultQconfig("fbgemm"); // reduce_range activations, per-channel weights
            default -> Defaults.defaultQconfig();
        };
    }

    /** Fused, prepared with the case's qconfig and calibrated. */
    private static Module prepared(JsonObject c) {
        Module fused = FuseModules.fuseModules(floatModel(c), fuseList(c));
        QuantizeStatic.setQconfig(fused, qconfig(c.get("name").getAsString()));
        Module p = QuantizeStatic.prepare(fused);
        try (var g = Torch.noGrad()) {
            for (JsonElement b : c.getAsJsonArray("calib")) p.call(f32(b.getAsJsonObject()));
        }
        return p;
    }

    /** Prepared and calibrated here, then given PyTorch's calibrated state (observers and fused weights). */
    private static Module calibratedAsPyTorch(JsonObject c) {
        Module p = prepared(c);
        p.loadStateDict(state(c, "prepared_state"));
        return p;
    }

    static void assertQuantized(JsonObject want, Tensor q, String what) {
        assertTrue(q.isQuantized(), what + " is not quantized");
        assertEquals(want.get("dtype").getAsString(), q.dtype().toString(), what);
        Golden.assertExact(Golden.tensor(want.getAsJsonObject("int_repr")), q.intRepr(), what);
        if (want.has("scales")) {
            Golden.assertExact(Golden.tensor(want.getAsJsonObject("scales")), q.qPerChannelScales(), what + " scales");
            Golden.assertExact(Golden.tensor(want.getAsJsonObject("zero_points")), q.qPerChannelZeroPoints(), what + " zero points");
            assertEquals(want.get("axis").getAsLong(), q.qPerChannelAxis(), what + " axis");
            return;
        }
        assertEquals(want.get("scale").getAsDouble(), q.qScale(), what + " scale");
        assertEquals(want.get("zero_point").getAsLong(), q.qZeroPoint(), what + " zero point");
    }

    @Test
    void fusionFoldsBatchNormAsPyTorch() {
        for (String name : List.of("cnn", "mlp", "cnn_per_channel")) {
            JsonObject c = named(name);
            Module m = floatModel(c);
            Tensor x = f32(c.getAsJsonObject("x"));
            Golden.assertClose(f32(c.getAsJsonObject("float_out")), m.call(x), name + " float");
            Module fused = FuseModules.fuseModules(m, fuseList(c));
            assertEquals(c.get("fused_repr").getAsString(), fused.toString(), name);
            Golden.assertClose(f32(c.getAsJsonObject("fused_out")), fused.call(x), 1e-5, 1e-6, name + " fused");
            assertTrue(m.getSubmodule(fuseList(c).getFirst().getFirst()) instanceof dev.torch4j.nn.Linear
                    || m.getSubmodule("conv1") instanceof dev.torch4j.nn.Conv2d, "the model itself is left as it was");
        }
    }

    @Test
    void prepareAttachesObserversWherePyTorchDoes() {
        for (String name : List.of("cnn", "mlp")) {
            JsonObject c = named(name);
            Module fused = FuseModules.fuseModules(floatModel(c), fuseList(c));
            QuantizeStatic.setQconfig(fused, qconfig(name));
            Module p = QuantizeStatic.prepare(fused);
            assertEquals(c.get("prepared_repr").getAsString(), p.toString(), name);
            assertTrue(fused.modules().stream().noneMatch(o -> o instanceof UniformQuantizationObserverBase),
                    "prepare copies by default: the model keeps no observers");
            assertTrue(QuantizeStatic.qconfig(fused.getSubmodule("fc" + (name.equals("mlp") ? "3" : ""))) == null,
                    "the model's own children get no qconfig");
        }
    }

    @Test
    void aChildWhoseQconfigIsNoneStaysFloat() {
        Mlp m = new Mlp();
        QuantizeStatic.setQconfig(m, Defaults.defaultQconfig());
        QuantizeStatic.setQconfig(m.fc3, null); // model.fc3.qconfig = None
        Module p = QuantizeStatic.prepare(m, true);
        assertTrue(p == m, "prepare(inplace=True) returns the model");
        assertTrue(!m.fc3.namedChildren().containsKey("activation_post_process"));
        assertTrue(m.fc2.namedChildren().containsKey("activation_post_process"));
        p.call(Torch.randn(4, 6));
        Module q = QuantizeStatic.convert(p, true);
        assertTrue(m.fc3 instanceof Linear && m.fc2 instanceof dev.torch4j.ao.nn.quantized.Linear && m.skip instanceof QFunctional);
        assertTrue(QuantizeStatic.qconfig(q) == null, "convert forgets the qconfigs");
    }

    @Test
    void aQatQconfigConvertsThroughItsFakeQuantizers() {
        JsonObject c = named("mlp");
        Module fused = FuseModules.fuseModules(floatModel(c), fuseList(c));
        QuantizeStatic.setQconfig(fused, Defaults.defaultQatQconfig());
        Module q = QuantizeStatic.quantize(fused, model -> {
            for (JsonElement b : c.getAsJsonArray("calib")) model.call(f32(b.getAsJsonObject()));
        });
        var fc2 = (dev.torch4j.ao.nn.quantized.Linear) q.getSubmodule("fc2");
        assertEquals(dev.torch4j.QScheme.PER_TENSOR_AFFINE, fc2.weight().qscheme());
        Tensor x = f32(c.getAsJsonObject("x"));
        Tensor diff = q.call(x).sub(fused.call(x)).abs();
        assertTrue(diff.max().item() < 0.2, "quantized output near the float one: " + diff.max().item());
    }

    @Test
    void quantizeRunsPrepareCalibrationAndConvert() {
        JsonObject c = named("mlp");
        Module fused = FuseModules.fuseModules(floatModel(c), fuseList(c));
        QuantizeStatic.setQconfig(fused, Defaults.defaultQconfig());
        Module q = QuantizeStatic.quantize(fused, model -> {
            for (JsonElement b : c.getAsJsonArray("calib")) model.call(f32(b.getAsJsonObject()));
        });
        assertTrue(fused.getSubmodule("fc2") instanceof Linear, "the model itself stays float");
        Module want = QuantizeStatic.convert(prepared(c));
        Golden.assertExact(want.call(f32(c.getAsJsonObject("x"))), q.call(f32(c.getAsJsonObject("x"))), "quantize");
    }

    @Test
    void observersSeeWhatPyTorchsSee() {
        for (String name : List.of("cnn", "mlp", "cnn_per_channel")) {
            JsonObject c = named(name);
            Module p = prepared(c);
            List<String> keys = new ArrayList<>();
            c.getAsJsonArray("prepared_keys").forEach(k -> keys.add(k.getAsString()));
            if (name.startsWith("cnn")) assertEquals(keys, new ArrayList<>(p.stateDict().keySet()), name);
            for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("observers").entrySet()) {
                JsonObject o = e.getValue().getAsJsonObject();
                var obs = (UniformQuantizationObserverBase) p.getSubmodule(e.getKey().isEmpty() ? "activation_post_process"
                        : e.getKey() + ".activation_post_process");
                String what = name + " " + e.getKey();
                assertEquals(o.get("type").getAsString(), obs.className(), what);
                // the float model's sums differ from PyTorch's in the last bit (see the script)
                assertEquals(o.get("min_val").getAsDouble(), obs.minVal().item(), 1e-6, what + " min");
                assertEquals(o.get("max_val").getAsDouble(), obs.maxVal().item(), 1e-6, what + " max");
                Tensor[] qp = obs.calculateQparams();
                Golden.assertClose(Golden.tensor(o.getAsJsonObject("scale")), qp[0], 1e-5, 0, what + " scale");
                Golden.assertExact(Golden.tensor(o.getAsJsonObject("zero_point")), qp[1], what + " zero point");
            }
            p.loadStateDict(state(c, "prepared_state"));
            for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("observers").entrySet()) {
                JsonObject o = e.getValue().getAsJsonObject();
                var obs = (UniformQuantizationObserverBase) p.getSubmodule(e.getKey() + ".activation_post_process");
                Tensor[] qp = obs.calculateQparams();
                String what = name + " " + e.getKey() + " (PyTorch's statistics)";
                Golden.assertExact(Golden.tensor(o.getAsJsonObject("scale")), qp[0], what + " scale");
                Golden.assertExact(Golden.tensor(o.getAsJsonObject("zero_point")), qp[1], what + " zero point");
            }
        }
    }

    @Test
    void convertedModelsMatchPyTorchBitForBit() {
        for (String name : List.of("cnn", "mlp", "cnn_per_channel")) {
            JsonObject c = named(name);
            Module q = QuantizeStatic.convert(calibratedAsPyTorch(c));
            assertEquals(c.get("repr").getAsString(), q.toString(), name);
            assertTrue(q.parameters().isEmpty(), "a quantized model has no float parameters");
            for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("layers").entrySet()) {
                JsonObject l = e.getValue().getAsJsonObject();
                Module m = q.getSubmodule(e.getKey());
                Tensor w = m instanceof Conv2d conv ? conv.weight() : ((dev.torch4j.ao.nn.quantized.Linear) m).weight();
                Tensor b = m instanceof Conv2d conv ? conv.bias() : ((dev.torch4j.ao.nn.quantized.Linear) m).bias();
                assertQuantized(l.getAsJsonObject("weight"), w, name + " " + e.getKey() + " weight");
                Golden.assertExact(f32(l.getAsJsonObject("bias")), b, name + " " + e.getKey() + " bias");
            }
            assertOutputsAsPyTorch(c, q, name);
        }
    }

    /**
     * The case's converted state-dict keys as torch4j writes them: PyTorch packs a Linear's weight and bias in one entry
     * (a tuple), torch4j writes the two tensors under the packed parameters' prefix.
     */
    static List<String> stateKeys(JsonObject c) {
        List<String> want = new ArrayList<>();
        for (JsonElement k : c.getAsJsonArray("state_keys")) {
            String s = k.getAsString();
            if (s.endsWith("._packed_params.dtype")) continue;
            if (s.endsWith("._packed_params._packed_params")) {
                String p = s.substring(0, s.length() - "_packed_params".length());
                want.add(p + "weight");
                want.add(p + "bias");
            } else {
                want.add(s);
            }
        }
        return want;
    }

    /** Runs {@code q} on the case's input, checks each submodule's quantized output and the model's output against the case. */
    static void assertOutputsAsPyTorch(JsonObject c, Module q, String name) {
        Map<String, Tensor> outs = new LinkedHashMap<>();
        q.namedModules().forEach((n, m) -> {
            if (!n.isEmpty() && !n.equals("dequant")) m.registerForwardHook((mod, in, out) -> { outs.put(n, out); return null; });
        });
        Tensor y = q.call(f32(c.getAsJsonObject("x")));
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("module_outputs").entrySet()) {
            assertQuantized(e.getValue().getAsJsonObject(), outs.get(e.getKey()), name + " output of " + e.getKey());
        }
        Golden.assertExact(f32(c.getAsJsonObject("out")), y, name + " output");
    }

    @Test
    void stateDictKeysAndSaveLoad(@TempDir Path dir) throws Exception {
        for (String name : List.of("cnn", "mlp", "cnn_per_channel")) {
            JsonObject c = named(name);
            Module q = QuantizeStatic.convert(calibratedAsPyTorch(c));
            Map<String, Tensor> sd = q.stateDict();
            assertEquals(stateKeys(c), new ArrayList<>(sd.keySet()), name);
            Path f = dir.resolve("static_" + name + ".pt");
            Torch.save(sd, f);
            checkCommittedFile(f);
            // a model calibrated on other data takes the checkpoint's weights and parameters
            Module q2 = otherConverted(c, name);
            q2.loadStateDict(Torch.load(f));
            Golden.assertExact(f32(c.getAsJsonObject("out")), q2.call(f32(c.getAsJsonObject("x"))), name + " after load");
            // and PyTorch's own checkpoint of the converted model ((weight, bias) tuples, dtypes, metadata)
            Module q3 = otherConverted(c, name);
            q3.loadStateDict(Torch.load(Path.of(StaticQuantTest.class.getResource("/interop/quantized/pytorch_static_" + name + ".pt").toURI())));
            Golden.assertExact(f32(c.getAsJsonObject("out")), q3.call(f32(c.getAsJsonObject("x"))), name + " from PyTorch's checkpoint");
        }
    }

    /** The case's model quantized after calibration on other data (other weights' quantizers, other output parameters). */
    private static Module otherConverted(JsonObject c, String name) {
        Module other = FuseModules.fuseModules(floatModel(c), fuseList(c));
        QuantizeStatic.setQconfig(other, qconfig(name));
        Module p = QuantizeStatic.prepare(other, true);
        try (var g = Torch.noGrad()) {
            p.call(Torch.randn(f32(c.getAsJsonObject("x")).shapeArray()).mul(3));
        }
        return QuantizeStatic.convert(p, true);
    }

    /**
     * interop/quantized/static_{cnn,mlp}.pt are the converted models' state dicts as this code writes them;
     * static_quant_goldens.py --verify loads them into PyTorch's converted models and compares the outputs with the
     * goldens. Rewrite them with -Dt4j.quantized.writeDir=... (as QuantizedCheckpointTest).
     */
    static void checkCommittedFile(Path written) throws java.io.IOException {
        String name = written.getFileName().toString();
        String target = System.getProperty("t4j.quantized.writeDir");
        if (target != null) java.nio.file.Files.copy(written, Path.of(target, name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var in = StaticQuantTest.class.getResourceAsStream("/interop/quantized/" + name)) {
            assertTrue(in != null, "missing interop/quantized/" + name);
            org.junit.jupiter.api.Assertions.assertArrayEquals(in.readAllBytes(), java.nio.file.Files.readAllBytes(written), name);
        }
    }

    static Tensor qt(JsonObject j) {
        DType dtype = Golden.dtype(j.get("dtype").getAsString().replace("torch.", ""));
        Tensor ints = Golden.tensor(j.getAsJsonObject("int_repr")).to(dtype == DType.QINT8 ? DType.INT8 : DType.UINT8);
        return Quantized.fromInts(ints, dtype, j.get("scale").getAsDouble(), j.get("zero_point").getAsLong(), null, null, 0);
    }

    @Test
    void quantizedOpsMatchQnnpack() {
        int i = 0;
        for (JsonElement e : named("ops").getAsJsonArray("ops")) {
            JsonObject c = e.getAsJsonObject();
            String w = "ops case " + i++;
            Tensor a = qt(c.getAsJsonObject("a")), b = qt(c.getAsJsonObject("b"));
            var f = new QFunctional();
            f.scale = c.get("scale").getAsDouble();
            f.zeroPoint = c.get("zero_point").getAsLong();
            assertQuantized(c.getAsJsonObject("add"), f.add(a, b), w + " add");
            assertQuantized(c.getAsJsonObject("add_relu"), f.addRelu(a, b), w + " add_relu");
            assertQuantized(c.getAsJsonObject("mul"), f.mul(a, b), w + " mul");
            assertQuantized(c.getAsJsonObject("cat"), f.cat(List.of(a, b), 1), w + " cat");
            assertQuantized(c.getAsJsonObject("relu"), a.relu(), w + " relu");
            assertQuantized(c.getAsJsonObject("relu6"), new ReLU6().call(a), w + " relu6");
            assertQuantized(c.getAsJsonObject("max_pool2d"), new MaxPool2d(2, 1).call(a), w + " max_pool2d");
            assertQuantized(c.getAsJsonObject("flatten"), a.flatten(1), w + " flatten");
            Tensor inPlace = a.clone();
            inPlace.relu_();
            assertQuantized(c.getAsJsonObject("relu"), inPlace, w + " relu_");
        }
    }

    @Test
    void adaptiveAvgPoolRoundsAsEachOfPyTorchsKernels() {
        int i = 0;
        for (JsonElement e : named("ops").getAsJsonArray("adaptive_avg_pool2d")) {
            JsonObject c = e.getAsJsonObject();
            Tensor x = qt(c.getAsJsonObject("x"));
            var os = c.getAsJsonArray("output_size");
            var pool = new dev.torch4j.nn.AdaptiveAvgPool2d(os.get(0).getAsLong(), os.get(1).getAsLong());
            assertQuantized(c.getAsJsonObject("y"), pool.call(x), "adaptive_avg_pool2d case " + i++ + " " + x.shape() + " -> " + os);
        }
    }

    static long[] longs(JsonElement e) {
        var a = e.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsLong();
        return out;
    }

    @Test
    void avgPoolIsQnnpacks() {
        int i = 0;
        for (JsonElement e : named("ops").getAsJsonArray("avg_pool2d")) {
            JsonObject c = e.getAsJsonObject();
            Tensor x = qt(c.getAsJsonObject("x"));
            Tensor y = dev.torch4j.nn.Functional.avgPool2d(x, longs(c.get("kernel")), longs(c.get("stride")), longs(c.get("padding")), false,
                    c.get("count_include_pad").getAsBoolean(), null);
            assertQuantized(c.getAsJsonObject("y"), y, "avg_pool2d case " + i++);
        }
        // QNNPACK's kernel (quint8 without ceil_mode) and divisor_override: not supported (StaticQuantModulesTest has the others)
        Tensor q = Torch.quantizePerTensor(Torch.randn(1, 2, 4, 4), 0.1, 3, DType.QUINT8);
        assertThrows(UnsupportedOperationException.class,
                () -> dev.torch4j.nn.Functional.avgPool2d(q, new long[] {2}, new long[] {2}, new long[] {0}, false, true, 3L));
    }

    @Test
    void reprsAreExactlyPyTorchs() {
        JsonObject r = named("reprs").getAsJsonObject("reprs");
        assertEquals(r.get("linear").getAsString(), new dev.torch4j.ao.nn.quantized.Linear(4, 3).toString());
        assertEquals(r.get("conv").getAsString(), new Conv2d(2, 3, new long[] {3, 2}, new long[] {2}, new long[] {1}, new long[] {1, 2}, 1,
                false).toString());
        assertEquals(r.get("quantize").getAsString(), new Quantize(0.5, 3, DType.QUINT8).toString());
        assertEquals(r.get("dequantize").getAsString(), new DeQuantize().toString());
        assertEquals(r.get("qfunctional").getAsString(), new QFunctional().toString());
        assertEquals(r.get("float_functional").getAsString(), new FloatFunctional().toString());
        assertEquals(r.get("relu6").getAsString(), new ReLU6().toString());
        assertEquals(r.get("quant_stub").getAsString(), new QuantStub().toString());
        assertEquals(r.get("dequant_stub").getAsString(), new DeQuantStub().toString());
    }

    @Test
    void errorsNameTheOpAsPyTorch() {
        JsonObject e = named("reprs").getAsJsonObject("errors");
        String linear = e.get("linear_float_input").getAsString();
        String msg = assertThrows(IllegalArgumentException.class, () -> new dev.torch4j.ao.nn.quantized.Linear(4, 3).call(Torch.randn(2, 4)))
                .getMessage();
        assertTrue(msg.startsWith(linear.substring(0, linear.indexOf("backend.") + 8)), msg);
        String conv = e.get("conv_float_input").getAsString();
        msg = assertThrows(IllegalArgumentException.class, () -> new Conv2d(2, 3, 3).call(Torch.randn(1, 2, 5, 5))).getMessage();
        assertTrue(msg.startsWith(conv.substring(0, conv.indexOf("backend.") + 8)), msg);
        Tensor q3 = Torch.quantizePerTensor(Torch.randn(2, 5, 5), 0.1, 3, DType.QUINT8);
        assertEquals(e.get("conv_3d_input").getAsString(),
                assertThrows(IllegalArgumentException.class, () -> new Conv2d(2, 3, 3).call(q3)).getMessage());
        Tensor qx = Torch.quantizePerTensor(Torch.randn(2, 4), 0.1, 3, DType.QUINT8);
        Tensor qy = Torch.quantizePerTensor(Torch.randn(4, 4), 0.1, 3, DType.QUINT8);
        msg = assertThrows(IllegalArgumentException.class, () -> new QFunctional().add(qx, qy)).getMessage();
        assertTrue(msg.contains(e.get("add_shape").getAsString()), msg);
        assertEquals(e.get("float_functional_converted").getAsString(),
                assertThrows(UnsupportedOperationException.class, () -> new QFunctional().forward(qx)).getMessage());
        assertThrows(UnsupportedOperationException.class, () -> FuseModules.fuseModules(new Cnn(), List.of(List.of("relu1", "pool"))));
    }
}
