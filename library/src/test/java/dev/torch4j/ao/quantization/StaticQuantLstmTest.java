package dev.torch4j.ao.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.quantizable.LSTMCell;
import dev.torch4j.ao.nn.quantized.QFunctional;
import dev.torch4j.nn.LSTM;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.RNNBase;
import dev.torch4j.testing.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static quantized LSTM against PyTorch 1.13 on the QNNPACK engine, with 2.x's module tree
 * (goldens/static_quant_lstm.json, from scripts/goldens/static_quant_lstm_goldens.py): prepare swaps nn.LSTM for the
 * quantizable LSTM (its reprs, state-dict keys and observers as PyTorch's), whose float forward is the LSTM's;
 * calibration; convert to the quantized LSTM, whose outputs and final states are PyTorch's bit for bit. Cases: one
 * layer with zero or given states, no bias, two layers, bidirectional, batch_first, and all three together; 2.x's
 * split gates.
 */
class StaticQuantLstmTest {
    private static final List<JsonObject> CASES = Golden.cases("static_quant_lstm");

    private static List<JsonObject> modelCases() { return CASES.stream().filter(c -> c.has("kw")).toList(); }

    private static JsonObject named(String name) {
        return CASES.stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    /** The golden script's model: QuantStub -> LSTM -> DeQuantStub, with stubs for the initial states. */
    static class Model extends Module {
        Model(long inputSize, long hiddenSize, RNNBase.Options o) {
            registerModule("quant", new QuantStub());
            registerModule("quant_h", new QuantStub());
            registerModule("quant_c", new QuantStub());
            registerModule("lstm", new LSTM(inputSize, hiddenSize, o));
            registerModule("dequant", new DeQuantStub());
        }

        LSTM lstm() { return (LSTM) getSubmodule("lstm"); }

        /** {@code lstm(quant(x))} or, given states, {@code lstm(quant(x), (quant_h(h0), quant_c(c0)))}. */
        RNNBase.Output run(Tensor... in) {
            Tensor x = getSubmodule("quant").call(in[0]);
            if (in.length == 1 || in[1] == null) return lstm().forwardWithState(x);
            return lstm().forwardWithState(x, getSubmodule("quant_h").call(in[1]), getSubmodule("quant_c").call(in[2]));
        }

        @Override
        public Tensor forward(Tensor... in) { return getSubmodule("dequant").call(run(in).output()); }

        @Override
        public String className() { return "Model"; }
    }

    private static RNNBase.Options options(JsonObject kw) {
        RNNBase.Options o = LSTM.options();
        if (kw.has("num_layers")) o = o.numLayers(kw.get("num_layers").getAsLong());
        if (kw.has("bias")) o = o.bias(kw.get("bias").getAsBoolean());
        if (kw.has("batch_first")) o = o.batchFirst(kw.get("batch_first").getAsBoolean());
        if (kw.has("bidirectional")) o = o.bidirectional(kw.get("bidirectional").getAsBoolean());
        return o;
    }

    private static Model floatModel(JsonObject c) {
        Model m = new Model(c.get("input_size").getAsLong(), c.get("hidden_size").getAsLong(), options(c.getAsJsonObject("kw")));
        m.loadStateDict(StaticQuantTest.state(c, "float_state"));
        return m.eval();
    }

    private static Tensor t(JsonObject c, String key) { return c.get(key).isJsonNull() ? null : StaticQuantTest.f32(c.getAsJsonObject(key)); }

    /** The case's input with its states (null when it has none). */
    private static Tensor[] inputs(JsonObject c) { return new Tensor[] {t(c, "x"), t(c, "h0"), t(c, "c0")}; }

    private static Model prepared(JsonObject c) {
        Model m = floatModel(c);
        QuantizeStatic.setQconfig(m, Defaults.getDefaultQconfig("qnnpack"));
        return QuantizeStatic.prepare(m);
    }

    private static Model calibrated(JsonObject c) {
        Model p = prepared(c);
        try (var g = Torch.noGrad()) {
            var calib = c.getAsJsonArray("calib");
            for (int i = 0; i < calib.size(); i++) {
                Tensor b = StaticQuantTest.f32(calib.get(i).getAsJsonObject());
                if (c.get("calib_states").isJsonNull()) {
                    p.call(b);
                } else {
                    var s = c.getAsJsonArray("calib_states").get(i).getAsJsonArray();
                    p.call(b, StaticQuantTest.f32(s.get(0).getAsJsonObject()), StaticQuantTest.f32(s.get(1).getAsJsonObject()));
                }
            }
        }
        return p;
    }

    private static void assertFloat(JsonObject want, RNNBase.Output got, double tol, String what) {
        Golden.assertClose(StaticQuantTest.f32(want.getAsJsonObject("y")), got.output(), tol, tol, what + " y");
        Golden.assertClose(StaticQuantTest.f32(want.getAsJsonObject("h")), got.hN(), tol, tol, what + " h_n");
        Golden.assertClose(StaticQuantTest.f32(want.getAsJsonObject("c")), got.cN(), tol, tol, what + " c_n");
    }

    @Test
    void prepareSwapsTheLstmForTheQuantizableOne() {
        for (JsonObject c : modelCases()) {
            String name = c.get("name").getAsString();
            Model m = floatModel(c);
            QuantizeStatic.setQconfig(m, Defaults.getDefaultQconfig("qnnpack"));
            Model p = QuantizeStatic.prepare(m);
            assertEquals(c.get("prepared_repr").getAsString(), p.toString(), name);
            List<String> keys = new ArrayList<>();
            c.getAsJsonArray("prepared_keys").forEach(k -> keys.add(k.getAsString()));
            assertEquals(keys, new ArrayList<>(p.stateDict().keySet()), name);
            assertTrue(p.lstm() instanceof dev.torch4j.ao.nn.quantizable.LSTM && m.lstm().getClass() == LSTM.class,
                    "prepare copies: the model keeps its LSTM");
            assertTrue(!p.lstm().namedChildren().containsKey("activation_post_process"), "the LSTM itself is not observed");
        }
    }

    @Test
    void theQuantizableLstmComputesWhatTheLstmComputes() {
        for (JsonObject c : modelCases()) {
            String name = c.get("name").getAsString();
            Tensor[] in = inputs(c);
            Model m = floatModel(c);
            RNNBase.Output want = m.lstm().forwardWithState(in[0], in[1], in[2]);
            assertFloat(c.getAsJsonObject("float_out"), want, 1e-5, name + " nn.LSTM");
            Model p = prepared(c);
            // the observed model before calibration: observers pass values through
            RNNBase.Output got = p.run(in);
            assertFloat(c.getAsJsonObject("observed_out"), got, 1e-5, name + " quantizable LSTM");
            Golden.assertClose(want.output(), got.output(), 1e-5, 1e-6, name + " re-expression y");
            Golden.assertClose(want.hN(), got.hN(), 1e-5, 1e-6, name + " re-expression h_n");
            Golden.assertClose(want.cN(), got.cN(), 1e-5, 1e-6, name + " re-expression c_n");
        }
    }

    @Test
    void observersSeeWhatPyTorchsSee() {
        for (JsonObject c : modelCases()) {
            String name = c.get("name").getAsString();
            Model p = calibrated(c);
            for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("observers").entrySet()) {
                JsonObject o = e.getValue().getAsJsonObject();
                var obs = (UniformQuantizationObserverBase) p.getSubmodule(e.getKey() + ".activation_post_process");
                String what = name + " " + e.getKey();
                // the float model's sums differ from PyTorch's in the last bit
                assertEquals(o.get("min_val").getAsDouble(), obs.minVal().item(), 1e-6, what + " min");
                assertEquals(o.get("max_val").getAsDouble(), obs.maxVal().item(), 1e-6, what + " max");
                Tensor[] qp = obs.calculateQparams();
                Golden.assertClose(Golden.tensor(o.getAsJsonObject("scale")), qp[0], 1e-5, 0, what + " scale");
                Golden.assertExact(Golden.tensor(o.getAsJsonObject("zero_point")), qp[1], what + " zero point");
            }
            p.loadStateDict(StaticQuantTest.state(c, "prepared_state"));
            for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("observers").entrySet()) {
                JsonObject o = e.getValue().getAsJsonObject();
                Tensor[] qp = ((UniformQuantizationObserverBase) p.getSubmodule(e.getKey() + ".activation_post_process")).calculateQparams();
                Golden.assertExact(Golden.tensor(o.getAsJsonObject("scale")), qp[0], name + " " + e.getKey() + " (PyTorch's statistics) scale");
            }
            assertEquals(c.getAsJsonObject("observers").size(), p.modules().stream()
                    .filter(m -> m instanceof UniformQuantizationObserverBase).count(), name + ": one observer per intermediate");
        }
    }

    @Test
    void convertedLstmMatchesPyTorchBitForBit() {
        for (JsonObject c : modelCases()) {
            String name = c.get("name").getAsString();
            Model p = calibrated(c);
            p.loadStateDict(StaticQuantTest.state(c, "prepared_state"));
            Model q = QuantizeStatic.convert(p);
            assertEquals(c.get("repr").getAsString(), q.toString(), name);
            assertEquals(StaticQuantTest.stateKeys(c), new ArrayList<>(q.stateDict().keySet()), name);
            assertTrue(q.lstm() instanceof dev.torch4j.ao.nn.quantized.LSTM, name);
            assertTrue(q.parameters().isEmpty(), "a quantized model has no float parameters");
            Tensor[] in = inputs(c);
            Golden.assertExact(StaticQuantTest.f32(c.getAsJsonObject("out")), q.call(in), name + " output");
            RNNBase.Output o = q.run(in);
            JsonObject want = c.getAsJsonObject("lstm_out");
            StaticQuantTest.assertQuantized(want.getAsJsonObject("y"), o.output(), name + " y");
            StaticQuantTest.assertQuantized(want.getAsJsonObject("h"), o.hN(), name + " h_n");
            StaticQuantTest.assertQuantized(want.getAsJsonObject("c"), o.cN(), name + " c_n");
        }
    }

    /** The case's model quantized after calibration on other data (other output parameters). */
    private static Model otherConverted(JsonObject c) {
        Model p = prepared(c);
        Tensor[] in = inputs(c);
        try (var g = Torch.noGrad()) {
            p.call(in[0].mul(3), in[1], in[2]);
        }
        return QuantizeStatic.convert(p, true);
    }

    /**
     * The converted model's state dict saved and loaded: interop/quantized/static_lstm.pt is the file this code writes
     * (static_quant_lstm_goldens.py --verify loads it into PyTorch's converted model and checks the output; rewrite it
     * with -Dt4j.quantized.writeDir=...), and PyTorch's own checkpoint (pytorch_static_lstm.pt) loads here.
     */
    @Test
    void stateDictsGoBothWays(@TempDir Path dir) throws Exception {
        JsonObject c = named("deep_bidirectional_batch_first");
        Model p = calibrated(c);
        p.loadStateDict(StaticQuantTest.state(c, "prepared_state"));
        Map<String, Tensor> sd = QuantizeStatic.convert(p).stateDict();
        Path f = dir.resolve("static_lstm.pt");
        Torch.save(sd, f);
        StaticQuantTest.checkCommittedFile(f);
        Tensor want = StaticQuantTest.f32(c.getAsJsonObject("out"));
        Model q2 = otherConverted(c);
        q2.loadStateDict(Torch.load(f));
        Golden.assertExact(want, q2.call(inputs(c)), "after load");
        Model q3 = otherConverted(c);
        q3.loadStateDict(Torch.load(Path.of(StaticQuantLstmTest.class.getResource("/interop/quantized/pytorch_static_lstm.pt").toURI())));
        Golden.assertExact(want, q3.call(inputs(c)), "from PyTorch's checkpoint");
    }

    @Test
    void splitGatesAsPyTorch2() {
        // from_float(split_gates=True), calibrated, then quantized.LSTM.from_observed, as the script does
        JsonObject c = named("split_gates");
        LSTM lstm = new LSTM(3, 4, LSTM.options().bidirectional(true));
        lstm.loadStateDict(StaticQuantTest.state(c, "float_state"));
        lstm.eval();
        QuantizeStatic.setQconfig(lstm, Defaults.getDefaultQconfig("qnnpack"));
        var observed = dev.torch4j.ao.nn.quantizable.LSTM.fromFloat(lstm, null, true);
        assertEquals(c.get("prepared_repr").getAsString(), observed.toString());
        List<String> keys = new ArrayList<>();
        c.getAsJsonArray("prepared_keys").forEach(k -> keys.add(k.getAsString()));
        assertEquals(keys, new ArrayList<>(observed.stateDict().keySet()));
        Tensor x = t(c, "x");
        RNNBase.Output want = lstm.forwardWithState(x);
        assertFloat(c.getAsJsonObject("float_out"), want, 1e-5, "nn.LSTM");
        dev.torch4j.ao.nn.quantizable.LSTM copy = observed.deepCopy(); // its observers see x, not the calibration's
        RNNBase.Output got = copy.forwardWithState(x);
        assertFloat(c.getAsJsonObject("observed_out"), got, 1e-5, "split quantizable LSTM");
        try (var g = Torch.noGrad()) {
            for (JsonElement b : c.getAsJsonArray("calib")) observed.forwardWithState(StaticQuantTest.f32(b.getAsJsonObject()));
        }
        observed.loadStateDict(StaticQuantTest.state(c, "prepared_state"));
        var q = dev.torch4j.ao.nn.quantized.LSTM.fromObserved(observed);
        assertEquals(c.get("repr").getAsString(), q.toString());
        assertEquals(StaticQuantTest.stateKeys(c), new ArrayList<>(q.stateDict().keySet()));
        RNNBase.Output o = q.forwardWithState(StaticQuantTest.qt(c.getAsJsonObject("qx")));
        JsonObject w = c.getAsJsonObject("lstm_out");
        StaticQuantTest.assertQuantized(w.getAsJsonObject("y"), o.output(), "y");
        StaticQuantTest.assertQuantized(w.getAsJsonObject("h"), o.hN(), "h_n");
        StaticQuantTest.assertQuantized(w.getAsJsonObject("c"), o.cN(), "c_n");
    }

    @Test
    void quantizeRunsTheWholeFlow() {
        JsonObject c = named("single");
        Model m = floatModel(c);
        QuantizeStatic.setQconfig(m, Defaults.getDefaultQconfig("qnnpack"));
        Model q = QuantizeStatic.quantize(m, model -> {
            for (JsonElement b : c.getAsJsonArray("calib")) model.call(StaticQuantTest.f32(b.getAsJsonObject()));
        });
        assertTrue(m.lstm().getClass() == LSTM.class && q.lstm() instanceof dev.torch4j.ao.nn.quantized.LSTM);
        Tensor x = t(c, "x");
        Tensor diff = q.call(x).sub(m.call(x)).abs();
        assertTrue(diff.max().item() < 0.05, "quantized output near the float one: " + diff.max().item());
    }

    @Test
    void anLstmWithoutQconfigStaysFloat() {
        JsonObject c = named("single");
        Model m = floatModel(c);
        QuantizeStatic.setQconfig(m, Defaults.getDefaultQconfig("qnnpack"));
        QuantizeStatic.setQconfig(m.lstm(), null);
        Model p = QuantizeStatic.prepare(m);
        assertTrue(p.lstm().getClass() == LSTM.class);
        assertTrue(QuantizeStatic.convert(p).lstm().getClass() == LSTM.class);
    }

    @Test
    void reprsAndErrorsAsPyTorchs() {
        JsonObject c = named("reprs");
        JsonObject reprs = c.getAsJsonObject("reprs"), errors = c.getAsJsonObject("errors");
        var o = LSTM.options().numLayers(2).bidirectional(true);
        assertEquals(reprs.get("quantizable").getAsString(), new dev.torch4j.ao.nn.quantizable.LSTM(3, 4, o).toString());
        assertEquals(reprs.get("cell").getAsString(), new LSTMCell(3, 5).toString());
        assertEquals(reprs.get("quantized").getAsString(), new dev.torch4j.ao.nn.quantized.LSTM(2, 3).toString());
        var e1 = assertThrows(UnsupportedOperationException.class, () -> dev.torch4j.ao.nn.quantized.LSTM.fromFloat(new LSTM(2, 3)));
        assertEquals(errors.get("quantized_from_float").getAsString(), e1.getMessage());
        var e2 = assertThrows(UnsupportedOperationException.class,
                () -> dev.torch4j.ao.nn.quantizable.LSTM.fromObserved(new dev.torch4j.ao.nn.quantizable.LSTM(2, 3)));
        assertEquals(errors.get("quantizable_from_observed").getAsString(), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> new dev.torch4j.ao.nn.quantizable.LSTM(2, 3, LSTM.options().dropout(1.5)));
        assertEquals(errors.get("dropout").getAsString(), e3.getMessage());
    }

    @Test
    void aCellConvertsLikeTheLayers() {
        // LSTMCell.from_float: the cell's Linear layers take its qconfig; prepared, calibrated and converted as a model
        var f = new dev.torch4j.nn.LSTMCell(3, 4);
        QuantizeStatic.setQconfig(f, Defaults.getDefaultQconfig("qnnpack"));
        LSTMCell cell = LSTMCell.fromFloat(f);
        Tensor x = Torch.randn(2, 3), h = Torch.randn(2, 4), cx = Torch.randn(2, 4);
        var want = f.forwardWithState(x, h, cx);
        var got = cell.forwardWithState(x, h, cx);
        Golden.assertClose(want.h(), got.h(), 1e-5, 1e-6, "h'");
        Golden.assertClose(want.c(), got.c(), 1e-5, 1e-6, "c'");
        LSTMCell p = QuantizeStatic.prepare(cell);
        p.forwardWithState(x, h, cx);
        LSTMCell q = QuantizeStatic.convert(p);
        assertTrue(q.getSubmodule("ogate_cy") instanceof QFunctional && q.getSubmodule("igates") instanceof dev.torch4j.ao.nn.quantized.Linear);
        Tensor qx = Torch.quantizePerTensor(x, 0.02, 128, DType.QUINT8);
        var s = q.forwardWithState(qx, null, null);
        assertTrue(s.h().isQuantized() && s.c().isQuantized(), "zero states are quantized for a quantized input");
        Tensor[] z = q.initializeHidden(2, true);
        assertTrue(z[0].qScale() == 1.0 && z[0].qZeroPoint() == 0 && z[1].dtype() == DType.QUINT8, "PyTorch's defaults");
        q.initialHiddenStateScale = 0.5;
        q.initialCellStateZeroPoint = 3;
        q.cellStateDtype = DType.QINT8;
        z = q.initializeHidden(2, true);
        assertTrue(z[0].qScale() == 0.5 && z[1].qZeroPoint() == 3 && z[1].dtype() == DType.QINT8 && z[1].dequantize().abs().max().item() == 0,
                "2.x's initial-state parameters");
    }

    @Test
    void prepareDrawsFromTheGeneratorAsPyTorchDoes() {
        JsonObject c = named("draws");
        Torch.manualSeed(8);
        Model m = new Model(3, 4, LSTM.options().numLayers(2).bidirectional(true)).eval();
        Golden.assertExact(StaticQuantTest.f32(c.getAsJsonObject("weight_hh_l1_reverse")), m.lstm().getParameter("weight_hh_l1_reverse"), "init");
        QuantizeStatic.setQconfig(m, Defaults.getDefaultQconfig("qnnpack"));
        QuantizeStatic.prepare(m);
        Golden.assertExact(StaticQuantTest.f32(c.getAsJsonObject("after_prepare")), Torch.randn(5), "draws after prepare");
    }

    /** A model whose LSTM field is typed nn.LSTM: the quantizable and quantized LSTMs are LSTMs (the stubs become other types). */
    static class Tagger extends Module {
        Module quant = new QuantStub();
        LSTM lstm = new LSTM(3, 4, LSTM.options().batchFirst(true));
        Module dequant = new DeQuantStub();

        @Override
        public Tensor forward(Tensor x) { return dequant.call(lstm.call(quant.call(x))); }
    }

    @Test
    void aFieldOfTypeLstmTakesTheSwappedModules() {
        Torch.manualSeed(3);
        Tagger m = new Tagger();
        Tensor x = Torch.randn(2, 6, 3);
        Tensor want = m.call(x);
        QuantizeStatic.setQconfig(m, Defaults.getDefaultQconfig("qnnpack"));
        Tagger q = QuantizeStatic.quantize(m, model -> model.call(x));
        assertTrue(q.lstm instanceof dev.torch4j.ao.nn.quantized.LSTM);
        Tensor diff = q.call(x).sub(want).abs();
        assertTrue(diff.max().item() < 0.05, "quantized output near the float one: " + diff.max().item());
    }

    @Test
    void aTrainingLstmIsPreparedForQat() {
        // PyTorch 2.x's from_float: an LSTM in training mode goes through prepare_qat (1.13 always used prepare)
        Torch.manualSeed(4);
        Tagger m = new Tagger();
        Tensor x = Torch.randn(2, 6, 3);
        Tensor want = m.call(x);
        QuantizeStatic.setQconfig(m, Defaults.getDefaultQatQconfig("qnnpack"));
        Tagger p = QuantizeStatic.prepareQat(m);
        Module igates = p.lstm.getSubmodule("layers.0.layer_fw.cell.igates");
        assertTrue(igates instanceof dev.torch4j.ao.nn.qat.Linear && p.lstm.isTraining(), igates.className());
        assertTrue(p.lstm.getSubmodule("layers.0.layer_fw.cell.gates.activation_post_process") instanceof FakeQuantize);
        for (int i = 0; i < 3; i++) p.call(x);
        Tagger q = QuantizeStatic.convert(p.eval());
        assertTrue(q.lstm.getSubmodule("layers.0.layer_fw.cell.igates") instanceof dev.torch4j.ao.nn.quantized.Linear);
        // the moving-average ranges follow the first steps (small c), so compare with the fake-quantized model, not the float one
        Tensor diff = q.call(x).sub(p.call(x)).abs();
        assertTrue(diff.max().item() < 0.05, "quantized output near the fake-quantized one: " + diff.max().item() + " (float: "
                + q.call(x).sub(want).abs().max().item() + ")");
    }

    @Test
    void theQuantizableLstmPassesGradcheck() {
        // float64 quantizable LSTMs (two layers batch_first; bidirectional: PyTorch's constructor gives a later layer of a
        // bidirectional LSTM hidden_size inputs, so only from_float makes deep bidirectional ones); the states given, as
        // PyTorch's zeros are float32
        Torch.manualSeed(5);
        for (var o : List.of(LSTM.options().numLayers(2).batchFirst(true), LSTM.options().bidirectional(true))) {
            dev.torch4j.ao.nn.quantizable.LSTM lstm = new dev.torch4j.ao.nn.quantizable.LSTM(3, 2, o).to(DType.FLOAT64);
            long states = o.numLayers() * (o.bidirectional() ? 2 : 1);
            Tensor x = (o.batchFirst() ? Torch.randn(2, 3, 3) : Torch.randn(3, 2, 3)).to(DType.FLOAT64).requiresGrad_(true);
            Tensor h = Torch.randn(states, 2, 2).to(DType.FLOAT64).requiresGrad_(true);
            Tensor c = Torch.randn(states, 2, 2).to(DType.FLOAT64).requiresGrad_(true);
            assertTrue(dev.torch4j.autograd.GradCheck.gradcheckMulti(t -> {
                var out = lstm.forwardWithState(t[0], t[1], t[2]);
                return new Tensor[] {out.output(), out.hN(), out.cN()};
            }, x, h, c), o.toString());
        }
    }

    @Test
    void flipOfAQuantizedTensorKeepsItsParameters() {
        Tensor q = Torch.quantizePerTensor(Torch.tensor(new float[] {0f, 1f, 2f, 3f, 4f, 5f}).reshape(2, 3), 0.5, 3, DType.QUINT8);
        Tensor f = q.flip(0, 1);
        assertEquals(0.5, f.qScale());
        assertEquals(3, f.qZeroPoint());
        Golden.assertExact(Torch.tensor(new float[] {5f, 4f, 3f, 2f, 1f, 0f}).reshape(2, 3), f.dequantize(), "flip");
    }
}
