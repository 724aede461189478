package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.core.Shapes;

/**
 * {@code nn.CrossMapLRN2d(size, alpha=1e-4, beta=0.75, k=1)}: PyTorch's legacy cross-channel normalisation (Lua
 * Torch's {@code SpatialCrossMapLRN}) over {@code (N, C, H, W)}: {@code y = x * (k + alpha / size * s)^-beta} with
 * {@code s} a running sum of squares over channels.
 *
 * <p>Note: this is not {@link LocalResponseNorm}. PyTorch's port keeps the original's off-by-one: the running sum
 * drops channel {@code c - pre_pad} only once {@code c > pre_pad} ({@code pre_pad = (size - 1) / 2 + 1}), so channel 0
 * stays in every later window. Its backward is its own formula, not the derivative of that forward: the gradient
 * {@code x^-beta g - 2 alpha beta / size * x * sum_j (g y / scale)_j} sums {@code j} over
 * {@code [c - inv, c - inv + size - 1]} with {@code inv = size - (size - 1) / 2} (float division, truncated). Both are
 * reproduced, so values and gradients are PyTorch's; the backward refuses {@code size} 1 with PyTorch's error.
 */
public class CrossMapLRN2d extends Module {
    /** The {@code size} argument: channels in the window. */
    public final long size;
    /** The {@code alpha}, {@code beta} and {@code k} arguments. */
    public final double alpha, beta, k;

    /** {@code nn.CrossMapLRN2d(size)} with PyTorch's defaults. */
    public CrossMapLRN2d(long size) { this(size, 1e-4, 0.75, 1); }

    /** {@code nn.CrossMapLRN2d(size, alpha, beta, k)}. */
    public CrossMapLRN2d(long size, double alpha, double beta, double k) {
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    @Override
    public Tensor forward(Tensor x) { return crossMapLrn2d(x, size, alpha, beta, k); }

    /** PyTorch prints its default {@code k=1} as an int. */
    @Override
    public String extraRepr() {
        return size + ", alpha=" + Py.repr(alpha) + ", beta=" + Py.repr(beta) + ", k=" + (k == 1 ? "1" : Py.repr(k));
    }

    static Tensor crossMapLrn2d(Tensor x, long size, double alpha, double beta, double k) {
        if (x.dim() != 4) throw new IllegalArgumentException("CrossMapLRN2d: expected a 4-d input (N, C, H, W), got " + Shapes.str(x.shapeArray()));
        int c = Math.toIntExact(x.size(1));
        Tensor window = matrix(forwardWindows(c, size), x);
        Tensor scale, y;
        try (var g = GradMode.noGrad()) {
            scale = channelSum(window, x.square()).mul(alpha / size).add(k);
            y = x.mul(scale.pow(-beta));
        }
        if (!Graph.isRecording(x)) return y;
        FnNode n = Graph.node("CrossMapLRN2dBackward", x);
        var sx = n.save(x);
        var sScale = n.save(scale);
        var sy = n.save(y);
        n.backward(gs -> {
            long inv = (long) (size - (size - 1) / 2.0);
            if (inv + c > c + size - 1) {
                throw new IllegalArgumentException("start (" + inv + ") + length (" + c + ") exceeds dimension size (" + (c + size - 1) + ").");
            }
            Tensor s = sScale.get(), ratio = gs[0].mul(sy.get()).div(s);
            Tensor sums = channelSum(matrix(backwardWindows(c, size, inv), x), ratio);
            return new Tensor[] {s.pow(-beta).mul(gs[0]).sub(sx.get().mul(sums).mul(2 * alpha * beta / size))};
        });
        return n.output(y);
    }

    /** {@code out[n, c] = sum_j m[c, j] * t[n, j]} over {@code (N, C, H, W)}. */
    private static Tensor channelSum(Tensor m, Tensor t) {
        return m.matmul(t.reshape(t.size(0), t.size(1), -1)).view(t.shapeArray());
    }

    private static Tensor matrix(double[][] w, Tensor like) {
        return Torch.tensor(w, Torch.dtype(like.dtype()).device(like.device()));
    }

    /** PyTorch's running sum as a 0/1 matrix: row c holds the channels in channel c's sum. */
    static double[][] forwardWindows(int c, long size) {
        int prePad = (int) ((size - 1) / 2.0 + 1);
        double[][] w = new double[c][c];
        for (int j = 0; j < Math.min(prePad, c); j++) w[0][j] = 1;
        for (int i = 1; i < c; i++) {
            w[i] = w[i - 1].clone();
            if (i < c - prePad + 1) w[i][i + prePad - 1] = 1;
            if (i > prePad) w[i][i - prePad] = 0;
        }
        return w;
    }

    /** The backward's windows: row c sums channels {@code [c - inv, c - inv + size - 1]}. */
    private static double[][] backwardWindows(int c, long size, long inv) {
        double[][] w = new double[c][c];
        for (int i = 0; i < c; i++) {
            for (long j = Math.max(0, i - inv); j <= Math.min(c - 1, i - inv + size - 1); j++) w[i][(int) j] = 1;
        }
        return w;
    }
}
