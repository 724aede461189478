package dev.torch4j.onnx;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ONNX's LSTM, GRU and RNN operators (one layer, forward, reverse or bidirectional) on torch4j's fused recurrent
 * functions. ONNX orders the gates i, o, f, c (LSTM) and z, r, h (GRU); PyTorch i, f, g, o and r, z, n, so the
 * weight rows are regrouped. Only the default activations are supported, and GRU only with
 * {@code linear_before_reset=1}, which is PyTorch's GRU (what its exporter writes).
 */
final class RnnOps {
    private RnnOps() {}

    static void register(Map<String, OnnxOps.Op> t) {
        t.put("LSTM", c -> rnn(c, "lstm", 4, new int[] {0, 2, 3, 1}));
        t.put("GRU", c -> rnn(c, "gru", 3, new int[] {1, 0, 2}));
        t.put("RNN", c -> rnn(c, "rnn", 1, new int[] {0}));
    }

    /** The gate blocks of a {@code [gates * hidden, ...]} tensor in PyTorch's order. */
    private static Tensor regroup(Tensor w, int gates, int[] order) {
        if (gates == 1) return w;
        Tensor[] chunks = w.chunk(gates, 0);
        Tensor[] out = new Tensor[gates];
        for (int k = 0; k < gates; k++) out[k] = chunks[order[k]];
        return Torch.cat(out, 0);
    }

    private static Tensor[] rnn(OpCall c, String kind, int gates, int[] order) {
        Tensor x = c.required(0), w = c.required(1), r = c.required(2), b = c.input(3), h0 = c.input(5);
        Tensor c0 = kind.equals("lstm") ? c.input(6) : null;
        String direction = c.s("direction", "forward");
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        boolean batchFirst = c.i("layout", 0) != 0;
        if (c.has("clip") || c.i("input_forget", 0) != 0) throw c.error("clip and input_forget are not supported");
        if (kind.equals("lstm") && c.input(7) != null) throw c.error("peephole weights (input P) are not supported");
        if (kind.equals("gru") && c.i("linear_before_reset", 0) == 0) {
            throw c.error("linear_before_reset=0 is not supported (PyTorch's GRU is linear_before_reset=1)");
        }
        String rnnKind = kind;
        if (c.node.attributes().containsKey("activations")) {
            List<String> a = c.node.attributes().get("activations").strings();
            List<String> dflt = switch (kind) {
                case "lstm" -> List.of("Sigmoid", "Tanh", "Tanh");
                case "gru" -> List.of("Sigmoid", "Tanh");
                default -> List.of("Tanh");
            };
            for (int k = 0; k < a.size(); k++) {
                String want = dflt.get(k % dflt.size());
                if (kind.equals("rnn") && a.get(k).equals("Relu")) rnnKind = "rnn_relu";
                else if (!a.get(k).equalsIgnoreCase(want)) throw c.error("activation " + a.get(k) + " is not supported (only " + dflt + ")");
            }
        }
        Tensor seqLens = c.input(4);
        long seq = x.size(batchFirst ? 1 : 0), batch = x.size(batchFirst ? 0 : 1);
        if (seqLens != null) {
            for (long len : seqLens.toLongArray()) if (len != seq) throw c.error("sequence_lens shorter than the sequence are not supported");
        }
        Tensor input = batchFirst ? x.transpose(0, 1) : x; // [seq, batch, in]
        long hidden = r.size(2);
        if (h0 == null) h0 = Torch.zeros(Torch.shape(dirs, batch, hidden), ShapeOps.options(c, x.dtype()));
        else if (batchFirst) h0 = h0.transpose(0, 1);
        if (kind.equals("lstm")) {
            if (c0 == null) c0 = Torch.zerosLike(h0);
            else if (batchFirst) c0 = c0.transpose(0, 1);
        }
        List<Tensor> outs = new ArrayList<>(), hs = new ArrayList<>(), cs = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            boolean reverse = direction.equals("reverse") || d == 1;
            Tensor[] params = b == null
                    ? new Tensor[] {regroup(w.select(0, d), gates, order), regroup(r.select(0, d), gates, order)}
                    : new Tensor[] {regroup(w.select(0, d), gates, order), regroup(r.select(0, d), gates, order),
                        regroup(b.select(0, d).narrow(0, 0, gates * hidden), gates, order),
                        regroup(b.select(0, d).narrow(0, gates * hidden, gates * hidden), gates, order)};
            Tensor in = reverse ? input.flip(0) : input;
            Tensor h = h0.narrow(0, d, 1);
            Tensor[] res = switch (rnnKind) {
                case "lstm" -> Torch.lstm(in, new Tensor[] {h, c0.narrow(0, d, 1)}, params, b != null, 1, 0, false, false, false);
                case "gru" -> Torch.gru(in, h, params, b != null, 1, 0, false, false, false);
                case "rnn_relu" -> Torch.rnnRelu(in, h, params, b != null, 1, 0, false, false, false);
                default -> Torch.rnnTanh(in, h, params, b != null, 1, 0, false, false, false);
            };
            outs.add(reverse ? res[0].flip(0) : res[0]);
            hs.add(res[1]);
            if (kind.equals("lstm")) cs.add(res[2]);
        }
        // Y: [seq, dirs, batch, hidden]; Y_h, Y_c: [dirs, batch, hidden] (batch first with layout 1)
        Tensor y = Torch.stack(outs.toArray(Tensor[]::new), 1);
        Tensor yh = Torch.cat(hs.toArray(Tensor[]::new), 0);
        Tensor yc = kind.equals("lstm") ? Torch.cat(cs.toArray(Tensor[]::new), 0) : null;
        if (batchFirst) {
            y = y.permute(2, 0, 1, 3);
            yh = yh.transpose(0, 1);
            if (yc != null) yc = yc.transpose(0, 1);
        }
        return yc == null ? new Tensor[] {y, yh} : new Tensor[] {y, yh, yc};
    }
}
