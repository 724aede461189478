package dev.torch4j.ao.nn.quantized.dynamic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
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

    private static Module floatModel(JsonObject c) {
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
    private static List<Tensor> run(JsonObject c, Module q) {
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
     * reciprocal scale, so its products differ from FBGEMM's (torch4j's) in the last bits; through a recurrence such a
     * difference also reaches the next step's input quantization, which can move a hidden value by a quantum of its
     * range. The bound: 2^-10 of the outputs' largest magnitude (the largest difference seen is below it).
     */
    @Test
    void outputsMatchOnednnToTheQuantizationStep() {
        for (JsonObject c : CASES) {
            Module q = quantized(c);
            List<Tensor> want = expected(c, "onednn"), got = run(c, q);
            for (int i = 0; i < want.size(); i++) {
                double bound = Math.scalb(want.get(i).abs().max().item(), -10);
                double diff = got.get(i).sub(want.get(i)).abs().max().item();
                assertTrue(diff <= bound, c.get("name") + " output " + i + ": max |torch4j - oneDNN| " + diff + " > " + bound);
            }
        }
    }
}
