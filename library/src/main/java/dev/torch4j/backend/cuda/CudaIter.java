package dev.torch4j.backend.cuda;

import dev.torch4j.backend.Coalesced;
import dev.torch4j.backend.Strided;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * t4j.cuh's {@code Iter}: an elementwise iteration space (coalesced like {@link Coalesced}) packed for a kernel.
 *
 * @param bytes      the struct, {@link #BYTES} bytes, little-endian
 * @param numel      number of iteration points
 * @param ndim       coalesced rank
 * @param contiguous every operand is one unit-stride run
 */
public record CudaIter(byte[] bytes, long numel, int ndim, boolean contiguous) {
    public static final int MAX_DIMS = 16, MAX_OPERANDS = 4;
    /** sizeof(Iter). */
    public static final int BYTES = 8 + 4 + 4 + 8 * MAX_DIMS + 8 * MAX_DIMS * MAX_OPERANDS;

    /** Packs the iteration over {@code shape} of up to four operands (their strides, in the order given). */
    public static CudaIter pack(long[] shape, Strided... operands) {
        if (operands.length > MAX_OPERANDS) {
            throw new IllegalArgumentException("a CUDA elementwise kernel takes at most " + MAX_OPERANDS + " operands, got " + operands.length);
        }
        long[][] st = new long[operands.length][];
        for (int k = 0; k < operands.length; k++) st[k] = operands[k].strides();
        Coalesced c = Coalesced.of(shape, st);
        if (c.ndim() > MAX_DIMS) {
            throw new IllegalArgumentException("CUDA kernels support at most " + MAX_DIMS + " non-mergeable dims, got "
                    + c.ndim() + " for shape " + java.util.Arrays.toString(shape));
        }
        long numel = 1;
        for (long s : shape) numel *= s;
        boolean contiguous = c.ndim() == 1;
        for (int k = 0; k < operands.length && contiguous; k++) contiguous = c.strides()[k][0] == 1 || numel <= 1;
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(numel).putInt(c.ndim()).putInt(contiguous ? 1 : 0);
        for (int d = 0; d < MAX_DIMS; d++) b.putLong(d < c.ndim() ? c.shape()[d] : 1);
        for (int k = 0; k < MAX_OPERANDS; k++) {
            for (int d = 0; d < MAX_DIMS; d++) b.putLong(k < operands.length && d < c.ndim() ? c.strides()[k][d] : 0);
        }
        return new CudaIter(b.array(), numel, c.ndim(), contiguous);
    }
}
