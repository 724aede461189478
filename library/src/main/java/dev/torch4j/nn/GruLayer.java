package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Autograd;
import dev.torch4j.autograd.Function;
import dev.torch4j.autograd.FunctionCtx;
import dev.torch4j.autograd.GradMode;


/**
 * One GRU layer-direction over a padded batch as a single autograd node, for {@link Recurrent}; the GRU counterpart
 * of {@link LstmLayer} (see there for why). Inputs: the projected input {@code xw} ({@code [T, N, 3H]}, or
 * {@code [N, T, 3H]} with time dim 1; {@code b_ih} included), {@code h0} ({@code [N, H]}), {@code W_hh}
 * ({@code [3H, H]}) and, when the module has biases, {@code b_hh}; outputs: the hidden states in {@code xw}'s layout
 * and the final h. The forward runs the composed cell's ops in its order (the same values); backward forms
 * {@code dW_hh} and {@code db_hh} from the hidden-projection gradients of all steps at once, so gradients differ
 * from the composed graph's by rounding. Under {@code createGraph} backward differentiates the rebuilt composed graph.
 */
final class GruLayer extends StepLayer {
    GruLayer(int timeDim, boolean reverse) { super(timeDim, reverse); }

    @Override
    protected String backwardName() { return "GruBackward"; }

    @Override
    protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
        Tensor xw = in[0], h0 = in[1], wT = in[2].t(), bias = in.length > 3 ? in[3] : null;
        long steps = xw.size(timeDim), n = h0.size(0), hs = h0.size(1);
        var like = Torch.dtype(h0.dtype()).device(h0.device());
        // by step order k: states before and after, the activations r and z, n, and W_hn h + b_hn (r's factor); the
        // activations in contiguous blocks, where the elementwise kernels round as on the composed cell's results
        Tensor h = Torch.empty(Torch.shape(steps + 1, n, hs), like), rz = Torch.empty(Torch.shape(steps, n, 2 * hs), like);
        Tensor act = Torch.empty(Torch.shape(steps, n, hs), like), hn = Torch.empty(Torch.shape(steps, n, hs), like);
        h.select(0, 0).copy_(h0);
        for (int k = 0; k < steps; k++) {
            Tensor x = xw.select(timeDim, time(k, steps)), hk = h.select(0, k), a = rz.select(0, k);
            Tensor hw = bias == null ? hk.mm(wT) : Torch.addmm(bias, hk, wT);
            Torch.add(x.narrow(1, 0, 2 * hs), hw.narrow(1, 0, 2 * hs), Torch.out(a)).sigmoid_();
            Tensor r = gate(a, 0, hs), z = gate(a, 1, hs), hnk = hn.select(0, k).copy_(gate(hw, 2, hs));
            // n = tanh(x_n + r * hn); h' = n + z * (h - n), the composed cell's ops (operands commuted only)
            Tensor nk = Torch.mul(r, hnk, Torch.out(act.select(0, k))).add_(gate(x, 2, hs)).tanh_();
            Torch.sub(hk, nk, Torch.out(h.select(0, k + 1))).mul_(z).add_(nk);
        }
        ctx.saveForBackward(in);
        ctx.put("h", h).put("rz", rz).put("act", act).put("hn", hn);
        Tensor out = h.narrow(0, 1, steps);
        if (reverse) out = out.flip(0);
        out = timeDim == 0 ? out.clone() : out.transpose(0, 1).contiguous();
        return new Tensor[] {out, h.select(0, (int) steps).clone()};
    }

    @Override
    protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
        Tensor[] s = ctx.savedTensors();
        if (GradMode.isEnabled()) return composedBackward(ctx, s, grads);
        Tensor xw = s[0], w = s[2];
        Tensor h = ctx.get("h"), rz = ctx.get("rz"), act = ctx.get("act"), hn = ctx.get("hn");
        long steps = xw.size(timeDim), hs = h.size(2);
        var like = Torch.dtype(xw.dtype()).device(xw.device());
        // in xw's layout: the gradients of xw, and of the hidden projection (the same for r and z; dW_hh's factors)
        Tensor dX = Torch.empty(Torch.shape(xw.shapeArray()), like), dHw = Torch.empty(Torch.shape(xw.shapeArray()), like);
        Tensor dh = grads[1];
        for (int k = (int) steps - 1; k >= 0; k--) {
            int t = time(k, steps);
            Tensor a = rz.select(0, k), dx = dX.select(timeDim, t), dhw = dHw.select(timeDim, t), hk = h.select(0, k);
            Tensor r = gate(a, 0, hs), z = gate(a, 1, hs), nk = act.select(0, k);
            Tensor dhk = dh.add(grads[0].select(timeDim, t));
            // h' = n + z (h - n): dn = dh (1 - z), dz = dh (h - n); tanh' = 1 - n^2, sigmoid' = s (1 - s)
            Tensor dn = Torch.mul(dhk, z.neg().add_(1), Torch.out(gate(dx, 2, hs))).mul_(nk.mul(nk).neg_().add_(1));
            Torch.mul(dn, hn.select(0, k), Torch.out(gate(dx, 0, hs))).mul_(r).mul_(r.neg().add_(1));
            Torch.sub(hk, nk, Torch.out(gate(dx, 1, hs))).mul_(dhk).mul_(z).mul_(z.neg().add_(1));
            dhw.narrow(1, 0, 2 * hs).copy_(dx.narrow(1, 0, 2 * hs));
            Torch.mul(dn, r, Torch.out(gate(dhw, 2, hs)));
            dh = Torch.addmm(dhk.mul_(z), dhw, w);
        }
        Tensor dW = null, dB = null;
        if (ctx.needsInputGrad(2)) {
            Tensor prev = h.narrow(0, 0, steps);
            if (reverse) prev = prev.flip(0);
            if (timeDim == 1) prev = prev.transpose(0, 1);
            dW = dHw.reshape(-1, 3 * hs).t().mm(prev.reshape(-1, hs));
        }
        if (s.length > 3 && ctx.needsInputGrad(3)) dB = dHw.reshape(-1, 3 * hs).sum(0);
        Tensor dxw = ctx.needsInputGrad(0) ? dX : null;
        return s.length > 3 ? new Tensor[] {dxw, dh, dW, dB} : new Tensor[] {dxw, dh, dW};
    }

    /** Double backward: the composed per-step graph rebuilt from the saved inputs, differentiated with createGraph. */
    private Tensor[] composedBackward(FunctionCtx ctx, Tensor[] s, Tensor[] grads) {
        Tensor bias = s.length > 3 ? s[3] : null;
        return composedBackward(ctx, s, grads, new Recurrent.Cell(Recurrent.Mode.GRU, null, null, s[2].t(), bias, null));
    }

    /** Gate {@code j} (PyTorch's order r, z, n) of a {@code [N, 3H]} row block. */
    private static Tensor gate(Tensor rows, int j, long hs) { return rows.narrow(1, j * hs, hs); }
}
