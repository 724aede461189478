package dev.torch4j.ao.quantization;

import static dev.torch4j.ao.quantization.StaticQuantTest.assertQuantized;
import static dev.torch4j.ao.quantization.StaticQuantTest.f32;
import static dev.torch4j.ao.quantization.StaticQuantTest.qt;
import static dev.torch4j.ao.quantization.StaticQuantTest.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.MemoryFormat;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.quantized.BatchNorm2d;
import dev.torch4j.ao.nn.quantized.Conv1d;
import dev.torch4j.ao.nn.quantized.Conv3d;
import dev.torch4j.ao.nn.quantized.Dropout;
import dev.torch4j.ao.nn.quantized.ELU;
import dev.torch4j.ao.nn.quantized.Hardswish;
import dev.torch4j.ao.nn.quantized.LeakyReLU;
import dev.torch4j.nn.Flatten;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sigmoid;
import dev.torch4j.nn.Tanh;
import dev.torch4j.ops.Quantized;
import dev.torch4j.ops.QuantizedActivations;
import dev.torch4j.testing.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quantized BatchNorm2d/BNReLU2d, Hardswish, LeakyReLU, ELU, Dropout and sigmoid/tanh of quantized tensors against
 * PyTorch 1.13 on the QNNPACK engine (goldens/static_quant_modules.json, from
 * scripts/goldens/static_quant_modules_goldens.py, which explains the arithmetic): a model through fuse, prepare, convert
 * bit for bit, and the ops on every input integer or random operands.
 */
class StaticQuantModulesTest {
    private static final List<JsonObject> CASES = Golden.cases("static_quant_modules");

    private static JsonObject named(String name) {
        return CASES.stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    /** The golden script's Net. */
    static class Net extends Module {
        Module quant = new QuantStub();
        Module conv = new dev.torch4j.nn.Conv2d(2, 4, 3, dev.torch4j.nn.Conv2d.options().padding(1));
        Module bn1 = new dev.torch4j.nn.BatchNorm2d(4);
        Module relu1 = new ReLU();
        Module hs = new dev.torch4j.nn.Hardswish();
        Module bn2 = new dev.torch4j.nn.BatchNorm2d(4);
        Module lr = new dev.torch4j.nn.LeakyReLU(0.1);
        Module elu = new dev.torch4j.nn.ELU(0.7);
        Module drop = new dev.torch4j.nn.Dropout(0.2);
        Module sig = new Sigmoid();
        Module flatten = new Flatten();
        Module fc = new Linear(64, 5);
        Module tanh = new Tanh();
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            x = hs.call(relu1.call(bn1.call(conv.call(quant.call(x)))));
            x = sig.call(drop.call(elu.call(lr.call(bn2.call(x)))));
            return dequant.call(tanh.call(fc.call(flatten.call(x))));
        }

        @Override
        public String className() { return "Net"; }
    }

    private static final List<List<String>> FUSE = List.of(List.of("bn1", "relu1"));

    /** The golden script's Net1d: Conv1d+BatchNorm1d+ReLU, a strided dilated grouped Conv1d, Conv1d+ReLU. */
    static class Net1d extends Module {
        Module quant = new QuantStub();
        Module conv1 = new dev.torch4j.nn.Conv1d(3, 4, 3, dev.torch4j.nn.ConvNd.options().padding(1));
        Module bn1 = new dev.torch4j.nn.BatchNorm1d(4);
        Module relu1 = new ReLU();
        Module conv2 = new dev.torch4j.nn.Conv1d(4, 4, 3, dev.torch4j.nn.ConvNd.options().stride(2).padding(2).dilation(2).groups(2));
        Module conv3 = new dev.torch4j.nn.Conv1d(2 * 2, 2, 2, dev.torch4j.nn.ConvNd.options().bias(false));
        Module relu3 = new ReLU();
        Module flatten = new Flatten();
        Module fc = new Linear(8, 3);
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            x = conv2.call(relu1.call(bn1.call(conv1.call(quant.call(x)))));
            return dequant.call(fc.call(flatten.call(relu3.call(conv3.call(x)))));
        }

        @Override
        public String className() { return "Net1d"; }
    }

    /** The golden script's Net3d: Conv3d+BatchNorm3d+ReLU, a strided Conv3d, BatchNorm3d+ReLU, BatchNorm3d. */
    static class Net3d extends Module {
        Module quant = new QuantStub();
        Module conv1 = new dev.torch4j.nn.Conv3d(2, 3, 3, dev.torch4j.nn.ConvNd.options().padding(1));
        Module bn1 = new dev.torch4j.nn.BatchNorm3d(3);
        Module relu1 = new ReLU();
        Module conv2 = new dev.torch4j.nn.Conv3d(3, 2, new long[] {2, 3, 2}, dev.torch4j.nn.ConvNd.options().stride(1, 2, 2));
        Module bn2 = new dev.torch4j.nn.BatchNorm3d(2);
        Module relu2 = new ReLU();
        Module bn3 = new dev.torch4j.nn.BatchNorm3d(2);
        Module flatten = new Flatten();
        Module fc = new Linear(16, 3);
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            x = conv2.call(relu1.call(bn1.call(conv1.call(quant.call(x)))));
            x = bn3.call(relu2.call(bn2.call(x)));
            return dequant.call(fc.call(flatten.call(x)));
        }

        @Override
        public String className() { return "Net3d"; }
    }

    /** The golden script's NetT: ConvTranspose2d twice (the second after a ReLU), then ConvTranspose1d. */
    static class NetT extends Module {
        Module quant = new QuantStub();
        Module ct1 = new dev.torch4j.nn.ConvTranspose2d(2, 4, 3, dev.torch4j.nn.ConvTransposeNd.options().stride(2).padding(1)
                .outputPadding(1).groups(2));
        Module relu = new ReLU();
        Module ct2 = new dev.torch4j.nn.ConvTranspose2d(4, 2, 2, dev.torch4j.nn.ConvTransposeNd.options().dilation(2).bias(false));
        Module flatten = new Flatten(2, -1);
        Module ct3 = new dev.torch4j.nn.ConvTranspose1d(2, 3, 3, dev.torch4j.nn.ConvTransposeNd.options().stride(2).padding(1)
                .outputPadding(1));
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            x = flatten.call(ct2.call(relu.call(ct1.call(quant.call(x)))));
            return dequant.call(ct3.call(x));
        }

        @Override
        public String className() { return "NetT"; }
    }

    /** The golden script's NetLN: LayerNorms after Linears (affine, not, over two dimensions). */
    static class NetLN extends Module {
        Module quant = new QuantStub();
        Module fc1 = new Linear(6, 40);
        Module ln1 = new dev.torch4j.nn.LayerNorm(40);
        Module fc2 = new Linear(40, 6);
        Module ln2 = new dev.torch4j.nn.LayerNorm(new long[] {6}, 1e-5, false);
        Module ln3 = new dev.torch4j.nn.LayerNorm(new long[] {3, 6}, 1e-3, true);
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            return dequant.call(ln3.call(ln2.call(fc2.call(ln1.call(fc1.call(quant.call(x)))))));
        }

        @Override
        public String className() { return "NetLN"; }
    }

    /**
     * Saves the converted model's state dict as interop/quantized/static_{name}.pt (compared with the committed file, which
     * static_quant_modules_goldens.py --verify loads into PyTorch), and loads it into a copy of the float model converted
     * after calibration on other data: the outputs must be the goldens.
     */
    private static void checkpointLoadsBack(Module q, Module floatModel, JsonObject c, String backend, String name) {
        try {
            Path f = java.nio.file.Files.createTempDirectory("t4j-quant").resolve("static_" + name + ".pt");
            Torch.save(q.stateDict(), f);
            StaticQuantTest.checkCommittedFile(f);
            Module other = FuseModules.fuseModules(floatModel.deepCopy(), StaticQuantTest.fuseList(c));
            QuantizeStatic.setQconfig(other, Defaults.getDefaultQconfig(backend));
            Module p = QuantizeStatic.prepare(other, true);
            try (var g = Torch.noGrad()) {
                p.call(f32(c.getAsJsonObject("x")).mul(3));
            }
            Module q2 = QuantizeStatic.convert(p, true);
            q2.loadStateDict(Torch.load(f));
            Golden.assertExact(f32(c.getAsJsonObject("out")), q2.call(f32(c.getAsJsonObject("x"))), name + " after load");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void layerNormMatchesPyTorchsKernel() {
        int i = 0;
        for (JsonElement e : named("ops").getAsJsonArray("layer_norm")) {
            JsonObject c = e.getAsJsonObject();
            Tensor w = c.get("weight").isJsonNull() ? null : f32(c.getAsJsonObject("weight"));
            Tensor b = c.get("bias").isJsonNull() ? null : f32(c.getAsJsonObject("bias"));
            Tensor y = QuantizedActivations.layerNorm(qt(c.getAsJsonObject("x")), StaticQuantTest.longs(c.get("normalized_shape")), w, b,
                    c.get("eps").getAsDouble(), c.get("scale").getAsDouble(), c.get("zero_point").getAsLong());
            assertQuantized(c.getAsJsonObject("y"), y, "layer_norm case " + i++);
        }
    }

    /** The golden script's NetNorms: GroupNorm, affine InstanceNorm2d, plain InstanceNorm1d. */
    static class NetNorms extends Module {
        Module quant = new QuantStub();
        Module conv = new dev.torch4j.nn.Conv2d(2, 4, 3, dev.torch4j.nn.ConvNd.options().padding(1));
        Module gn = new dev.torch4j.nn.GroupNorm(2, 4);
        Module in2 = new dev.torch4j.nn.InstanceNorm2d(4, 1e-5, 0.1, true, false);
        Module flatten = new Flatten(2, -1);
        Module in1 = new dev.torch4j.nn.InstanceNorm1d(4);
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            return dequant.call(in1.call(flatten.call(in2.call(gn.call(conv.call(quant.call(x)))))));
        }

        @Override
        public String className() { return "NetNorms"; }
    }

    @Test
    void scalarAddAndMulChooseTheirParametersAsPyTorch() {
        int i = 0;
        var f = new dev.torch4j.ao.nn.quantized.QFunctional();
        for (JsonElement e : named("ops").getAsJsonArray("scalar")) {
            JsonObject c = e.getAsJsonObject();
            String w = "scalar case " + i++;
            Tensor x = qt(c.getAsJsonObject("x"));
            double k = c.get("c").getAsDouble();
            assertQuantized(c.getAsJsonObject("add"), f.addScalar(x, k), w + " add_scalar");
            assertQuantized(c.getAsJsonObject("mul"), f.mulScalar(x, k), w + " mul_scalar");
            assertQuantized(c.getAsJsonObject("add_relu"), dev.torch4j.ops.QuantizedNn.addScalar(x, k, true), w + " add_scalar_relu");
            assertQuantized(c.getAsJsonObject("mul_relu"), dev.torch4j.ops.QuantizedNn.mulScalar(x, k, true), w + " mul_scalar_relu");
        }
    }

    /** The golden script's NetPReLU: a per-channel PReLU after a conv, then a one-parameter PReLU. */
    static class NetPReLU extends Module {
        Module quant = new QuantStub();
        Module conv = new dev.torch4j.nn.Conv2d(2, 4, 3, dev.torch4j.nn.ConvNd.options().padding(1));
        Module prelu = new dev.torch4j.nn.PReLU(4);
        Module flatten = new Flatten();
        Module prelu1 = new dev.torch4j.nn.PReLU();
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) { return dequant.call(prelu1.call(flatten.call(prelu.call(conv.call(quant.call(x)))))); }

        @Override
        public String className() { return "NetPReLU"; }
    }

    @Test
    void preluIsIntegerArithmetic() {
        int i = 0;
        for (JsonElement e : named("ops").getAsJsonArray("prelu")) {
            JsonObject c = e.getAsJsonObject();
            Tensor y = QuantizedActivations.prelu(qt(c.getAsJsonObject("x")), qt(c.getAsJsonObject("weight")), c.get("scale").getAsDouble(),
                    c.get("zero_point").getAsLong());
            assertQuantized(c.getAsJsonObject("y"), y, "prelu case " + i++);
        }
    }

    @Test
    void groupAndInstanceNormMatchPyTorchsKernel() {
        int i = 0;
        for (JsonElement e : named("ops").getAsJsonArray("group_norm")) {
            JsonObject c = e.getAsJsonObject();
            Tensor x = qt(c.getAsJsonObject("x"));
            Tensor w = c.get("weight").isJsonNull() ? null : f32(c.getAsJsonObject("weight"));
            Tensor b = c.get("bias").isJsonNull() ? null : f32(c.getAsJsonObject("bias"));
            double eps = c.get("eps").getAsDouble(), scale = c.get("scale").getAsDouble();
            long zp = c.get("zero_point").getAsLong();
            assertQuantized(c.getAsJsonObject("y"), QuantizedActivations.groupNorm(x, c.get("groups").getAsLong(), w, b, eps, scale, zp),
                    "group_norm case " + i);
            assertQuantized(c.getAsJsonObject("instance"), QuantizedActivations.instanceNorm(x, w, b, eps, scale, zp),
                    "instance_norm case " + i++);
        }
    }

    @Test
    void conv1dConv3dTransposedAndNormModelsMatchPyTorchBitForBit() {
        for (String name : List.of("net1d", "net3d", "net_transpose", "net_ln", "net_norms", "net_prelu")) {
            JsonObject c = named(name);
            Module m = switch (name) {
                case "net1d" -> new Net1d();
                case "net3d" -> new Net3d();
                case "net_ln" -> new NetLN();
                case "net_norms" -> new NetNorms();
                case "net_prelu" -> new NetPReLU();
                default -> new NetT();
            };
            m.loadStateDict(state(c, "float_state"));
            m.eval();
            Tensor x = f32(c.getAsJsonObject("x"));
            Golden.assertClose(f32(c.getAsJsonObject("float_out")), m.call(x), 1e-5, 1e-6, name + " float");
            Module fused = FuseModules.fuseModules(m, StaticQuantTest.fuseList(c));
            assertEquals(c.get("fused_repr").getAsString(), fused.toString(), name);
            // net3d: per-channel weights (fbgemm-style), as the script
            QuantizeStatic.setQconfig(fused, Defaults.getDefaultQconfig(name.equals("net3d") ? "fbgemm" : "qnnpack"));
            Module p = QuantizeStatic.prepare(fused);
            try (var g = Torch.noGrad()) {
                for (JsonElement b : c.getAsJsonArray("calib")) p.call(f32(b.getAsJsonObject()));
            }
            p.loadStateDict(state(c, "prepared_state"));
            Module q = QuantizeStatic.convert(p);
            // PyTorch 1.13's InstanceNorm from_float passes affine where momentum goes (printing momentum=True, affine=False);
            // torch4j keeps the float module's momentum and affine
            if (c.has("repr")) assertEquals(c.get("repr").getAsString().replace("momentum=True, affine=False", "momentum=0.1, affine=True")
                    .replace("momentum=False, affine=False", "momentum=0.1, affine=False"), q.toString(), name);
            StaticQuantTest.assertOutputsAsPyTorch(c, q, name);
            if (c.has("state_keys")) {
                assertEquals(StaticQuantTest.stateKeys(c), new ArrayList<>(q.stateDict().keySet()), name);
                // a quantized PReLU keeps its weight and output parameters outside the state dict, as PyTorch's
                if (!name.equals("net_prelu")) checkpointLoadsBack(q, m, c, name.equals("net3d") ? "fbgemm" : "qnnpack", name);
            }
        }
    }

    private static Module floatNet(JsonObject c) {
        Module m = new Net();
        m.loadStateDict(state(c, "float_state"));
        return m.eval();
    }

    private static Module prepared(JsonObject c) {
        Module fused = FuseModules.fuseModules(floatNet(c), FUSE);
        QuantizeStatic.setQconfig(fused, Defaults.getDefaultQconfig("qnnpack"));
        Module p = QuantizeStatic.prepare(fused);
        try (var g = Torch.noGrad()) {
            for (JsonElement b : c.getAsJsonArray("calib")) p.call(f32(b.getAsJsonObject()));
        }
        return p;
    }

    @Test
    void fusePrepareAndConvertAsPyTorch() {
        JsonObject c = named("net");
        Tensor x = f32(c.getAsJsonObject("x"));
        Module m = floatNet(c);
        Golden.assertClose(f32(c.getAsJsonObject("float_out")), m.call(x), 1e-5, 1e-6, "float");
        Module fused = FuseModules.fuseModules(m, FUSE);
        assertEquals(c.get("fused_repr").getAsString(), fused.toString());
        Golden.assertClose(f32(c.getAsJsonObject("fused_out")), fused.call(x), 1e-5, 1e-6, "fused");
        Module p = prepared(c);
        String prepRepr = QuantizeStatic.prepare(withQconfig(FuseModules.fuseModules(floatNet(c), FUSE))).toString();
        assertEquals(c.get("prepared_repr").getAsString(), prepRepr);
        List<String> keys = new ArrayList<>();
        c.getAsJsonArray("prepared_keys").forEach(k -> keys.add(k.getAsString()));
        assertEquals(keys, new ArrayList<>(p.stateDict().keySet()));
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("observers").entrySet()) {
            var obs = (UniformQuantizationObserverBase) p.getSubmodule(e.getKey() + ".activation_post_process");
            JsonObject o = e.getValue().getAsJsonObject();
            assertEquals(o.get("min_val").getAsDouble(), obs.minVal().item(), 1e-5, e.getKey() + " min");
            assertEquals(o.get("max_val").getAsDouble(), obs.maxVal().item(), 1e-5, e.getKey() + " max");
        }
    }

    private static Module withQconfig(Module m) {
        QuantizeStatic.setQconfig(m, Defaults.getDefaultQconfig("qnnpack"));
        return m;
    }

    /** Calibrated here, given PyTorch's calibrated state, converted. */
    private static Module converted(JsonObject c) {
        Module p = prepared(c);
        p.loadStateDict(state(c, "prepared_state"));
        return QuantizeStatic.convert(p);
    }

    @Test
    void convertedModelMatchesPyTorchBitForBit() {
        JsonObject c = named("net");
        Module q = converted(c);
        assertEquals(c.get("repr").getAsString(), q.toString());
        assertEquals(List.of("bn1.weight", "bn1.bias", "bn2.weight", "bn2.bias"), new ArrayList<>(q.namedParameters().keySet()),
                "a quantized BatchNorm keeps its float affine parameters, as PyTorch's");
        StaticQuantTest.assertOutputsAsPyTorch(c, q, "net");
        Tensor bn2 = q.getSubmodule("bn2").call(q.getSubmodule("hs").call(Torch.quantizePerTensor(Torch.randn(1, 4, 4, 4), 0.05, 128,
                DType.QUINT8)));
        assertTrue(bn2.isContiguous(MemoryFormat.CHANNELS_LAST) && !bn2.isContiguous(), "a quantized batch norm writes channels-last, as PyTorch's");
    }

    @Test
    void stateDictIsPyTorchsAndLoads(@TempDir Path dir) throws Exception {
        JsonObject c = named("net");
        Module q = converted(c);
        Map<String, Tensor> sd = q.stateDict();
        assertEquals(StaticQuantTest.stateKeys(c), new ArrayList<>(sd.keySet()));
        assertEquals(DType.INT32, sd.get("bn1.zero_point").dtype(), "the observer's zero point, as PyTorch keeps it");
        assertEquals(0, sd.get("lr.scale").dim());
        Path f = dir.resolve("static_modules.pt");
        Torch.save(sd, f);
        StaticQuantTest.checkCommittedFile(f);
        Module other = FuseModules.fuseModules(floatNet(c), FUSE);
        QuantizeStatic.setQconfig(other, Defaults.getDefaultQconfig("qnnpack"));
        Module p = QuantizeStatic.prepare(other, true);
        try (var g = Torch.noGrad()) {
            p.call(Torch.randn(f32(c.getAsJsonObject("x")).shapeArray()).mul(3));
        }
        Module q2 = QuantizeStatic.convert(p, true);
        q2.loadStateDict(Torch.load(f));
        // a Hardswish or ELU keeps its output parameters outside the state dict, in PyTorch too
        JsonObject outs = c.getAsJsonObject("module_outputs");
        var hs = (Hardswish) q2.getSubmodule("hs");
        hs.scale = outs.getAsJsonObject("hs").get("scale").getAsDouble();
        hs.zeroPoint = outs.getAsJsonObject("hs").get("zero_point").getAsLong();
        var elu = (ELU) q2.getSubmodule("elu");
        elu.scale = outs.getAsJsonObject("elu").get("scale").getAsDouble();
        elu.zeroPoint = outs.getAsJsonObject("elu").get("zero_point").getAsLong();
        Golden.assertExact(f32(c.getAsJsonObject("out")), q2.call(f32(c.getAsJsonObject("x"))), "after load");
    }

    /** The case's quantized input "x", made channels-last when the case says so. */
    private static Tensor input(JsonObject c) {
        Tensor x = qt(c.getAsJsonObject("x"));
        if (!c.get("channels_last").getAsBoolean()) return x;
        return Quantized.fromInts(x.intRepr().contiguous(MemoryFormat.CHANNELS_LAST), x.dtype(), x.qScale(), x.qZeroPoint(), null, null, 0);
    }

    @Test
    void lookupTableOpsMatchQnnpackOnEveryInteger() {
        int i = 0;
        for (JsonElement e : named("ops").getAsJsonArray("lut")) {
            JsonObject c = e.getAsJsonObject();
            String w = "lut case " + i++;
            Tensor x = input(c);
            assertQuantized(c.getAsJsonObject("sigmoid"), x.sigmoid(), w + " sigmoid");
            assertQuantized(c.getAsJsonObject("tanh"), new Tanh().call(x), w + " tanh");
            assertQuantized(c.getAsJsonObject("hardsigmoid"), new dev.torch4j.nn.Hardsigmoid().call(x), w + " hardsigmoid");
            Tensor hs = new Hardswish(c.get("scale").getAsDouble(), c.get("zero_point").getAsLong()).call(x);
            assertQuantized(c.getAsJsonObject("hardswish"), hs, w + " hardswish");
            assertEquals(c.get("hardswish_channels_last").getAsBoolean(), hs.isContiguous(MemoryFormat.CHANNELS_LAST), w + " layout");
        }
    }

    @Test
    void leakyReluAndEluRoundAsTheGenericKernels() {
        int i = 0;
        for (JsonElement e : named("ops").getAsJsonArray("leaky_relu")) {
            JsonObject c = e.getAsJsonObject();
            String w = "leaky_relu case " + i++;
            Tensor x = qt(c.getAsJsonObject("x"));
            double slope = c.get("slope").getAsDouble();
            // (the module keeps its scale in a float32 buffer; the op takes the double)
            Tensor y = QuantizedActivations.leakyRelu(x, slope, c.get("scale").getAsDouble(), c.get("zero_point").getAsLong());
            assertQuantized(c.getAsJsonObject("leaky_relu"), y, w);
            assertQuantized(c.getAsJsonObject("functional"), dev.torch4j.nn.Functional.leakyRelu(x, slope), w + " functional");
            assertQuantized(c.getAsJsonObject("elu"), new ELU(c.get("scale").getAsDouble(), c.get("zero_point").getAsLong(), 1 + slope)
                    .call(x), w + " elu");
        }
    }

    @Test
    void batchNormIsQuantizedBatchNorm2d() {
        int i = 0;
        for (JsonElement e : named("ops").getAsJsonArray("batch_norm")) {
            JsonObject c = e.getAsJsonObject();
            String w = "batch_norm case " + i++;
            Tensor x = qt(c.getAsJsonObject("x"));
            Tensor[] p = {f32(c.getAsJsonObject("weight")), f32(c.getAsJsonObject("bias")), f32(c.getAsJsonObject("mean")),
                    f32(c.getAsJsonObject("var"))};
            double eps = c.get("eps").getAsDouble(), scale = c.get("scale").getAsDouble();
            long zp = c.get("zero_point").getAsLong();
            boolean three = x.dim() == 5;
            Tensor y = three ? QuantizedActivations.batchNorm3d(x, p[0], p[1], p[2], p[3], eps, scale, zp, false)
                    : QuantizedActivations.batchNorm2d(x, p[0], p[1], p[2], p[3], eps, scale, zp, false);
            assertQuantized(c.getAsJsonObject("y"), y, w);
            assertArrayEquals(StaticQuantTest.longs(c.get("stride")), y.stride(), w + " strides");
            Tensor yr = three ? QuantizedActivations.batchNorm3d(x, p[0], p[1], p[2], p[3], eps, scale, zp, true)
                    : QuantizedActivations.batchNorm2d(x, p[0], p[1], p[2], p[3], eps, scale, zp, true);
            assertQuantized(c.getAsJsonObject("y_relu"), yr, w + " relu");
        }
    }

    @Test
    void avgPoolOutsideQnnpackIsPyTorchsGenericKernel() {
        int i = 0;
        for (JsonElement e : named("ops").getAsJsonArray("avg_pool2d")) {
            JsonObject c = e.getAsJsonObject();
            String w = "avg_pool2d case " + i++;
            Tensor x = input(c);
            Long div = c.get("divisor_override").isJsonNull() ? null : c.get("divisor_override").getAsLong();
            Tensor y = dev.torch4j.nn.Functional.avgPool2d(x, StaticQuantTest.longs(c.get("kernel")), StaticQuantTest.longs(c.get("stride")),
                    StaticQuantTest.longs(c.get("padding")), c.get("ceil_mode").getAsBoolean(), c.get("count_include_pad").getAsBoolean(),
                    div);
            assertQuantized(c.getAsJsonObject("y"), y, w);
            assertEquals(c.get("y_channels_last").getAsBoolean(), y.dim() == 4 && !y.isContiguous(), w + " layout");
        }
    }

    /** The golden script's QatNet. */
    static class QatNet extends Module {
        Module quant = new QuantStub();
        Module conv = new dev.torch4j.nn.Conv2d(2, 4, 3, dev.torch4j.nn.ConvNd.options().padding(1));
        Module relu1 = new ReLU();
        Module pool = new dev.torch4j.nn.MaxPool2d(2);
        Module flatten = new Flatten();
        Module fc1 = new Linear(16, 8);
        Module relu2 = new ReLU();
        Module fc2 = new Linear(8, 3);
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            x = flatten.call(pool.call(relu1.call(conv.call(quant.call(x)))));
            return dequant.call(fc2.call(relu2.call(fc1.call(x))));
        }

        @Override
        public String className() { return "QatNet"; }
    }

    /** The golden script's QatBnNet: Conv2d+BatchNorm2d+ReLU and a bias-free Conv2d+BatchNorm2d for QAT, then a Linear. */
    static class QatBnNet extends Module {
        Module quant = new QuantStub();
        Module conv1 = new dev.torch4j.nn.Conv2d(2, 4, 3, dev.torch4j.nn.ConvNd.options().padding(1));
        Module bn1 = new dev.torch4j.nn.BatchNorm2d(4);
        Module relu1 = new ReLU();
        Module conv2 = new dev.torch4j.nn.Conv2d(4, 4, 3, dev.torch4j.nn.ConvNd.options().bias(false));
        Module bn2 = new dev.torch4j.nn.BatchNorm2d(4);
        Module flatten = new Flatten();
        Module fc = new Linear(16, 3);
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) {
            x = bn2.call(conv2.call(relu1.call(bn1.call(conv1.call(quant.call(x))))));
            return dequant.call(fc.call(flatten.call(x)));
        }

        @Override
        public String className() { return "QatBnNet"; }
    }

    @Test
    void qatConvBnFoldsTheStatisticsAsPyTorch() {
        JsonObject c = named("qat_bn");
        Module m = new QatBnNet();
        m.loadStateDict(state(c, "float_state"));
        Module fused = FuseModules.fuseModulesQat(m, StaticQuantTest.fuseList(c));
        assertEquals(c.get("fused_repr").getAsString(), fused.toString());
        QuantizeStatic.setQconfig(fused, Defaults.defaultQatQconfig());
        Module p = QuantizeStatic.prepareQat(fused);
        assertEquals(c.get("prepared_repr").getAsString(), p.toString());
        List<String> keys = new ArrayList<>();
        c.getAsJsonArray("prepared_keys").forEach(k -> keys.add(k.getAsString()));
        assertEquals(keys, new ArrayList<>(p.stateDict().keySet()));
        // training moves the BatchNorm statistics and reaches the float weights
        var conv1 = (dev.torch4j.ao.nn.intrinsic.qat.ConvBnReLU2d) p.getSubmodule("conv1");
        Tensor before = conv1.bn().runningMean().clone();
        p.call(Torch.randn(4, 2, 4, 4)).square().mean().backward();
        assertTrue(conv1.weight.grad() != null && !Torch.equal(before, conv1.bn().runningMean()), "a training step");
        p.loadStateDict(state(c, "prepared_state"));
        Module q = QuantizeStatic.convert(p.eval());
        assertEquals(c.get("repr").getAsString(), q.toString());
        StaticQuantTest.assertOutputsAsPyTorch(c, q, "qat_bn");
        assertEquals(StaticQuantTest.stateKeys(c), new ArrayList<>(q.stateDict().keySet()));
    }

    @Test
    void prepareQatTrainsAndConvertsAsPyTorch() throws Exception {
        JsonObject c = named("qat");
        Module m = new QatNet();
        m.loadStateDict(state(c, "float_state"));
        Module fused = FuseModules.fuseModules(m, StaticQuantTest.fuseList(c));
        QuantizeStatic.setQconfig(fused, Defaults.defaultQatQconfig());
        Module p = QuantizeStatic.prepareQat(fused);
        assertEquals(c.get("prepared_repr").getAsString(), p.toString());
        List<String> keys = new ArrayList<>(), params = new ArrayList<>();
        c.getAsJsonArray("prepared_keys").forEach(k -> keys.add(k.getAsString()));
        c.getAsJsonArray("param_names").forEach(k -> params.add(k.getAsString()));
        assertEquals(keys, new ArrayList<>(p.stateDict().keySet()));
        assertEquals(params, new ArrayList<>(p.namedParameters().keySet()));
        assertTrue(fused.getSubmodule("fc2") instanceof Linear && !(fused.getSubmodule("fc2") instanceof dev.torch4j.ao.nn.qat.Linear),
                "prepare_qat copies by default");
        // a training step reaches the float weights through the fake-quantized ones (straight-through)
        Tensor loss = p.call(Torch.randn(4, 2, 4, 4)).square().mean();
        loss.backward();
        assertTrue(p.getSubmodule("conv") instanceof dev.torch4j.ao.nn.intrinsic.qat.ConvReLU2d qc && qc.weight.grad() != null);
        // PyTorch's trained state, then convert: bit for bit
        p.loadStateDict(state(c, "prepared_state"));
        Module q = QuantizeStatic.convert(p.eval());
        assertEquals(c.get("repr").getAsString(), q.toString());
        StaticQuantTest.assertOutputsAsPyTorch(c, q, "qat");
        assertEquals(StaticQuantTest.stateKeys(c), new ArrayList<>(q.stateDict().keySet()));
        // the checkpoint loads into a model trained on other data (and into PyTorch's: the script's --verify)
        Path f = java.nio.file.Files.createTempDirectory("t4j-quant").resolve("static_qat.pt");
        Torch.save(q.stateDict(), f);
        StaticQuantTest.checkCommittedFile(f);
        Module other = FuseModules.fuseModules(new QatNet(), StaticQuantTest.fuseList(c));
        QuantizeStatic.setQconfig(other, Defaults.defaultQatQconfig());
        Module p2 = QuantizeStatic.prepareQat(other, true);
        try (var g = Torch.noGrad()) {
            p2.call(f32(c.getAsJsonObject("x")).mul(3));
        }
        Module q2 = QuantizeStatic.convert(p2.eval(), true);
        q2.loadStateDict(Torch.load(f));
        Golden.assertExact(f32(c.getAsJsonObject("out")), q2.call(f32(c.getAsJsonObject("x"))), "qat after load");
        for (String backend : List.of("qnnpack", "fbgemm")) {
            Module f2 = FuseModules.fuseModules(new QatNet(), StaticQuantTest.fuseList(c));
            QuantizeStatic.setQconfig(f2, Defaults.getDefaultQatQconfig(backend));
            Module p3 = QuantizeStatic.prepareQat(f2);
            Tensor xin = f32(c.getAsJsonObject("x"));
            try (var g = Torch.noGrad()) {
                for (int k = 0; k < 3; k++) p3.call(xin);
            }
            Module q3 = QuantizeStatic.convert(p3.eval());
            var fc1 = (dev.torch4j.ao.nn.quantized.Linear) q3.getSubmodule("fc1");
            assertEquals(backend.equals("qnnpack") ? dev.torch4j.QScheme.PER_TENSOR_AFFINE : dev.torch4j.QScheme.PER_CHANNEL_AFFINE,
                    fc1.weight().qscheme(), backend);
            double diff = q3.call(xin).sub(f2.eval().call(xin)).abs().max().item();
            assertTrue(diff < 0.1, backend + ": quantized output near the float one: " + diff);
        }
        Module evalModel = new QatNet().eval();
        QuantizeStatic.setQconfig(evalModel, Defaults.defaultQatQconfig());
        assertEquals("prepare_qat only works on models in training mode",
                assertThrows(IllegalArgumentException.class, () -> QuantizeStatic.prepareQat(evalModel)).getMessage());
    }

    @Test
    void reprsAndErrorsAsPyTorch() {
        JsonObject r = named("reprs").getAsJsonObject("reprs");
        assertEquals(r.get("batch_norm").getAsString(), new BatchNorm2d(3).toString());
        assertEquals(r.get("hardswish").getAsString(), new Hardswish(0.1, 3).toString());
        assertEquals(r.get("leaky_relu").getAsString(), new LeakyReLU(0.1, 3, 0.2, false).toString());
        assertEquals(r.get("dropout").getAsString(), new Dropout(0.3, false).toString());
        assertEquals(r.get("elu").getAsString(), new ELU(0.1, 3, 0.5).toString());
        assertEquals(r.get("prelu").getAsString(), new dev.torch4j.ao.nn.quantized.PReLU(0.1, 3, 4).toString());
        assertEquals(r.get("conv1d").getAsString(), new Conv1d(2, 4, 3, 2, 1, 2, 2, false).toString());
        assertEquals(r.get("conv3d").getAsString(), new Conv3d(2, 3, new long[] {1, 2, 3}, new long[] {1, 1, 2}, new long[] {0, 1, 0},
                new long[] {1}, 1, true).toString());
        JsonObject e = named("reprs").getAsJsonObject("errors");
        Tensor q3 = Torch.quantizePerTensor(Torch.randn(2, 3, 4), 0.1, 3, DType.QUINT8);
        assertEquals(e.get("batch_norm_3d").getAsString(), assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).call(q3))
                .getMessage());
        String bn = e.get("batch_norm_float").getAsString();
        String msg = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).call(Torch.randn(1, 3, 2, 2))).getMessage();
        assertTrue(msg.startsWith(bn.substring(0, bn.indexOf("backend.") + 8)), msg);
        Tensor q2 = Torch.quantizePerTensor(Torch.randn(3, 4), 0.1, 3, DType.QUINT8);
        assertEquals(e.get("conv1d_2d_input").getAsString(), assertThrows(IllegalArgumentException.class, () -> new Conv1d(3, 2, 2).call(q2))
                .getMessage());
        Tensor q4 = Torch.quantizePerTensor(Torch.randn(1, 3, 4, 4), 0.1, 3, DType.QUINT8);
        assertEquals(e.get("conv3d_4d_input").getAsString(), assertThrows(IllegalArgumentException.class,
                () -> new Conv3d(3, 2, new long[] {2}, new long[] {1}, new long[] {0}, new long[] {1}, 1, true).call(q4)).getMessage());
        Module ct = new dev.torch4j.nn.Sequential(new dev.torch4j.nn.ConvTranspose2d(2, 2, 2));
        QuantizeStatic.setQconfig(ct, Defaults.getDefaultQconfig("fbgemm"));
        assertEquals(e.get("conv_transpose_per_channel").getAsString(),
                assertThrows(IllegalArgumentException.class, () -> QuantizeStatic.prepare(ct)).getMessage());
        assertEquals(e.get("layer_norm_shape").getAsString(), assertThrows(IllegalArgumentException.class,
                () -> QuantizedActivations.layerNorm(q3, new long[] {5}, null, null, 1e-5, 0.1, 0)).getMessage());
        for (String backend : List.of("qnnpack", "onednn", "fbgemm", "x86")) {
            var want = r.getAsJsonArray("qat_qconfig_" + backend);
            QConfig q = Defaults.getDefaultQatQconfig(backend);
            assertEquals(want.get(0).getAsString(), q.activation().get().toString(), backend + " activation");
            assertEquals(want.get(1).getAsString(), q.weight().get().toString(), backend + " weight");
        }
        assertEquals(r.get("group_norm").getAsString(), new dev.torch4j.ao.nn.quantized.GroupNorm(2, 4, Torch.ones(4), Torch.zeros(4), 0.1,
                3, 1e-5, true).toString());
        assertEquals(r.get("instance_norm").getAsString(), new dev.torch4j.ao.nn.quantized.InstanceNorm3d(3, null, null, 0.1, 3, 1e-5,
                false).toString());
        Tensor q2d = Torch.quantizePerTensor(Torch.randn(2, 3), 0.1, 3, DType.QUINT8);
        assertEquals(e.get("instance_norm_2d").getAsString(), assertThrows(IllegalArgumentException.class,
                () -> QuantizedActivations.instanceNorm(q2d, null, null, 1e-5, 0.1, 0)).getMessage());
        assertEquals(r.get("layer_norm").getAsString(), new dev.torch4j.ao.nn.quantized.LayerNorm(new long[] {4, 5}, Torch.ones(4, 5),
                Torch.zeros(4, 5), 0.1, 3, 1e-5, true).toString());
        Tensor q = Torch.quantizePerTensor(Torch.randn(1, 3, 2, 2), 0.1, 3, DType.QUINT8);
        assertEquals(q, new Dropout(0.3, false).call(q), "a quantized Dropout is the identity");
    }
}
