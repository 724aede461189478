package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.nn.utils.PackedSequence;
import dev.torch4j.nn.utils.Rnn;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * RNN / LSTM / GRU and the cells against real PyTorch (scripts/goldens/rnn_goldens.py): init after manualSeed,
 * state-dict keys and reprs; outputs, final states and the gradients of input, initial states and every parameter
 * (loaded from PyTorch's state dict) for multi-layer, bidirectional, batch-first, projected, unbatched and packed
 * (unsorted) cases; gradcheck in float64; dropout between layers in training only; PyTorch 2.x's error texts.
 */
class RecurrentTest {
    private static List<JsonObject> cases(String kind) {
        return Golden.cases("rnn").stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList();
    }

    private static Tensor t(JsonObject c, String key) { return Golden.tensor(c.getAsJsonObject(key)); }

    private static List<Tensor> list(JsonObject c, String key) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray(key)) out.add(Golden.tensor(e.getAsJsonObject()));
        return out;
    }

    private static Map<String, Tensor> state(JsonObject c) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : c.getAsJsonObject("state").entrySet()) out.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()));
        return out;
    }

    /** The module a spec of the golden script describes (PyTorch's keyword arguments). */
    static Module build(JsonObject spec) {
        long in = spec.get("input_size").getAsLong(), hidden = spec.get("hidden_size").getAsLong();
        boolean bias = !spec.has("bias") || spec.get("bias").getAsBoolean();
        String nl = spec.has("nonlinearity") ? spec.get("nonlinearity").getAsString() : "tanh";
        RNNBase.Options o = RNNBase.options().bias(bias).nonlinearity(nl);
        if (spec.has("num_layers")) o = o.numLayers(spec.get("num_layers").getAsLong());
        if (spec.has("batch_first")) o = o.batchFirst(spec.get("batch_first").getAsBoolean());
        if (spec.has("bidirectional")) o = o.bidirectional(spec.get("bidirectional").getAsBoolean());
        if (spec.has("dropout")) o = o.dropout(spec.get("dropout").getAsDouble());
        if (spec.has("proj_size")) o = o.projSize(spec.get("proj_size").getAsLong());
        return switch (spec.get("type").getAsString()) {
            case "RNN" -> new RNN(in, hidden, o);
            case "LSTM" -> new LSTM(in, hidden, o);
            case "GRU" -> new GRU(in, hidden, o);
            case "RNNCell" -> new RNNCell(in, hidden, bias, nl);
            case "LSTMCell" -> new LSTMCell(in, hidden, bias);
            case "GRUCell" -> new GRUCell(in, hidden, bias);
            default -> throw new IllegalArgumentException(spec.toString());
        };
    }

    @Test
    void initAfterManualSeedAndKeysAndReprMatchPyTorch() {
        for (JsonObject c : cases("init")) {
            manualSeed(c.get("seed").getAsLong());
            Module m = build(c.getAsJsonObject("spec"));
            String what = c.get("repr").getAsString();
            assertEquals(what, m.toString());
            Map<String, Tensor> sd = m.stateDict();
            List<String> keys = new ArrayList<>();
            for (JsonElement k : c.getAsJsonArray("keys")) keys.add(k.getAsString());
            assertEquals(keys, new ArrayList<>(sd.keySet()), what);
            for (var e : state(c).entrySet()) Golden.assertExact(e.getValue(), sd.get(e.getKey()), what + " " + e.getKey());
        }
        JsonArray reprs = cases("repr").getFirst().getAsJsonArray("reprs");
        List<Module> ms = List.of(
                new LSTM(10, 20, LSTM.options().numLayers(2).batchFirst(true).bidirectional(true)),
                new LSTM(10, 20, LSTM.options().projSize(5).numLayers(2).bias(false).dropout(0.5)),
                new RNN(10, 20, RNN.options().nonlinearity("relu")),
                new GRU(4, 8, GRU.options().dropout(0.1).numLayers(3)),
                new RNNCell(3, 4, false, "relu"),
                new LSTMCell(3, 4),
                new GRUCell(3, 4, false));
        for (int i = 0; i < ms.size(); i++) assertEquals(reprs.get(i).getAsString(), ms.get(i).toString());
    }

    /** forwardWithState for any recurrent module, packed or padded, with states given or not. */
    private static Object forward(Module m, Object input, List<Tensor> hx) {
        Tensor h = hx.isEmpty() ? null : hx.get(0), c = hx.size() > 1 ? hx.get(1) : null;
        if (input instanceof PackedSequence p) {
            return switch (m) {
                case LSTM l -> l.forwardWithState(p, h, c);
                case RNN r -> r.forwardWithState(p, h);
                case GRU g -> g.forwardWithState(p, h);
                default -> throw new IllegalStateException();
            };
        }
        Tensor x = (Tensor) input;
        return switch (m) {
            case LSTM l -> l.forwardWithState(x, h, c);
            case RNN r -> r.forwardWithState(x, h);
            case GRU g -> g.forwardWithState(x, h);
            default -> throw new IllegalStateException();
        };
    }

    @Test
    void modulesMatchPyTorchOutputsStatesAndGradients() {
        for (JsonObject c : cases("module")) {
            String what = c.get("name").getAsString();
            JsonObject spec = c.getAsJsonObject("spec");
            RNNBase m = (RNNBase) build(spec).toDouble();
            m.loadStateDict(state(c));
            Tensor x = t(c, "input").requiresGrad_(true);
            List<Tensor> hx = c.has("hx") ? list(c, "hx") : List.of();
            for (Tensor h : hx) h.requiresGrad_(true);
            Tensor out, hN, cN;
            if (c.has("lengths")) {
                JsonArray ls = c.getAsJsonArray("lengths");
                long[] lengths = new long[ls.size()];
                for (int i = 0; i < lengths.length; i++) lengths[i] = ls.get(i).getAsLong();
                PackedSequence p = Rnn.packPaddedSequence(x, lengths, m.batchFirst, c.get("enforce_sorted").getAsBoolean());
                var r = (RNNBase.PackedOutput) forward(m, p, hx);
                Golden.assertClose(t(c, "packed_data"), r.output().data().detach(), what + " packed output");
                Golden.assertExact(t(c, "batch_sizes"), r.output().batchSizes(), what + " batch sizes");
                Rnn.PaddedSequence padded = Rnn.padPackedSequence(r.output(), m.batchFirst);
                Golden.assertExact(t(c, "out_lengths"), padded.lengths(), what + " lengths");
                out = padded.padded();
                hN = r.hN();
                cN = r.cN();
            } else {
                var r = (RNNBase.Output) forward(m, x, hx);
                out = r.output();
                hN = r.hN();
                cN = r.cN();
            }
            List<Tensor> finals = list(c, "finals"), gradFinals = list(c, "grad_finals");
            Golden.assertClose(t(c, "output"), out.detach(), what + " output");
            Golden.assertClose(finals.get(0), hN.detach(), what + " h_n");
            assertEquals(finals.size() == 2, cN != null, what);
            if (cN != null) Golden.assertClose(finals.get(1), cN.detach(), what + " c_n");
            Tensor loss = out.mul(t(c, "grad_output")).sum().add(hN.mul(gradFinals.get(0)).sum());
            if (cN != null) loss = loss.add(cN.mul(gradFinals.get(1)).sum());
            loss.backward();
            Golden.assertClose(t(c, "grad_input"), x.grad(), what + " grad input");
            if (!hx.isEmpty()) {
                List<Tensor> ghx = list(c, "grad_hx");
                for (int i = 0; i < hx.size(); i++) Golden.assertClose(ghx.get(i), hx.get(i).grad(), what + " grad hx" + i);
            }
            Map<String, Tensor> params = m.namedParameters();
            var gp = c.getAsJsonObject("grad_params");
            assertEquals(gp.keySet(), params.keySet(), what);
            for (var e : gp.entrySet()) {
                Golden.assertClose(Golden.tensor(e.getValue().getAsJsonObject()), params.get(e.getKey()).grad(), what + " grad " + e.getKey());
            }
        }
    }

    @Test
    void cellsMatchPyTorch() {
        for (JsonObject c : cases("cell")) {
            String what = c.get("name").getAsString();
            Module m = build(c.getAsJsonObject("spec")).toDouble();
            m.loadStateDict(state(c));
            Tensor x = t(c, "input").requiresGrad_(true);
            List<Tensor> hx = c.has("hx") ? list(c, "hx") : List.of();
            for (Tensor h : hx) h.requiresGrad_(true);
            List<Tensor> outs = switch (m) {
                case LSTMCell l -> {
                    var s = hx.isEmpty() ? l.forwardWithState(x) : l.forwardWithState(x, hx.get(0), hx.get(1));
                    yield List.of(s.h(), s.c());
                }
                default -> List.of(hx.isEmpty() ? m.forward(x) : m.forward(x, hx.get(0)));
            };
            List<Tensor> expected = list(c, "outputs"), grads = list(c, "grad_outputs");
            Tensor loss = zeros(shape(), dtype(DType.FLOAT64));
            for (int i = 0; i < outs.size(); i++) {
                Golden.assertClose(expected.get(i), outs.get(i).detach(), what + " output " + i);
                loss = loss.add(outs.get(i).mul(grads.get(i)).sum());
            }
            loss.backward();
            Golden.assertClose(t(c, "grad_input"), x.grad(), what + " grad input");
            for (int i = 0; i < hx.size(); i++) Golden.assertClose(list(c, "grad_hx").get(i), hx.get(i).grad(), what + " grad hx" + i);
            for (var e : c.getAsJsonObject("grad_params").entrySet()) {
                Golden.assertClose(Golden.tensor(e.getValue().getAsJsonObject()), m.getParameter(e.getKey()).grad(), what + " grad " + e.getKey());
            }
        }
    }

    @Test
    void gradcheckSmallModulesInFloat64() {
        manualSeed(3);
        LSTM lstm = new LSTM(2, 3, LSTM.options().projSize(2).bidirectional(true)).toDouble();
        GRU gru = new GRU(2, 2, GRU.options().numLayers(2).batchFirst(true)).toDouble();
        RNN rnn = new RNN(3, 2, RNN.options().nonlinearity("relu").bidirectional(true)).toDouble();
        Tensor x = randn(3, 2, 2).to(DType.FLOAT64).requiresGrad_(true);
        Tensor h0 = randn(2, 2, 2).to(DType.FLOAT64).requiresGrad_(true), c0 = randn(2, 2, 3).to(DType.FLOAT64).requiresGrad_(true);
        List<Tensor> in = new ArrayList<>(List.of(x, h0, c0));
        in.addAll(lstm.parameters());
        assertTrue(GradCheck.gradcheckMulti(a -> {
            var r = lstm.forwardWithState(a[0], a[1], a[2]);
            return new Tensor[] {r.output(), r.hN(), r.cN()};
        }, in.toArray(Tensor[]::new)));
        assertTrue(GradCheck.gradgradcheck(a -> lstm.forwardWithState(a[0], a[1], a[2]).output(), x, h0, c0));
        List<Tensor> gin = new ArrayList<>(List.of(x));
        gin.addAll(gru.parameters());
        assertTrue(GradCheck.gradcheckMulti(a -> {
            var r = gru.forwardWithState(a[0]);
            return new Tensor[] {r.output(), r.hN()};
        }, gin.toArray(Tensor[]::new)));
        assertTrue(GradCheck.gradgradcheck(a -> gru.forward(a[0]), x));
        // relu's kink is away from the sampled points with probability 1
        Tensor xr = randn(4, 2, 3).to(DType.FLOAT64).requiresGrad_(true);
        List<Tensor> rin = new ArrayList<>(List.of(xr));
        rin.addAll(rnn.parameters());
        assertTrue(GradCheck.gradcheck(a -> rnn.forward(a[0]), rin.toArray(Tensor[]::new)));
        // packed, unsorted lengths: gradients reach the padded input through pack, recurrence and the final states
        Tensor xp = randn(3, 3, 2).to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheckMulti(a -> {
            var r = lstm.forwardWithState(Rnn.packPaddedSequence(a[0], new long[] {2, 3, 1}, false, false), null, null);
            return new Tensor[] {Rnn.padPackedSequence(r.output()).padded(), r.hN(), r.cN()};
        }, xp));
    }

    @Test
    void lstmLayerNodeGradcheckAndDoubleBackward() {
        // without projection an LSTM layer over a padded batch is one node (LstmLayer): its own backward, and the
        // composed graph rebuilt for double backward
        manualSeed(4);
        LSTM lstm = new LSTM(2, 3, LSTM.options().numLayers(2).bidirectional(true).batchFirst(true)).toDouble();
        Tensor x = randn(2, 4, 2).to(DType.FLOAT64).requiresGrad_(true);
        Tensor h0 = randn(4, 2, 3).to(DType.FLOAT64).requiresGrad_(true), c0 = randn(4, 2, 3).to(DType.FLOAT64).requiresGrad_(true);
        List<Tensor> in = new ArrayList<>(List.of(x, h0, c0));
        in.addAll(lstm.parameters());
        assertTrue(GradCheck.gradcheckMulti(a -> {
            var r = lstm.forwardWithState(a[0], a[1], a[2]);
            return new Tensor[] {r.output(), r.hN(), r.cN()};
        }, in.toArray(Tensor[]::new)));
        assertTrue(GradCheck.gradgradcheck(a -> {
            var r = lstm.forwardWithState(a[0], a[1], a[2]);
            return r.output().sum(-1).add(r.cN().sum(0).sum(-1).unsqueeze(1));
        }, x, h0, c0));
    }

    @Test
    void lstmLayerNodeMatchesComposedSteps() {
        // a packed batch of full-length sequences takes the composed per-step path: the same values and gradients
        // up to rounding (the packed steps are contiguous slices, the padded ones strided views)
        manualSeed(6);
        for (boolean batchFirst : new boolean[] {false, true}) {
            LSTM lstm = new LSTM(5, 8, LSTM.options().numLayers(2).bidirectional(true).batchFirst(batchFirst));
            Tensor x = randn(batchFirst ? Size.of(3, 7, 5) : Size.of(7, 3, 5));
            Tensor h0 = randn(4, 3, 8), c0 = randn(4, 3, 8), g = randn(batchFirst ? Size.of(3, 7, 16) : Size.of(7, 3, 16));
            Tensor[] fused = lstmRun(lstm, x, h0, c0, g, false), composed = lstmRun(lstm, x, h0, c0, g, true);
            for (int i = 0; i < fused.length; i++) {
                Golden.assertClose(composed[i], fused[i], 1e-5, 1e-6, "batchFirst " + batchFirst + " result " + i);
            }
        }
    }

    /** Output, h_n, c_n, then the gradients of x, h0, c0 and every parameter for the output's gradient {@code g}. */
    private static Tensor[] lstmRun(LSTM lstm, Tensor x0, Tensor h00, Tensor c00, Tensor g, boolean packed) {
        lstm.zeroGrad();
        Tensor x = x0.clone().requiresGrad_(true), h0 = h00.clone().requiresGrad_(true), c0 = c00.clone().requiresGrad_(true);
        Tensor out, hN, cN;
        if (packed) {
            long n = x.size(lstm.batchFirst ? 0 : 1), len = x.size(lstm.batchFirst ? 1 : 0);
            long[] lengths = new long[(int) n];
            java.util.Arrays.fill(lengths, len);
            var r = lstm.forwardWithState(Rnn.packPaddedSequence(x, lengths, lstm.batchFirst, true), h0, c0);
            out = Rnn.padPackedSequence(r.output(), lstm.batchFirst).padded();
            hN = r.hN();
            cN = r.cN();
        } else {
            var r = lstm.forwardWithState(x, h0, c0);
            out = r.output();
            hN = r.hN();
            cN = r.cN();
        }
        out.mul(g).sum().add(hN.sum()).add(cN.mul(cN).sum()).backward();
        List<Tensor> all = new ArrayList<>(List.of(out.detach(), hN.detach(), cN.detach(), x.grad(), h0.grad(), c0.grad()));
        for (Tensor p : lstm.parameters()) all.add(p.grad().clone());
        return all.toArray(Tensor[]::new);
    }

    /** A two-layer bidirectional GRU ({@code kind} "GRU") or RNN ("tanh", "relu"): the modules GruLayer/RnnLayer run. */
    private static RNNBase hiddenOnly(String kind, long in, long hidden, boolean batchFirst, boolean bias) {
        RNNBase.Options o = RNNBase.options().numLayers(2).bidirectional(true).batchFirst(batchFirst).bias(bias);
        return kind.equals("GRU") ? new GRU(in, hidden, o) : new RNN(in, hidden, o.nonlinearity(kind));
    }

    private static RNNBase.Output withState(RNNBase m, Tensor x, Tensor h0) {
        return m instanceof GRU g ? g.forwardWithState(x, h0) : ((RNN) m).forwardWithState(x, h0);
    }

    @Test
    void gruAndRnnLayerNodesGradcheckAndDoubleBackward() {
        // a GRU or RNN layer over a padded batch is one node (GruLayer, RnnLayer), with and without biases; relu's
        // kink is away from the sampled points with probability 1
        manualSeed(5);
        for (String kind : new String[] {"GRU", "tanh", "relu"}) {
            for (boolean bias : new boolean[] {true, false}) {
                RNNBase m = hiddenOnly(kind, 2, 3, false, bias).toDouble();
                Tensor x = randn(4, 2, 2).to(DType.FLOAT64).requiresGrad_(true), h0 = randn(4, 2, 3).to(DType.FLOAT64).requiresGrad_(true);
                List<Tensor> in = new ArrayList<>(List.of(x, h0));
                in.addAll(m.parameters());
                assertTrue(GradCheck.gradcheckMulti(a -> {
                    var r = withState(m, a[0], a[1]);
                    return new Tensor[] {r.output(), r.hN()};
                }, in.toArray(Tensor[]::new)), kind + " bias " + bias);
                assertTrue(GradCheck.gradgradcheck(a -> {
                    var r = withState(m, a[0], a[1]);
                    return r.output().sum(-1).add(r.hN().sum(0).sum(-1));
                }, x, h0), kind + " bias " + bias);
            }
        }
    }

    @Test
    void gruAndRnnLayerNodesMatchComposedSteps() {
        // the nodes' forwards run the composed cell's ops: the same bits as the steps without a graph. Against the
        // packed full-length batch (composed steps with a graph) gradients agree up to rounding: the nodes sum
        // dW_hh, db_hh and dh in another order
        manualSeed(7);
        for (String kind : new String[] {"GRU", "tanh", "relu"}) {
            for (boolean batchFirst : new boolean[] {false, true}) {
                for (boolean bias : new boolean[] {true, false}) {
                    RNNBase m = hiddenOnly(kind, 5, 8, batchFirst, bias);
                    String what = kind + " batchFirst " + batchFirst + " bias " + bias;
                    Tensor x = randn(batchFirst ? Size.of(3, 7, 5) : Size.of(7, 3, 5));
                    Tensor h0 = randn(4, 3, 8), g = randn(batchFirst ? Size.of(3, 7, 16) : Size.of(7, 3, 16));
                    Tensor[] fused = hiddenRun(m, x, h0, g, false), composed = hiddenRun(m, x, h0, g, true);
                    try (var noGrad = dev.torch4j.autograd.GradMode.noGrad()) { // no graph: the composed steps
                        var plain = withState(m, x, h0);
                        assertTrue(plain.output().equal(fused[0]) && plain.hN().equal(fused[1]), "forward bits, " + what);
                    }
                    for (int i = 0; i < fused.length; i++) Golden.assertClose(composed[i], fused[i], 1e-5, 1e-6, what + " result " + i);
                }
            }
        }
    }

    /** Output, h_n, then the gradients of x, h0 and every parameter for the output's gradient {@code g}. */
    private static Tensor[] hiddenRun(RNNBase m, Tensor x0, Tensor h00, Tensor g, boolean packed) {
        m.zeroGrad();
        Tensor x = x0.clone().requiresGrad_(true), h0 = h00.clone().requiresGrad_(true);
        Tensor out, hN;
        if (packed) {
            long n = x.size(m.batchFirst ? 0 : 1), len = x.size(m.batchFirst ? 1 : 0);
            long[] lengths = new long[(int) n];
            java.util.Arrays.fill(lengths, len);
            PackedSequence p = Rnn.packPaddedSequence(x, lengths, m.batchFirst, true);
            var r = m instanceof GRU gru ? gru.forwardWithState(p, h0) : ((RNN) m).forwardWithState(p, h0);
            out = Rnn.padPackedSequence(r.output(), m.batchFirst).padded();
            hN = r.hN();
        } else {
            var r = withState(m, x, h0);
            out = r.output();
            hN = r.hN();
        }
        out.mul(g).sum().add(hN.mul(hN).sum()).backward();
        List<Tensor> all = new ArrayList<>(List.of(out.detach(), hN.detach(), x.grad(), h0.grad()));
        for (Tensor p : m.parameters()) all.add(p.grad().clone());
        return all.toArray(Tensor[]::new);
    }

    @Test
    void dropoutActsBetweenLayersInTrainingOnly() {
        manualSeed(5);
        LSTM drop = new LSTM(3, 4, LSTM.options().numLayers(2).dropout(0.5));
        LSTM plain = new LSTM(3, 4, 2);
        plain.loadStateDict(drop.stateDict());
        Tensor x = randn(5, 2, 3);
        Tensor reference = plain.forward(x);
        Tensor a = drop.forward(x), b = drop.forward(x);
        assertFalse(a.equal(reference), "training mode drops between layers");
        assertFalse(a.equal(b), "each call draws a new mask");
        drop.eval();
        assertTrue(drop.forward(x).equal(reference), "eval mode is the plain module");
        // the last layer's output is never dropped: a one-layer module ignores dropout (PyTorch warns)
        LSTM one = new LSTM(3, 4, LSTM.options().dropout(0.9));
        LSTM onePlain = new LSTM(3, 4);
        onePlain.loadStateDict(one.stateDict());
        assertTrue(one.forward(x).equal(onePlain.forward(x)));
    }

    @Test
    void fitsSequentialHooksAndCarriesState() {
        manualSeed(6);
        GRU gru = new GRU(3, 4, GRU.options().batchFirst(true));
        Sequential net = new Sequential(gru, new Linear(4, 2));
        Tensor x = randn(2, 5, 3);
        assertArrayEquals(new long[] {2, 5, 2}, net.forward(x).shapeArray());
        List<Tensor> seen = new ArrayList<>();
        gru.registerForwardHook((mod, in, out) -> {
            seen.add(out);
            return null;
        });
        Tensor h0 = randn(1, 2, 4);
        Tensor y = gru.call(x, h0);
        assertSame(y, seen.getFirst());
        assertTrue(y.equal(gru.forwardWithState(x, h0).output()));
        // two halves with the state carried equal the whole sequence; unbatched equals a batch of one
        LSTM lstm = new LSTM(3, 4, 2);
        Tensor seq = randn(6, 1, 3);
        var whole = lstm.forwardWithState(seq);
        var first = lstm.forwardWithState(seq.narrow(0, 0, 4));
        var second = lstm.forwardWithState(seq.narrow(0, 4, 2), first.hN(), first.cN());
        Golden.assertClose(whole.output().narrow(0, 4, 2), second.output(), "carried output");
        Golden.assertClose(whole.cN(), second.cN(), "carried c_n");
        var single = lstm.forwardWithState(seq.select(1, 0));
        Golden.assertClose(whole.output().select(1, 0), single.output(), "unbatched");
        assertArrayEquals(new long[] {2, 4}, single.hN().shapeArray());
        assertTrue(lstm.call(seq, whole.hN(), whole.cN()).equal(lstm.forwardWithState(seq, whole.hN(), whole.cN()).output()));
        // the cells compute one step of the modules
        LSTMCell cell = new LSTMCell(3, 4);
        LSTM one = new LSTM(3, 4);
        one.loadStateDict(Map.of("weight_ih_l0", cell.weightIh(), "weight_hh_l0", cell.weightHh(), "bias_ih_l0", cell.biasIh(),
                "bias_hh_l0", cell.biasHh()));
        var s = cell.forwardWithState(seq.get(0));
        s = cell.forwardWithState(seq.get(1), s.h(), s.c());
        Golden.assertClose(one.forward(seq.narrow(0, 0, 2)).get(1), s.h(), "cell vs module");
        assertEquals(List.of(List.of(one.getParameter("weight_ih_l0"), one.getParameter("weight_hh_l0"), one.getParameter("bias_ih_l0"),
                one.getParameter("bias_hh_l0"))), one.allWeights());
    }

    private static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void errorsUsePyTorchsMessages() {
        LSTM lstm = new LSTM(10, 20, 2);
        GRU gru = new GRU(10, 20);
        RNN rnn = new RNN(10, 20);
        assertMessage("input.size(-1) must be equal to input_size. Expected 10, got 5", () -> lstm.forward(randn(4, 3, 5)));
        assertMessage("LSTM: Expected input to be 2D or 3D, got 4D instead", () -> lstm.forward(randn(1, 4, 3, 10)));
        assertMessage("RNN: Expected input to be 2D or 3D, got 1D tensor instead", () -> rnn.forward(randn(10)));
        assertMessage("Expected hidden[0] size (2, 3, 20), got [2, 4, 20]",
                () -> lstm.forwardWithState(randn(4, 3, 10), randn(2, 4, 20), randn(2, 3, 20)));
        assertMessage("Expected hidden[1] size (2, 3, 20), got [2, 3, 19]",
                () -> lstm.forwardWithState(randn(4, 3, 10), randn(2, 3, 20), randn(2, 3, 19)));
        assertMessage("Expected hidden size (1, 3, 20), got [2, 3, 20]", () -> gru.forwardWithState(randn(4, 3, 10), randn(2, 3, 20)));
        assertMessage("For batched 3-D input, hx should also be 3-D but got 2-D tensor", () -> gru.forward(randn(4, 3, 10), randn(3, 20)));
        assertMessage("For unbatched 2-D input, hx should also be 2-D but got 3-D tensor", () -> rnn.forward(randn(4, 10), randn(1, 1, 20)));
        assertMessage("For batched 3-D input, hx and cx should also be 3-D but got (2-D, 3-D) tensors",
                () -> lstm.forwardWithState(randn(4, 3, 10), randn(3, 20), randn(2, 3, 20)));
        assertMessage("input must have the type torch.float32, got type torch.float64",
                () -> gru.forward(randn(4, 3, 10).to(DType.FLOAT64)));
        assertMessage("Expected sequence length to be larger than 0 in RNN", () -> gru.forward(randn(0, 3, 10)));
        assertMessage("input must have 2 dimensions, got 3",
                () -> gru.forwardWithState(new PackedSequence(randn(4, 3, 10), tensor(new long[] {2, 2}))));
        assertMessage("proj_size argument is only supported for LSTM, not RNN or GRU", () -> new GRU(3, 4, GRU.options().projSize(2)));
        assertMessage("proj_size has to be smaller than hidden_size", () -> new LSTM(3, 4, LSTM.options().projSize(4)));
        assertMessage("Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.", () -> new RNN(3, 4, RNN.options().nonlinearity("sigmoid")));
        assertMessage("dropout should be a number in range [0, 1] representing the probability of an element being zeroed",
                () -> new LSTM(3, 4, LSTM.options().dropout(1.5)));
        assertMessage("num_layers must be greater than zero", () -> new GRU(3, 4, 0));
        assertMessage("hidden_size must be greater than zero", () -> new RNN(3, 0));
        LSTMCell cell = new LSTMCell(10, 20);
        assertMessage("input has inconsistent input_size: got 5 expected 10", () -> cell.forward(randn(3, 5)));
        assertMessage("Input batch size 3 doesn't match hidden0 batch size 2",
                () -> cell.forwardWithState(randn(3, 10), randn(2, 20), randn(2, 20)));
        assertMessage("hidden1 has inconsistent hidden_size: got 19, expected 20",
                () -> cell.forwardWithState(randn(3, 10), randn(3, 20), randn(3, 19)));
        assertMessage("LSTMCell: Expected input to be 1D or 2D, got 3D instead", () -> cell.forward(randn(1, 3, 10)));
        assertMessage("LSTMCell: Expected hx[1] to be 1D or 2D, got 3D instead",
                () -> cell.forwardWithState(randn(3, 10), randn(3, 20), randn(1, 3, 20)));
        assertMessage("GRUCell: Expected hidden to be 1D or 2D, got 3D instead", () -> new GRUCell(10, 20).forward(randn(3, 10), randn(1, 3, 20)));
        assertMessage("Unknown nonlinearity: sigmoid", () -> new RNNCell(3, 4, true, "sigmoid"));
    }
}
