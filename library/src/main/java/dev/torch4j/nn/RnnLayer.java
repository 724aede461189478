package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Autograd;
import dev.torch4j.autograd.Function;
import dev.torch4j.autograd.FunctionCtx;
import dev.torch4j.autograd.GradMode;


/**
 * One Elman RNN layer-direction ({@code tanh} or {@code relu}) over a padded batch as a single autograd node, for
 * {@link Recurrent}; the counterpart of {@link LstmLayer} (see there for why). Inputs: the projected input {@code xw}
 * ({@code [T, N, H]}, or {@code [N, T, H]} with time dim 1; both biases included), {@code h0} ({@code [N, H]}) and
 * {@code W_hh} ({@code [H, H]}); outputs: the hidden states in {@code xw}'s layout and the final h. The forward runs
 * the composed cell's ops (the same values); backward forms {@code dW_hh} as one product over {@code T * N} rows, so
 * gradients differ from the composed graph's by rounding. Under {@code createGraph} backward differentiates the
 * rebuilt composed graph.
 */
final class RnnLayer extends StepLayer {
    private final boolean relu;

    RnnLayer(boolean relu, int timeDim, boolean reverse) {
        super(timeDim, reverse);
        this.relu = relu;
    }

    @Override
    protected String backwardName() { return relu ? "RnnReluBackward" : "RnnTanhBackward"; }

    @Override
    protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
        Tensor xw = in[0], h0 = in[1], wT = in[2].t();
        long steps = xw.size(timeDim), n = h0.size(0), hs = h0.size(1);
        // by step order k: the states before and after
        Tensor h = Torch.empty(Torch.shape(steps + 1, n, hs), Torch.dtype(h0.dtype()).device(h0.device()));
        h.select(0, 0).copy_(h0);
        for (int k = 0; k < steps; k++) {
            Tensor pre = Torch.addmm(xw.select(timeDim, time(k, steps)), h.select(0, k), wT);
            if (relu) h.select(0, k + 1).copy_(pre).relu_(); // exact either way
            else Torch.tanh(pre, Torch.out(h.select(0, k + 1)));
        }
        ctx.saveForBackward(in);
        ctx.put("h", h);
        Tensor out = h.narrow(0, 1, steps);
        if (reverse) out = out.flip(0);
        out = timeDim == 0 ? out.clone() : out.transpose(0, 1).contiguous();
        return new Tensor[] {out, h.select(0, (int) steps).clone()};
    }

    @Override
    protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
        Tensor[] s = ctx.savedTensors();
        if (GradMode.isEnabled()) return composedBackward(ctx, s, grads);
        Tensor xw = s[0], w = s[2], h = ctx.get("h");
        long steps = xw.size(timeDim), hs = h.size(2);
        // the pre-activation gradients in xw's layout: xw's gradient, and dW_hh's factors
        Tensor dPre = Torch.empty(Torch.shape(xw.shapeArray()), Torch.dtype(xw.dtype()).device(xw.device()));
        Tensor dh = grads[1];
        for (int k = (int) steps - 1; k >= 0; k--) {
            int t = time(k, steps);
            Tensor h1 = h.select(0, k + 1), d = dPre.select(timeDim, t);
            // relu' is sign(h') (h' >= 0); tanh' = 1 - h'^2
            Tensor slope = relu ? h1.sign() : h1.mul(h1).neg_().add_(1);
            Torch.add(dh, grads[0].select(timeDim, t), Torch.out(d)).mul_(slope);
            dh = d.mm(w);
        }
        Tensor dW = null;
        if (ctx.needsInputGrad(2)) {
            Tensor prev = h.narrow(0, 0, steps);
            if (reverse) prev = prev.flip(0);
            if (timeDim == 1) prev = prev.transpose(0, 1);
            dW = dPre.reshape(-1, hs).t().mm(prev.reshape(-1, hs));
        }
        return new Tensor[] {ctx.needsInputGrad(0) ? dPre : null, dh, dW};
    }

    /** Double backward: the composed per-step graph rebuilt from the saved inputs, differentiated with createGraph. */
    private Tensor[] composedBackward(FunctionCtx ctx, Tensor[] s, Tensor[] grads) {
        Recurrent.Mode mode = relu ? Recurrent.Mode.RNN_RELU : Recurrent.Mode.RNN_TANH;
        return composedBackward(ctx, s, grads, new Recurrent.Cell(mode, null, null, s[2].t(), null, null));
    }
}
