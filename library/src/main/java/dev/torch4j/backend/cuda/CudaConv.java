package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * im2col, col2im and 2-d max pooling on the GPU ({@code conv.cu}); the semantics are the CPU kernels'
 * ({@code CpuIm2Col}, {@code CpuPooling}). col2im gathers: each output element sums its own contributions in a fixed
 * order, so it needs no atomics and gives the same bits on every run (and the CPU's bits).
 */
final class CudaConv {
    /** Byte size of {@code struct ConvGeom} in conv.cu: 18 int64 fields. */
    static final int GEOM_BYTES = 18 * 8;

    static final KernelSpec IM2COL_F32 = KernelSpec.of("conv", "t4j_conv_im2col_f32", Param.struct(GEOM_BYTES), Param.PTR, Param.PTR);
    static final KernelSpec IM2COL_F64 = KernelSpec.of("conv", "t4j_conv_im2col_f64", Param.struct(GEOM_BYTES), Param.PTR, Param.PTR);
    static final KernelSpec COL2IM_F32 = KernelSpec.of("conv", "t4j_conv_col2im_f32", Param.struct(GEOM_BYTES), Param.PTR, Param.PTR);
    static final KernelSpec COL2IM_F64 = KernelSpec.of("conv", "t4j_conv_col2im_f64", Param.struct(GEOM_BYTES), Param.PTR, Param.PTR);
    static final KernelSpec MAXPOOL_F32 = KernelSpec.of("conv", "t4j_conv_maxpool2d_f32", Param.struct(GEOM_BYTES), Param.PTR, Param.PTR, Param.PTR);
    static final KernelSpec MAXPOOL_F64 = KernelSpec.of("conv", "t4j_conv_maxpool2d_f64", Param.struct(GEOM_BYTES), Param.PTR, Param.PTR, Param.PTR);

    private CudaConv() {}

    /**
     * {@code cols [B, C*kH*kW, oH*oW]} (contiguous) from {@code in [B, C, H, W]} (any strides), zero where a window
     * reads padding; {@code params} = {kH, kW, sH, sW, padTop, padLeft, dH, dW, oH, oW}.
     */
    static void im2col(Strided cols, Strided in, int[] params) {
        boolean dbl = floating("im2col", in.dtype());
        requireContiguous("im2col", "cols", cols);
        long[] sh = in.shape(), st = in.strides();
        if (cols.numel() == 0) return;
        byte[] g = geom(sh[0], sh[1], sh[2], sh[3], params, params[8], params[9], st[0], st[1], st[2], st[3]);
        (dbl ? IM2COL_F64 : IM2COL_F32).launchElementwise(cols.numel(), g, cols, in);
    }

    /**
     * {@code out [B, C, H, W]} (contiguous, overwritten) as the sum of {@code cols [B, C*kH*kW, oH*oW]} (any strides)
     * over the positions each column element was read from; same params as {@link #im2col}.
     */
    static void col2im(Strided out, Strided cols, int[] params) {
        boolean dbl = floating("col2im", out.dtype());
        requireContiguous("col2im", "out", out);
        long[] sh = out.shape(), st = cols.strides();
        if (out.numel() == 0) return;
        byte[] g = geom(sh[0], sh[1], sh[2], sh[3], params, params[8], params[9], st[0], st[1], st[2], 0);
        (dbl ? COL2IM_F64 : COL2IM_F32).launchElementwise(out.numel(), g, out, cols);
    }

    /**
     * Max pooling of {@code in [B, H, W]} (any strides) into contiguous {@code values [B, oH, oW]} and int64
     * {@code indices} ({@code h * W + w}); params = {kH, kW, sH, sW, pH, pW, dH, dW}.
     */
    static void maxPool2d(Strided values, Strided indices, Strided in, int[] params) {
        boolean dbl = floating("maxPool2d", in.dtype());
        requireContiguous("maxPool2d", "values", values);
        requireContiguous("maxPool2d", "indices", indices);
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("maxPool2d: indices must be int64, got " + indices.dtype());
        }
        long[] sh = in.shape(), st = in.strides(), vs = values.shape();
        if (values.numel() == 0) return;
        byte[] g = geom(sh[0], 1, sh[1], sh[2], params, vs[1], vs[2], st[0], 0, st[1], st[2]);
        (dbl ? MAXPOOL_F64 : MAXPOOL_F32).launchElementwise(values.numel(), g, values, indices, in);
    }

    /** Packs {@code struct ConvGeom}: b, c, h, w, oh, ow, the 8 window params, then the 4 strides. */
    static byte[] geom(long b, long c, long h, long w, int[] p, long oh, long ow, long s0, long s1, long s2, long s3) {
        ByteBuffer bb = ByteBuffer.allocate(GEOM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(b).putLong(c).putLong(h).putLong(w).putLong(oh).putLong(ow);
        for (int i = 0; i < 8; i++) bb.putLong(p[i]);
        bb.putLong(s0).putLong(s1).putLong(s2).putLong(s3);
        return bb.array();
    }

    private static boolean floating(String op, DType t) {
        if (t == DType.FLOAT32) return false;
        if (t == DType.FLOAT64) return true;
        throw new IllegalArgumentException(op + ": no CUDA kernel for dtype " + t + " (float32 and float64 only)");
    }

    private static void requireContiguous(String op, String name, Strided s) {
        if (!s.isContiguous()) {
            throw new IllegalArgumentException(op + ": the CUDA kernel writes a contiguous " + name + ", got strides "
                    + java.util.Arrays.toString(s.strides()));
        }
    }
}
