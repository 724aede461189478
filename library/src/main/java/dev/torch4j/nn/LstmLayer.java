package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Autograd;
import dev.torch4j.autograd.Function;
import dev.torch4j.autograd.FunctionCtx;
import dev.torch4j.autograd.GradMode;

import java.util.ArrayList;
import java.util.List;

/**
 * One LSTM layer-direction over a padded batch as a single autograd node, for {@link Recurrent}. Inputs: the
 * projected input {@code xw} ({@code [T, N, 4H]}, or {@code [N, T, 4H]} with time dim 1; biases included),
 * {@code h0}, {@code c0} ({@code [N, H]}) and {@code W_hh} ({@code [4H, H]}); outputs: the hidden states in
 * {@code xw}'s layout, the final h and the final c.
 *
 * <p>Why: composed per step, autograd gives every step its own {@code W_hh} gradient product (inner size N) and sums
 * the T products of {@code [4H, H]} one by one, which cost more than the whole rest of the backward. Here backward
 * keeps the gate gradients of all steps and forms {@code dW_hh} as one product over {@code T * N} rows; the step
 * loop only carries {@code dh} and {@code dc}, and both loops write into preallocated buffers. The forward computes
 * the composed cell's formulas; gradients differ from the composed graph's by rounding ({@code dW_hh} sums in
 * another order). Under {@code createGraph} backward recomputes the composed graph from the saved inputs and
 * differentiates that, so double backward stays exact. The step buffers are kept in the context, outside
 * saved-tensor hooks.
 */
final class LstmLayer extends StepLayer {
    LstmLayer(int timeDim, boolean reverse) { super(timeDim, reverse); }

    @Override
    protected String backwardName() { return "LstmBackward"; }

    @Override
    protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
        Tensor xw = in[0], h0 = in[1], c0 = in[2], wT = in[3].t();
        long steps = xw.size(timeDim), n = h0.size(0), hs = h0.size(1);
        var like = Torch.dtype(h0.dtype()).device(h0.device());
        // by step order k (the reverse direction's step k is time T-1-k): states before and after, gate activations
        Tensor h = Torch.empty(Torch.shape(steps + 1, n, hs), like), c = Torch.empty(Torch.shape(steps + 1, n, hs), like);
        Tensor act = Torch.empty(Torch.shape(steps, n, 4 * hs), like), tanhC = Torch.empty(Torch.shape(steps, n, hs), like);
        h.select(0, 0).copy_(h0);
        c.select(0, 0).copy_(c0);
        for (int k = 0; k < steps; k++) {
            // the gates in place in act; results written into the state buffers (two allocations a step)
            Tensor a = act.select(0, k).copy_(Torch.addmm(xw.select(timeDim, time(k, steps)), h.select(0, k), wT));
            a.narrow(1, 0, 2 * hs).sigmoid_();
            Tensor i = gate(a, 0, hs), f = gate(a, 1, hs), g = gate(a, 2, hs).tanh_(), o = gate(a, 3, hs).sigmoid_();
            Tensor c1 = Torch.mul(f, c.select(0, k), Torch.out(c.select(0, k + 1))).add_(i.mul(g));
            Torch.mul(o, Torch.tanh(c1, Torch.out(tanhC.select(0, k))), Torch.out(h.select(0, k + 1)));
        }
        ctx.saveForBackward(in[0], in[1], in[2], in[3]);
        ctx.put("h", h).put("c", c).put("act", act).put("tanhC", tanhC);
        Tensor out = h.narrow(0, 1, steps);
        if (reverse) out = out.flip(0);
        out = timeDim == 0 ? out.clone() : out.transpose(0, 1).contiguous();
        return new Tensor[] {out, h.select(0, (int) steps).clone(), c.select(0, (int) steps).clone()};
    }

    @Override
    protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
        Tensor[] s = ctx.savedTensors();
        if (GradMode.isEnabled()) return composedBackward(ctx, s, grads);
        Tensor xw = s[0], w = s[3];
        Tensor h = ctx.get("h"), c = ctx.get("c"), act = ctx.get("act"), tanhC = ctx.get("tanhC");
        long steps = xw.size(timeDim), hs = h.size(2);
        // the gate gradients in xw's layout: xw's gradient as they are, and with the previous states in the same
        // row order, dW_hh's factors
        Tensor dGates = Torch.empty(Torch.shape(xw.shapeArray()), Torch.dtype(xw.dtype()).device(xw.device()));
        Tensor dh = grads[1], dc = grads[2];
        for (int k = (int) steps - 1; k >= 0; k--) {
            int t = time(k, steps);
            Tensor a = act.select(0, k), tc = tanhC.select(0, k), d = dGates.select(timeDim, t);
            Tensor i = gate(a, 0, hs), f = gate(a, 1, hs), g = gate(a, 2, hs), o = gate(a, 3, hs);
            Tensor dhk = dh.add(grads[0].select(timeDim, t));
            // dc_t = dc + dh * o * (1 - tanh(c)^2); sigmoid' = s (1 - s), tanh' = 1 - t^2; fresh temporaries in place
            Tensor dck = tc.mul(tc).neg_().add_(1).mul_(o).mul_(dhk).add_(dc);
            Torch.mul(dck, g, Torch.out(gate(d, 0, hs))).mul_(i).mul_(i.neg().add_(1));
            Torch.mul(dck, c.select(0, k), Torch.out(gate(d, 1, hs))).mul_(f).mul_(f.neg().add_(1));
            Torch.mul(dck, i, Torch.out(gate(d, 2, hs))).mul_(g.mul(g).neg_().add_(1));
            Torch.mul(dhk, tc, Torch.out(gate(d, 3, hs))).mul_(o).mul_(o.neg().add_(1));
            dc = dck.mul_(f);
            dh = d.mm(w);
        }
        Tensor dW = null;
        if (ctx.needsInputGrad(3)) {
            Tensor prev = h.narrow(0, 0, steps);
            if (reverse) prev = prev.flip(0);
            if (timeDim == 1) prev = prev.transpose(0, 1);
            dW = dGates.reshape(-1, 4 * hs).t().mm(prev.reshape(-1, hs));
        }
        Tensor dxw = ctx.needsInputGrad(0) ? dGates : null;
        return new Tensor[] {dxw, dh, dc, dW};
    }

    /** Double backward: the composed per-step graph rebuilt from the saved inputs, differentiated with createGraph. */
    private Tensor[] composedBackward(FunctionCtx ctx, Tensor[] s, Tensor[] grads) {
        Tensor xw = s[0], h = s[1], c = s[2];
        Recurrent.Cell cell = new Recurrent.Cell(Recurrent.Mode.LSTM, null, null, s[3].t(), null, null);
        long steps = xw.size(timeDim);
        Tensor[] out = new Tensor[(int) steps];
        for (int k = 0; k < steps; k++) {
            int t = time(k, steps);
            Tensor[] r = cell.step(xw.select(timeDim, t), h, c);
            out[t] = h = r[0];
            c = r[1];
        }
        List<Tensor> wrt = new ArrayList<>();
        for (int i = 0; i < s.length; i++) if (ctx.needsInputGrad(i)) wrt.add(s[i]);
        Tensor[] got = Autograd.get().grad(new Tensor[] {Torch.stack(out, timeDim), h, c}, wrt.toArray(Tensor[]::new),
                grads, true, true, true);
        Tensor[] result = new Tensor[s.length];
        for (int i = 0, j = 0; i < s.length; i++) if (ctx.needsInputGrad(i)) result[i] = got[j++];
        return result;
    }


    /** Gate {@code j} (PyTorch's order i, f, g, o) of a {@code [N, 4H]} row block. */
    private static Tensor gate(Tensor rows, int j, long hs) { return rows.narrow(1, j * hs, hs); }
}
