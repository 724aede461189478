package dev.torch4j.nn;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** Module registration, traversal, state dicts and printing against real PyTorch (goldens/nn.json). */
class ModuleTest {
    /** The contract's model: PyTorch's Net with fc1, fc2, out. */
    static class Net extends Module {
        final Linear fc1 = new Linear(2, 16), fc2 = new Linear(16, 16), out = new Linear(16, 2);

        @Override
        public Tensor forward(Tensor x) { return out.forward(fc2.forward(fc1.forward(x).relu()).relu()); }
    }

    static class Block extends Module {
        final BatchNorm1d norm = new BatchNorm1d(4);
        final Sequential body = new Sequential(new Linear(4, 4), new ReLU(), new Dropout(0.1));
        final ModuleDict heads = new ModuleDict(map("a", new Linear(4, 1), "b", new Identity()));
        Tensor scale = Parameter.of(ones(1));
    }

    static Map<String, Module> map(Object... kv) {
        Map<String, Module> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Module) kv[i + 1]);
        return m;
    }

    @Test
    void contractNetPrintsAndNamesLikePyTorch() {
        Net net = new Net();
        assertEquals(NnGoldens.get("repr", "net").get("text").getAsString(), net.toString());
        JsonObject keys = NnGoldens.get("keys", "net");
        assertEquals(NnGoldens.strings(keys, "keys"), new ArrayList<>(net.stateDict().keySet()));
        assertEquals(NnGoldens.strings(keys, "params"), new ArrayList<>(net.namedParameters().keySet()));
        assertEquals(6, net.parameters().size());
        assertSame(net.fc1.weight, net.parameters().getFirst());
        assertEquals(List.of(net.fc1, net.fc2, net.out), net.children());
    }

    @Test
    void nestedContainersBuffersAndParametersInPyTorchOrder() {
        Block b = new Block();
        assertEquals(NnGoldens.get("repr", "block").get("text").getAsString(), b.toString());
        JsonObject keys = NnGoldens.get("keys", "block");
        assertEquals(NnGoldens.strings(keys, "keys"), new ArrayList<>(b.stateDict().keySet()));
        assertEquals(NnGoldens.strings(keys, "params"), new ArrayList<>(b.namedParameters().keySet()));
        assertEquals(NnGoldens.strings(keys, "buffers"), new ArrayList<>(b.namedBuffers().keySet()));
        assertEquals(NnGoldens.strings(keys, "modules"), new ArrayList<>(b.namedModules().keySet()));
        assertEquals(DType.INT64, b.stateDict().get("norm.num_batches_tracked").dtype());
    }

    @Test
    void layerReprsMatchPyTorch() {
        Map<String, Module> layers = new LinkedHashMap<>();
        layers.put("linear_nobias", new Linear(3, 1, false));
        layers.put("bilinear", new Bilinear(2, 3, 4));
        layers.put("identity", new Identity());
        layers.put("flatten", new Flatten());
        layers.put("unflatten", new Unflatten(1, 2, 5));
        layers.put("relu", new ReLU());
        layers.put("relu_inplace", new ReLU(true));
        layers.put("leaky", new LeakyReLU());
        layers.put("leaky_02", new LeakyReLU(0.2));
        layers.put("elu", new ELU());
        layers.put("gelu", new GELU());
        layers.put("gelu_tanh", new GELU("tanh"));
        layers.put("silu", new SiLU());
        layers.put("sigmoid", new Sigmoid());
        layers.put("tanh", new Tanh());
        layers.put("softmax", new Softmax(1));
        layers.put("softmax_none", new Softmax());
        layers.put("logsoftmax", new LogSoftmax(-1));
        layers.put("dropout", new Dropout());
        layers.put("dropout_02", new Dropout(0.2));
        layers.put("embedding", new Embedding(10, 3));
        layers.put("embedding_pad", new Embedding(10, 3, 0L));
        layers.put("layernorm", new LayerNorm(10));
        layers.put("layernorm_2d", new LayerNorm(new long[] {4, 5}, 1e-6, true));
        layers.put("batchnorm", new BatchNorm1d(8));
        layers.put("batchnorm_nomom", new BatchNorm1d(8, 1e-5, null, false, true));
        layers.put("mse", new MSELoss());
        layers.put("ce", new CrossEntropyLoss());
        layers.put("bce", new BCELoss());
        layers.put("bcelogits", new BCEWithLogitsLoss());
        layers.put("nll", new NLLLoss());
        layers.put("l1", new L1Loss());
        layers.put("smoothl1", new SmoothL1Loss());
        layers.put("huber", new HuberLoss());
        layers.put("kldiv", new KLDivLoss());
        layers.put("seq", new Sequential(new Linear(2, 3), new Sequential(new Tanh(), new Linear(3, 1))));
        layers.put("moduledict", new ModuleDict(map("act", new ReLU(), "lin", new Linear(1, 2))));
        for (var e : layers.entrySet()) {
            assertEquals(NnGoldens.get("repr", e.getKey()).get("text").getAsString(), e.getValue().toString(), e.getKey());
        }
    }

    @Test
    void parameterPrintsAsPyTorchParameter() {
        Tensor p = Parameter.of(tensor(new float[] {1, 2}));
        assertEquals(NnGoldens.get("repr", "parameter").get("text").getAsString(), p.toString());
        assertTrue(p.isParameter() && p.requiresGrad() && p.isLeaf());
        assertFalse(p.detach().isParameter());
        assertFalse(p.mul(2).isParameter());
    }

    @Test
    void moduleListCompressesRepeatsAsPyTorch2() {
        // PyTorch 2.1+ (torch/nn/modules/container.py ModuleList.__repr__); 1.13 printed every entry
        ModuleList l = new ModuleList(new Linear(2, 2), new Linear(2, 2), new Linear(2, 2), new ReLU(), new Linear(2, 2));
        assertEquals("""
                ModuleList(
                  (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)
                  (3): ReLU()
                  (4): Linear(in_features=2, out_features=2, bias=True)
                )""", l.toString());
        assertEquals("ModuleList()", new ModuleList().toString());
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                new ArrayList<>(l.namedParameters().keySet()));
        assertInstanceOf(ReLU.class, l.get(-2));
        l.pop(0);
        assertEquals(4, l.size());
        assertEquals(List.of("0", "1", "2", "3"), new ArrayList<>(l.namedChildren().keySet()));
    }

    @Test
    void explicitRegistrationAndPyTorchNameErrors() {
        Module m = new Module() {};
        m.registerParameter("w", Parameter.of(zeros(2)));
        m.registerBuffer("stats", ones(2));
        m.registerBuffer("tmp", ones(1), false);
        m.registerModule("lin", new Linear(2, 2));
        assertEquals(List.of("w", "lin.weight", "lin.bias"), new ArrayList<>(m.namedParameters().keySet()));
        assertEquals(List.of("w", "stats", "lin.weight", "lin.bias"), new ArrayList<>(m.stateDict().keySet()));
        assertEquals(2, m.buffers().size());
        var e = assertThrows(IllegalArgumentException.class, () -> m.registerParameter("a.b", Parameter.of(zeros(1))));
        assertEquals("parameter name can't contain \".\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.registerParameter("", Parameter.of(zeros(1))));
        assertEquals("parameter name can't be empty string \"\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.registerParameter("x", zeros(2)));
        assertEquals("cannot assign 'torch.FloatTensor' object to parameter 'x' (torch.nn.Parameter or None required)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.registerBuffer("w", zeros(1)));
        assertEquals("attribute 'w' already exists", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.registerModule("x.y", new ReLU()));
        assertEquals("module name can't contain \".\", got: x.y", e.getMessage());
        Net net = new Net();
        e = assertThrows(IllegalArgumentException.class, () -> net.registerModule("fc1", new ReLU()));
        assertEquals("attribute 'fc1' already exists", e.getMessage());
    }

    static class Reassigning extends Module {
        Linear a = new Linear(1, 1);
        Tensor w = Parameter.of(zeros(1));
        Tensor plain = zeros(3);
        @Buffer Tensor stats = zeros(2);
        @Buffer(persistent = false) Tensor scratch = zeros(2);
    }

    @Test
    void fieldsAreReadAtEachTraversalLikeAttributeAssignment() {
        Reassigning m = new Reassigning();
        assertEquals(List.of("w", "a.weight", "a.bias"), new ArrayList<>(m.namedParameters().keySet()));
        assertEquals(List.of("w", "stats", "a.weight", "a.bias"), new ArrayList<>(m.stateDict().keySet()));
        assertEquals(List.of("stats", "scratch"), new ArrayList<>(m.namedBuffers().keySet()));
        m.a = null;
        assertEquals(List.of("w"), new ArrayList<>(m.namedParameters().keySet()));
        m.a = new Linear(1, 1, false);
        assertEquals(List.of("w", "a.weight"), new ArrayList<>(m.namedParameters().keySet()));
        m.w = zeros(1); // a plain tensor where a parameter was: PyTorch's TypeError
        var e = assertThrows(IllegalStateException.class, m::parameters);
        assertEquals("cannot assign 'torch.FloatTensor' as parameter 'w' (torch.nn.Parameter or None expected)", e.getMessage());
    }

    @Test
    void sharedModulesAndParametersAreListedOnce() {
        Linear shared = new Linear(2, 2);
        Sequential s = new Sequential(shared, new ReLU(), shared);
        assertEquals(List.of("0.weight", "0.bias"), new ArrayList<>(s.namedParameters().keySet()));
        assertEquals(List.of("", "0", "1"), new ArrayList<>(s.namedModules().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(s.stateDict().keySet()));
    }

    @Test
    void loadStateDictReportsEveryProblemAsPyTorch() {
        manualSeed(0);
        Net src = new Net();
        Net dst = new Net();
        Map<String, Tensor> bad = new LinkedHashMap<>(src.stateDict());
        bad.remove("fc2.bias");
        bad.put("extra.weight", zeros(1));
        bad.put("fc1.weight", zeros(3, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> dst.loadStateDict(bad));
        assertEquals(NnGoldens.get("load", "net_bad").getAsJsonObject("result").get("message").getAsString(), e.getMessage());

        Map<String, Tensor> partial = new LinkedHashMap<>(src.stateDict());
        partial.remove("out.bias");
        partial.put("fc3.x", zeros(1));
        Module.IncompatibleKeys r = dst.loadStateDict(partial, false);
        JsonObject expected = NnGoldens.get("load", "net_bad_nonstrict").getAsJsonObject("result");
        assertEquals(NnGoldens.strings(expected, "missing"), r.missingKeys());
        assertEquals(NnGoldens.strings(expected, "unexpected"), r.unexpectedKeys());
        assertEquals(src.fc2.weight.toString(), dst.fc2.weight.toString());
        assertEquals("<All keys matched successfully>", dst.loadStateDict(src.stateDict()).toString());
        assertTrue(dst.fc1.weight.equal(src.fc1.weight));
        assertNull(dst.fc1.weight.gradFn(), "loading records no graph");
    }

    @Test
    void trainEvalAndApplyReachEveryModule() {
        Block b = new Block();
        assertTrue(b.isTraining());
        b.eval();
        for (Module m : b.modules()) assertFalse(m.isTraining(), m.className());
        b.train();
        for (Module m : b.modules()) assertTrue(m.isTraining(), m.className());
        List<String> visited = new ArrayList<>();
        b.apply(m -> visited.add(m.className()));
        assertEquals(List.of("BatchNorm1d", "Linear", "ReLU", "Dropout", "Sequential", "Linear", "Identity", "ModuleDict", "Block"), visited);
    }

    @Test
    void toDtypeConvertsFloatingTensorsOnlyAndKeepsParameterObjects() {
        Block b = new Block();
        Tensor oldScale = b.scale;
        Tensor oldMean = b.norm.runningMean();
        b.scale.mul(2).sum().backward();
        Tensor oldGrad = b.scale.grad();
        b.to(DType.FLOAT64);
        // PyTorch's _apply sets param.data and param.grad.data: the objects stay, buffers are replaced
        assertSame(oldScale, b.scale);
        assertSame(oldGrad, b.scale.grad());
        assertEquals(DType.FLOAT64, b.scale.grad().dtype());
        assertNotSame(oldMean, b.norm.runningMean());
        assertTrue(b.scale.isParameter() && b.scale.requiresGrad());
        for (var e : b.stateDict().entrySet()) {
            DType want = e.getKey().endsWith("num_batches_tracked") ? DType.INT64 : DType.FLOAT64;
            assertEquals(want, e.getValue().dtype(), e.getKey());
        }
        assertEquals(DType.FLOAT64, b.norm.runningMean().dtype());
        assertSame(b.parameters().getFirst(), b.scale);
        var e = assertThrows(IllegalArgumentException.class, () -> b.to(DType.INT32));
        assertTrue(e.getMessage().contains("floating point"), e.getMessage());
    }

    @Test
    void hooksSeeInputsAndMayReplaceOutputs() {
        Identity id = new Identity();
        List<String> seen = new ArrayList<>();
        var pre = id.registerForwardPreHook((m, in) -> {
            seen.add("pre " + in.length);
            return new Tensor[] {in[0].mul(2)};
        });
        var post = id.registerForwardHook((m, in, out) -> out.add(1));
        assertEquals(7.0, id.call(tensor(3.0)).item());
        assertEquals(List.of("pre 1"), seen);
        pre.remove();
        post.close();
        assertEquals(3.0, id.call(tensor(3.0)).item());
        var e = assertThrows(UnsupportedOperationException.class, () -> new Identity().forward(zeros(1), zeros(1)));
        assertTrue(e.getMessage().startsWith("Module [Identity] is missing the required \"forward\" function"), e.getMessage());
    }

    @Test
    void zeroGradSetsNoneByDefaultOrZeroes() {
        Linear l = new Linear(2, 1);
        l.weight.setGrad(ones(1, 2));
        l.bias.setGrad(ones(1));
        l.zeroGrad(false);
        assertEquals(0.0, l.weight.grad().abs().sum().item());
        l.zeroGrad();
        assertNull(l.weight.grad());
        assertNull(l.bias.grad());
    }

    @Test
    void requiresGradAndSubmoduleLookup() {
        Block b = new Block();
        b.requiresGrad_(false);
        for (Tensor p : b.parameters()) assertFalse(p.requiresGrad());
        assertSame(b.body.get(0), b.getSubmodule("body.0"));
        assertSame(b.heads.get("a"), b.getSubmodule("heads.a"));
        assertSame(b.norm.weight, b.getParameter("norm.weight"));
        var e = assertThrows(IllegalArgumentException.class, () -> b.getSubmodule("body.nope"));
        assertEquals("Sequential has no attribute `nope`", e.getMessage());
    }
}
