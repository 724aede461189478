package dev.torch4j.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * The iteration space of an elementwise kernel after dropping size-1 dims and merging dims that are contiguous
 * with their inner neighbour for every operand (PyTorch's TensorIterator does the same). A fully contiguous
 * operation becomes one dim, so kernels see long unit-stride runs.
 *
 * @param shape   iteration shape (at least one dim)
 * @param strides per operand, strides in elements for each dim of {@code shape}
 */
public record Coalesced(long[] shape, long[][] strides) {

    /** Coalesces {@code shape} with each operand's strides (all of {@code shape}'s rank). */
    public static Coalesced of(long[] shape, long[]... operandStrides) {
        int ops = operandStrides.length;
        List<long[]> dims = new ArrayList<>(); // each: [size, stride_0, ..., stride_{ops-1}]
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            long[] e = new long[ops + 1];
            e[0] = shape[d];
            for (int k = 0; k < ops; k++) e[k + 1] = operandStrides[k][d];
            if (!dims.isEmpty()) {
                long[] prev = dims.get(dims.size() - 1);
                boolean merge = true;
                for (int k = 0; k < ops && merge; k++) merge = prev[k + 1] == e[0] * e[k + 1];
                if (merge) {
                    prev[0] *= e[0];
                    for (int k = 0; k < ops; k++) prev[k + 1] = e[k + 1];
                    continue;
                }
            }
            dims.add(e);
        }
        if (dims.isEmpty()) dims.add(oneElement(ops, shape));
        long[] s = new long[dims.size()];
        long[][] st = new long[ops][dims.size()];
        for (int i = 0; i < dims.size(); i++) {
            s[i] = dims.get(i)[0];
            for (int k = 0; k < ops; k++) st[k][i] = dims.get(i)[k + 1];
        }
        return new Coalesced(s, st);
    }

    private static long[] oneElement(int ops, long[] shape) {
        long[] e = new long[ops + 1];
        e[0] = shape.length == 0 ? 1 : java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        return e;
    }

    /**
     * The lines of a per-line primitive (scan, sort) along {@code dim}: the other dims of {@code shape}, coalesced
     * over the operands (each given as a whole-tensor {@link Strided}, all of that shape).
     */
    public static Coalesced excludingDim(int dim, long[] shape, Strided... operands) {
        int nd = shape.length;
        long[] rest = new long[nd - 1];
        long[][] strides = new long[operands.length][nd - 1];
        for (int d = 0, k = 0; d < nd; d++) {
            if (d == dim) continue;
            rest[k] = shape[d];
            for (int o = 0; o < operands.length; o++) strides[o][k] = operands[o].strides()[d];
            k++;
        }
        return of(rest, strides);
    }

    public int ndim() { return shape.length; }

    public long numel() {
        long n = 1;
        for (long v : shape) n *= v;
        return n;
    }
}
