package dev.torch4j.ao.nn.quantized.dynamic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QuantizeDynamic;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.RNNBase;
import dev.torch4j.nn.Sequential;
import dev.torch4j.nn.utils.PackedSequence;
import dev.torch4j.nn.utils.Rnn;
import dev.torch4j.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dynamic quantized LSTM, GRU, LSTMCell, GRUCell and RNNCell against PyTorch 1.13's {@code quantize_dynamic}
 * (goldens/quantized_rnn.json, from scripts/goldens/quantized_rnn_goldens.py): quantized weights, reprs and the
 * generator's state exactly; QNNPACK's outputs bit for bit (the modules set to reduceRange=false, as QNNPACK ignores
 * it), oneDNN's (reduce_range on) within the bound below; the state dict both ways with PyTorch's script objects.
 */
class QuantizedRnnTest {
    private static final List<JsonObject> CASES = Golden.cases("quantized_rnn");

    /** The interop model of the script's {@code Net}: LSTM (2 layers, bidirectional), GRU, GRUCell on the last step, Linear. */
    static final class Net extends Module {
        dev.torch4j.nn.LSTM lstm = new dev.torch4j.nn.LSTM(4, 8, RNNBase.options().numLayers(2).bidirectional(true));
        dev.torch4j.nn.GRU gru = new dev.torch4j.nn.GRU(16, 6);
        dev.torch4j.nn.GRUCell cell = new dev.torch4j.nn.GRUCell(6, 5);
        dev.torch4j.nn.Linear fc = new dev.torch4j.nn.Linear(5, 3);

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = gru.forward(lstm.forward(x));
            return fc.forward(cell.forward(y.select(0, y.size(0) - 1)));
        }
    }

    static Module floatModel(JsonObject c) {
        JsonObject cfg = c.getAsJsonObject("config");
        String kind = c.get("kind").getAsString();
        if (kind.equals("net")) return new Net();
        long in = cfg.get("input").getAsLong(), h = cfg.get("hidden").getAsLong();
        RNNBase.Options o = RNNBase.options().numLayers(cfg.has("layers") ? cfg.get("layers").getAsLong() : 1)
                .batchFirst(cfg.has("batch_first") && cfg.get("batch_first").getAsBoolean())
                .bidirectional(cfg.has("bidir") && cfg.get("bidir").getAsBoolean());
        return new Sequential(switch (kind) {
            case "lstm" -> new dev.torch4j.nn.LSTM(in, h, o);
            case "gru" -> new dev.torch4j.nn.GRU(in, h, o);
            case "lstm_cell" -> new dev.torch4j.nn.LSTMCell(in, h);
            case "gru_cell" -> new dev.torch4j.nn.GRUCell(in, h);
            case "rnn_cell" -> new dev.torch4j.nn.RNNCell(in, h, true, cfg.has("nonlinearity") ? cfg.get("nonlinearity").getAsString() : "tanh");
            default -> throw new IllegalArgumentException(kind);
        });
    }

    /** The case's float model with PyTorch's weights, quantized in place from seed 123 (as the script). */
    private static Module quantized(JsonObject c) {
        Module m = floatModel(c);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("float_state").entrySet()) {
            sd.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()));
        }
        m.loadStateDict(sd);
        Torch.manualSeed(123);
        Module q = QuantizeDynamic.quantizeDynamic(m, true);
        assertSame(m, q);
        return q;
    }

    private static Tensor x(JsonObject c) { return Golden.tensor(c.getAsJsonObject("x")); }

    private static Tensor hx(JsonObject c, int i) {
        return c.get("hx").isJsonNull() ? null : Golden.tensor(c.getAsJsonArray("hx").get(i).getAsJsonObject());
    }

    /** The quantized model's outputs as the script's {@code run} lists them. */
    static List<Tensor> run(JsonObject c, Module q) {
        String kind = c.get("kind").getAsString();
        Tensor x = x(c);
        if (kind.equals("net")) return List.of(q.forward(x));
        Module m = q.getSubmodule("0");
        List<Tensor> out = new ArrayList<>();
        if (m instanceof LSTM || m instanceof GRU) {
            JsonObject cfg = c.getAsJsonObject("config");
            boolean bf = cfg.has("batch_first") && cfg.get("batch_first").getAsBoolean();
            Tensor h0 = hx(c, 0), c0 = m instanceof LSTM && h0 != null ? hx(c, 1) : null;
            if (cfg.has("lengths")) {
                long[] lengths = new long[cfg.getAsJsonArray("lengths").size()];
                for (int i = 0; i < lengths.length; i++) lengths[i] = cfg.getAsJsonArray("lengths").get(i).getAsLong();
                PackedSequence p = Rnn.packPaddedSequence(x, lengths, bf, false);
                RNNBase.PackedOutput r = m instanceof LSTM l ? l.forwardWithState(p, h0, c0) : ((GRU) m).forwardWithState(p, h0);
                out.add(r.output().data());
                out.add(r.hN());
                if (r.cN() != null) out.add(r.cN());
            } else {
                RNNBase.Output r = m instanceof LSTM l ? l.forwardWithState(x, h0, c0) : ((GRU) m).forwardWithState(x, h0);
                out.add(r.output());
                out.add(r.hN());
                if (r.cN() != null) out.add(r.cN());
            }
            return out;
        }
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        Tensor h = hx(c, 0), cc = m instanceof LSTMCell && h != null ? hx(c, 1) : null;
        for (int t = 0; t < x.size(0); t++) {
            if (m instanceof LSTMCell l) {
                var s = l.forwardWithState(x.select(0, t), h, cc);
                h = s.h();
                cc = s.c();
                cs.add(cc);
            } else {
                h = m.forward(x.select(0, t), h);
            }
            hs.add(h);
        }
        out.add(Torch.stack(hs, 0));
        if (!cs.isEmpty()) out.add(Torch.stack(cs, 0));
        return out;
    }

    private static List<Tensor> expected(JsonObject c, String engine) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray(engine)) out.add(Golden.tensor(e.getAsJsonObject()));
        return out;
    }

    private static void setReduceRange(Module q, boolean reduceRange) {
        for (Module m : q.modules()) {
            switch (m) {
                case LSTM l -> l.setReduceRange(reduceRange);
                case GRU g -> g.setReduceRange(reduceRange);
                case LSTMCell l -> l.setReduceRange(reduceRange);
                case GRUCell g -> g.setReduceRange(reduceRange);
                case RNNCell r -> r.setReduceRange(reduceRange);
                case Linear l -> q.setSubmodule(q.namedModules().entrySet().stream().filter(e -> e.getValue() == l).findFirst()
                        .orElseThrow().getKey(), new Linear(l.weight(), l.bias(), reduceRange));
                default -> { }
            }
        }
    }

    private static Map<String, Tensor> weights(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        switch (m) {
            case LSTM l -> { out.putAll(l.getWeight()); out.putAll(l.getBias()); }
            case GRU g -> { out.putAll(g.getWeight()); out.putAll(g.getBias()); }
            case LSTMCell l -> { out.putAll(l.getWeight()); out.putAll(l.getBias()); }
            case GRUCell g -> { out.putAll(g.getWeight()); out.putAll(g.getBias()); }
            case RNNCell r -> { out.putAll(r.getWeight()); out.putAll(r.getBias()); }
            default -> throw new IllegalArgumentException(m.className());
        }
        return out;
    }

    @Test
    void weightsReprsAndGeneratorAreExactlyPyTorchs() {
        for (JsonObject c : CASES) {
            String name = c.get("name").getAsString();
            Module q = quantized(c);
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("rng_after_qnnpack")), Torch.randn(4), name + ": the generator after quantize_dynamic");
            assertEquals(c.get("repr").getAsString(), q.toString(), name);
            Map<String, Tensor> w = weights(c.get("kind").getAsString().equals("net") ? q.getSubmodule("lstm") : q.getSubmodule("0"));
            for (JsonElement e : c.getAsJsonArray("weights")) {
                JsonObject l = e.getAsJsonObject();
                String wn = l.get("name").getAsString();
                Tensor qw = w.get(wn);
                Golden.assertExact(Golden.tensor(l.getAsJsonObject("int_repr")), qw.intRepr(), name + " " + wn);
                assertEquals(l.get("scale").getAsDouble(), qw.qScale(), name + " " + wn);
                assertEquals(l.get("zero_point").getAsLong(), qw.qZeroPoint(), name + " " + wn);
                Golden.assertExact(Golden.tensor(l.getAsJsonObject("bias")), w.get(wn.replace("weight", "bias")), name + " " + wn);
            }
            assertTrue(q.parameters().isEmpty(), name + ": a quantized model has no float parameters left");
        }
    }

    /**
     * QNNPACK ignores reduce_range, so with reduceRange=false every gate product is its arithmetic (as the dynamic
     * Linear's), and sigmoid/tanh are ATen's AVX2 float32 kernels: the outputs and final states are PyTorch's bits.
     */
    @Test
    void outputsMatchQnnpackBitForBit() {
        for (JsonObject c : CASES) {
            Module q = quantized(c);
            setReduceRange(q, false);
            List<Tensor> want = expected(c, "qnnpack"), got = run(c, q);
            assertEquals(want.size(), got.size());
            for (int i = 0; i < want.size(); i++) Golden.assertExact(want.get(i), got.get(i), c.get("name") + " output " + i);
        }
    }

    /**
     * oneDNN honours reduce_range as FBGEMM does (torch4j's default), but scales its int32 sums by one combined
     * reciprocal scale, so its products differ from FBGEMM's (torch4j's) in the last bits, and a recurrence carries
     * them on. On these cases every output is within 8 ulps of its largest magnitude (at most 2e-7 of it, 30% to 63% of
     * the elements bit-equal), as the dynamic Linear's: no hidden value lands on the other side of a rounding point in
     * the next step's quantization, which would move outputs by a quantum (about 1% of their range) instead.
     */
    @Test
    void outputsMatchOnednnToTheLastBits() {
        for (JsonObject c : CASES) {
            Module q = quantized(c);
            List<Tensor> want = expected(c, "onednn"), got = run(c, q);
            for (int i = 0; i < want.size(); i++) {
                double bound = 8 * Math.ulp((float) want.get(i).abs().max().item());
                double diff = got.get(i).sub(want.get(i)).abs().max().item();
                assertTrue(diff <= bound, c.get("name") + " output " + i + ": max |torch4j - oneDNN| " + diff + " > " + bound);
            }
        }
    }

    private static JsonObject named(String name) {
        return CASES.stream().filter(k -> k.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> withoutFc(Iterable<?> keys) {
        List<String> out = new ArrayList<>();
        for (Object k : keys) if (!k.toString().startsWith("fc.")) out.add(k.toString());
        return out;
    }

    /**
     * {@code Torch.save} of the state dict writes PyTorch's entries ({@code _all_weight_values.i.param} and
     * {@code _packed_weight_ih/hh}, script objects holding the weights, reduce_range inside each cell) and versions;
     * a model quantized from other weights takes them back, from the file and from the map itself. The "net" file is
     * interop/quantized/dynamic_rnn.pt, which quantized_rnn_goldens.py --verify loads into PyTorch's model and runs
     * on both engines (rewrite it with -Dt4j.quantized.writeDir=..., as QuantizeDynamicTest).
     */
    @Test
    void stateDictIsPyTorchsAndRoundTrips(@TempDir Path dir) throws IOException {
        JsonObject c = named("net");
        Module q = quantized(c);
        dev.torch4j.nn.StateDict sd = q.stateDict();
        assertEquals(List.of("lstm._all_weight_values.0.param.weight_ih", "lstm._all_weight_values.0.param.bias_ih",
                "lstm._all_weight_values.0.param.weight_hh", "lstm._all_weight_values.0.param.bias_hh"), List.copyOf(sd.keySet()).subList(0, 4));
        Path f = dir.resolve("net.pt");
        Torch.save(sd, f);
        checkCommittedFile(f);
        Map<?, ?> loaded = (Map<?, ?>) Torch.load(f);
        List<String> want = new ArrayList<>();
        for (JsonElement k : c.getAsJsonArray("state_keys")) want.add(k.getAsString());
        assertEquals(withoutFc(want), withoutFc(loaded.keySet()));
        assertEquals("<torch.ScriptObject __torch__.torch.classes.rnn.CellParamsBase>", loaded.get("lstm._all_weight_values.0.param").toString());
        assertEquals("<torch.ScriptObject __torch__.torch.classes.quantized.LinearPackedParamsBase>", loaded.get("cell._packed_weight_ih").toString());
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("versions").entrySet()) {
            if (!e.getKey().startsWith("fc")) assertEquals(e.getValue().getAsLong(), sd.version(e.getKey()), "version of " + e.getKey());
        }
        Tensor want0 = q.forward(x(c));
        for (Object source : List.of(Torch.load(f), sd)) {
            Torch.manualSeed(7);
            Module other = QuantizeDynamic.quantizeDynamic(new Net());
            other.loadStateDict(source);
            Golden.assertExact(want0, other.forward(x(c)), "net after load_state_dict");
        }
    }

    private static void checkCommittedFile(Path written) throws IOException {
        String target = System.getProperty("t4j.quantized.writeDir");
        if (target != null) Files.copy(written, Path.of(target, "dynamic_rnn.pt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var in = QuantizedRnnTest.class.getResourceAsStream("/interop/quantized/dynamic_rnn.pt")) {
            assertTrue(in != null, "missing interop/quantized/dynamic_rnn.pt");
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(written));
        }
    }

    /**
     * interop/quantized/pytorch_dynamic_rnn.pt is PyTorch's own state dict of the "net" model (its script objects,
     * reduce_range 1 in every cell): a model quantized from other weights takes PyTorch's weights and reduce_range,
     * and without reduce_range computes QNNPACK's output bit for bit.
     */
    @Test
    void loadsPyTorchsOwnCheckpoint() throws Exception {
        JsonObject c = named("net");
        Torch.manualSeed(11);
        Net q = QuantizeDynamic.quantizeDynamic(new Net());
        setReduceRange(q, false);
        Path f = Path.of(QuantizedRnnTest.class.getResource("/interop/quantized/pytorch_dynamic_rnn.pt").toURI());
        q.loadStateDict(Torch.load(f));
        assertTrue(((LSTM) q.lstm).reduceRange() && ((GRU) q.gru).reduceRange(), "reduce_range comes from the cells' state");
        Map<String, Tensor> w = weights(q.lstm);
        for (JsonElement e : c.getAsJsonArray("weights")) {
            JsonObject l = e.getAsJsonObject();
            Golden.assertExact(Golden.tensor(l.getAsJsonObject("int_repr")), w.get(l.get("name").getAsString()).intRepr(), l.get("name").getAsString());
        }
        setReduceRange(q, false);
        Golden.assertExact(expected(c, "qnnpack").get(0), q.forward(x(c)), "net from PyTorch's checkpoint");
    }

    @Test
    void loadingReportsMissingAndUnexpectedEntries() {
        Module q = QuantizeDynamic.quantizeDynamic(new Net());
        Map<String, Tensor> sd = new LinkedHashMap<>(q.stateDict());
        sd.remove("gru._all_weight_values.0.param.weight_ih");
        sd.remove("cell._packed_weight_hh.weight");
        sd.put("lstm._all_weight_values.9.param.weight_ih", sd.get("lstm._all_weight_values.0.param.weight_ih"));
        var e = assertThrows(IllegalArgumentException.class, () -> q.loadStateDict(sd));
        assertEquals("Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: \"lstm._all_weight_values.9.param.weight_ih\". "
                + "\n\tMissing key(s) in state_dict: \"gru._all_weight_values.0.param\".\n\tMissing key(s) in state_dict: \"cell._packed_weight_hh\".",
                e.getMessage());
    }

    /** quantize_dynamic's default spec swaps exactly these classes; a multi-step nn.RNN and subclasses stay float. */
    @Test
    void quantizeDynamicSwapsWhatPyTorchSwaps() {
        class MyLstm extends dev.torch4j.nn.LSTM {
            MyLstm() { super(3, 4); }
        }
        var model = new Sequential(new dev.torch4j.nn.LSTM(3, 4), new dev.torch4j.nn.GRU(3, 4), new dev.torch4j.nn.LSTMCell(3, 4),
                new dev.torch4j.nn.GRUCell(3, 4), new dev.torch4j.nn.RNNCell(3, 4), new dev.torch4j.nn.RNN(3, 4), new MyLstm(),
                new dev.torch4j.nn.Linear(3, 4));
        Module q = QuantizeDynamic.quantizeDynamic(model);
        List<Class<?>> want = List.of(LSTM.class, GRU.class, LSTMCell.class, GRUCell.class, RNNCell.class, dev.torch4j.nn.RNN.class,
                MyLstm.class, Linear.class);
        for (int i = 0; i < want.size(); i++) assertSame(want.get(i), q.getSubmodule(Integer.toString(i)).getClass());
        assertSame(dev.torch4j.nn.LSTM.class, model.getSubmodule("0").getClass(), "inplace=False leaves the model float");
        // a dict spec by class: only the listed ones, with the given qconfig's weight observer
        Module s = QuantizeDynamic.quantizeDynamic(model, Map.of(dev.torch4j.nn.GRUCell.class,
                dev.torch4j.ao.quantization.Defaults.defaultQconfig()), false);
        assertSame(GRUCell.class, s.getSubmodule("3").getClass());
        assertSame(dev.torch4j.nn.LSTM.class, s.getSubmodule("0").getClass());
        assertSame(dev.torch4j.nn.Linear.class, s.getSubmodule("7").getClass());
        var perChannel = new dev.torch4j.ao.quantization.QConfig(dev.torch4j.ao.quantization.PlaceholderObserver::new,
                dev.torch4j.ao.quantization.Defaults::defaultPerChannelWeightObserver);
        var e = assertThrows(IllegalArgumentException.class,
                () -> QuantizeDynamic.quantizeDynamic(model, Map.of(dev.torch4j.nn.LSTM.class, perChannel), false));
        assertEquals("dynamic RNN quantization: torch4j's quantized RNN weights are per tensor, the qconfig's weight observer is "
                + "torch.per_channel_symmetric", e.getMessage());
        var quint8 = new dev.torch4j.ao.quantization.QConfig(dev.torch4j.ao.quantization.PlaceholderObserver::new,
                dev.torch4j.ao.quantization.Defaults::defaultObserver);
        e = assertThrows(IllegalArgumentException.class,
                () -> QuantizeDynamic.quantizeDynamic(model, Map.of(dev.torch4j.nn.GRU.class, quint8), false));
        assertEquals("Unsupported dtype for dynamic RNN quantization: torch.quint8", e.getMessage());
    }

    @Test
    void fromFloatRefusesWhatPyTorchRefuses() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LSTM.fromFloat(new dev.torch4j.nn.LSTM(3, 4, RNNBase.options().bias(false))));
        assertEquals("LSTM.from_float: the float module must have biases (PyTorch asserts mod.bias)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GRUCell.fromFloat(new dev.torch4j.nn.GRUCell(3, 4, false)));
        assertEquals("GRUCell.from_float: the float module must have biases (PyTorch asserts mod.bias)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LSTM.fromFloat(new dev.torch4j.nn.LSTM(3, 4, RNNBase.options().projSize(2))));
        assertEquals("quantized LSTM with projections is not supported (proj_size=2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LSTM.fromFloat(new LSTM(3, 4)));
        assertTrue(e.getMessage().startsWith("nn.quantized.dynamic.RNNBase.from_float only works for nn.LSTM and nn.GRU"), e.getMessage());
    }

    /** PyTorch's messages (torch.ao.nn.quantized.dynamic's check_input, check_hidden_size, the cells' checks). */
    @Test
    void forwardChecksAsPyTorch() {
        LSTM lstm = LSTM.fromFloat(new dev.torch4j.nn.LSTM(3, 4));
        Tensor x = Torch.randn(2, 3, 3);
        assertEquals("input must have 3 dimensions, got 2",
                assertThrows(IllegalArgumentException.class, () -> lstm.forward(Torch.randn(3, 3))).getMessage());
        assertEquals("input.size(-1) must be equal to input_size. Expected 3, got 5",
                assertThrows(IllegalArgumentException.class, () -> lstm.forward(Torch.randn(2, 3, 5))).getMessage());
        assertEquals("Expected hidden[0] size (1, 3, 4), got [1, 2, 4]", assertThrows(IllegalArgumentException.class,
                () -> lstm.forwardWithState(x, Torch.zeros(1, 2, 4), Torch.zeros(1, 3, 4))).getMessage());
        assertEquals("Expected sequence length to be larger than 0 in RNN",
                assertThrows(IllegalArgumentException.class, () -> lstm.forward(Torch.randn(0, 3, 3))).getMessage());
        assertEquals("quantized LSTM requires biases", assertThrows(IllegalArgumentException.class,
                () -> new LSTM(3, 4, RNNBase.options().bias(false)).forward(x)).getMessage());
        GRU gru = new GRU(3, 4);
        assertEquals("Expected hidden size (1, 3, 4), got [1, 2, 4]",
                assertThrows(IllegalArgumentException.class, () -> gru.forward(x, Torch.zeros(1, 2, 4))).getMessage());
        LSTMCell cell = new LSTMCell(3, 4);
        assertEquals("input has inconsistent input_size: got 5, expected 3",
                assertThrows(IllegalArgumentException.class, () -> cell.forward(Torch.randn(2, 5))).getMessage());
        assertEquals("Input batch size 2 doesn't match hidden[0] batch size 3", assertThrows(IllegalArgumentException.class,
                () -> cell.forwardWithState(Torch.randn(2, 3), Torch.zeros(3, 4), Torch.zeros(2, 4))).getMessage());
        assertEquals("hidden[1] has inconsistent hidden_size: got 5, expected 4", assertThrows(IllegalArgumentException.class,
                () -> cell.forwardWithState(Torch.randn(2, 3), Torch.zeros(2, 4), Torch.zeros(2, 5))).getMessage());
        assertEquals("hidden has inconsistent hidden_size: got 5, expected 4", assertThrows(IllegalArgumentException.class,
                () -> new GRUCell(3, 4).forward(Torch.randn(2, 3), Torch.zeros(2, 5))).getMessage());
        assertEquals("DynamicQuantizedRNNCell(3, 4, bias=False, nonlinearity=relu)", new RNNCell(3, 4, false, "relu").toString());
        assertEquals("DynamicQuantizedLSTM(3, 4, num_layers=2, dropout=0.5)",
                new LSTM(3, 4, RNNBase.options().numLayers(2).dropout(0.5)).toString());
        assertTrue(!lstm.isTraining() && new LSTMCell(3, 4).isTraining(), "PyTorch's quantized RNNs start in eval mode, cells do not");
    }

    /** A deep copy owns its weights: loading into it leaves the original as it was. */
    @Test
    void deepCopyIsIndependent() {
        LSTM a = LSTM.fromFloat(new dev.torch4j.nn.LSTM(3, 4));
        LSTM b = a.deepCopy();
        Tensor x = Torch.randn(2, 1, 3), before = a.forward(x);
        b.loadStateDict(LSTM.fromFloat(new dev.torch4j.nn.LSTM(3, 4)).stateDict());
        Golden.assertExact(before, a.forward(x), "the original after loading into its copy");
        assertTrue(!b.forward(x).equal(before), "the copy took the new weights");
    }
}
