package dev.torch4j.ops;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.Graph;

/** Derivatives of the reductions, written with Tensor ops. */
final class ReductionsGrad {
    private ReductionsGrad() {}

    /** The shape of a reduction's result with keepdim=true. */
    static long[] keptShape(Tensor t, boolean[] reduced) {
        long[] s = t.shapeArray();
        for (int d = 0; d < s.length; d++) if (reduced[d]) s[d] = 1;
        return s;
    }

    /**
     * Records a reduction whose gradient is the output gradient spread back over the reduced elements, times
     * {@code scale} (sum: 1, mean: 1/count).
     */
    static Tensor broadcastBack(String name, Tensor t, boolean[] reduced, boolean keepdim, Tensor r, double scale) {
        if (!r.dtype().isFloatingPoint()) return r;
        long[] kept = keptShape(t, reduced);
        long[] in = t.shapeArray();
        return Graph.node(name, t).backward(g -> {
            Tensor gk = keepdim ? g[0] : g[0].reshape(kept);
            Tensor spread = gk.expand(in);
            return new Tensor[] {scale == 1.0 ? spread : spread.mul(scale)};
        }).output(r);
    }
}
