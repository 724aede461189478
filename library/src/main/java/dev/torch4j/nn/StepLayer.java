package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Autograd;
import dev.torch4j.autograd.Function;
import dev.torch4j.autograd.FunctionCtx;

import java.util.ArrayList;
import java.util.List;

/**
 * What the recurrent layer nodes ({@link LstmLayer}, {@link GruLayer}, {@link RnnLayer}) share: the time dim of the
 * padded batch, the direction (step k of the reverse direction is time T-1-k), and, for the single-state cells,
 * double backward as the composed per-step graph rebuilt from the saved inputs and differentiated with createGraph.
 */
abstract class StepLayer extends Function {
    final int timeDim;
    final boolean reverse;

    StepLayer(int timeDim, boolean reverse) {
        this.timeDim = timeDim;
        this.reverse = reverse;
    }

    /** The time index of step {@code k}. */
    final int time(int k, long steps) { return reverse ? (int) steps - 1 - k : k; }

    /**
     * Double backward of a single-state layer: {@code s} the saved inputs (projected input, h0, ...), {@code cell} the
     * composed cell over them; the gradients of the inputs that need one.
     */
    final Tensor[] composedBackward(FunctionCtx ctx, Tensor[] s, Tensor[] grads, Recurrent.Cell cell) {
        Tensor xw = s[0], h = s[1];
        long steps = xw.size(timeDim);
        Tensor[] out = new Tensor[(int) steps];
        for (int k = 0; k < steps; k++) {
            int t = time(k, steps);
            out[t] = h = cell.step(xw.select(timeDim, t), h, null)[0];
        }
        List<Tensor> wrt = new ArrayList<>();
        for (int i = 0; i < s.length; i++) if (ctx.needsInputGrad(i)) wrt.add(s[i]);
        Tensor[] got = Autograd.get().grad(new Tensor[] {Torch.stack(out, timeDim), h}, wrt.toArray(Tensor[]::new),
                grads, true, true, true);
        Tensor[] result = new Tensor[s.length];
        for (int i = 0, j = 0; i < s.length; i++) if (ctx.needsInputGrad(i)) result[i] = got[j++];
        return result;
    }
}
