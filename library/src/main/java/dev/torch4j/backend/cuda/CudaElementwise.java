package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.core.Half;

import java.lang.ref.Reference;

/**
 * The elementwise primitives of {@link CudaBackend} (elementwise.cu): copies and casts, fills, unary and binary ops
 * and where, with the CPU backend's semantics. Op codes are the ops' ordinals and dtype codes the dtypes' ordinals
 * (t4j.cuh). One difference to the CPU: an integer FLOOR_DIVIDE or REMAINDER by zero cannot throw inside a kernel
 * and gives 0 (PyTorch's CUDA kernels give unspecified values there too).
 */
final class CudaElementwise {
    private CudaElementwise() {}

    static final KernelSpec COPY = KernelSpec.of("elementwise", "t4j_elementwise_copy",
            Param.ITER, Param.I32, Param.I32, Param.PTR, Param.PTR);
    static final KernelSpec FILL = KernelSpec.of("elementwise", "t4j_elementwise_fill",
            Param.ITER, Param.I32, Param.I64, Param.PTR);
    static final KernelSpec WHERE = KernelSpec.of("elementwise", "t4j_elementwise_where",
            Param.ITER, Param.I32, Param.PTR, Param.PTR, Param.PTR, Param.PTR);
    static final KernelSpec UNARY_F32 = unary("f32");
    static final KernelSpec UNARY_F64 = unary("f64");
    static final KernelSpec UNARY_I64 = unary("i64");
    static final KernelSpec UNARY_I32 = unary("i32");
    static final KernelSpec BINARY_F32 = binary("f32");
    static final KernelSpec BINARY_F64 = binary("f64");
    static final KernelSpec BINARY_I64 = binary("i64");
    static final KernelSpec BINARY_I32 = binary("i32");

    private static KernelSpec unary(String t) {
        return KernelSpec.of("elementwise", "t4j_elementwise_unary_" + t, Param.ITER, Param.I32, Param.PTR, Param.PTR);
    }

    private static KernelSpec binary(String t) {
        return KernelSpec.of("elementwise", "t4j_elementwise_binary_" + t, Param.ITER, Param.I32, Param.PTR, Param.PTR, Param.PTR);
    }

    /** Elementwise copy with dtype conversion ({@code Backend.copy}); both operands on this device. */
    static void copy(Strided dst, Strided src) {
        long n = dst.numel();
        if (n == 0) return;
        DType dt = dst.dtype(), st = src.dtype();
        if (dt == st && dst.isContiguous() && src.isContiguous()) {
            copyBytes(dst, src, n * dt.itemSize());
            return;
        }
        CudaIter it = CudaIter.pack(dst.shape(), dst, src);
        if (dt == st && it.contiguous()) { // contiguous once size-1 dims are dropped
            copyBytes(dst, src, n * dt.itemSize());
            return;
        }
        COPY.launchElementwise(n, it.bytes(), dt.ordinal(), st.ordinal(), dst, src);
    }

    /** A device-to-device copy, both storages reachable until it is queued (KernelSpec's Note [reachable operands]). */
    private static void copyBytes(Strided dst, Strided src, long bytes) {
        CudaMemory.copyAsync(Cuda.ptr(dst), Cuda.ptr(src), bytes);
        Reference.reachabilityFence(dst);
        Reference.reachabilityFence(src);
    }

    /** Sets every element to {@code v} converted as the CPU backend converts it ({@code Backend.fill}). */
    static void fill(Strided dst, double v) {
        DType t = dst.dtype();
        if (!t.isFloatingPoint() && t != DType.BOOL) {
            fillLong(dst, (long) v);
            return;
        }
        long bits = switch (t) {
            case FLOAT32 -> Float.floatToRawIntBits((float) v) & 0xffffffffL;
            case FLOAT64 -> Double.doubleToRawLongBits(v);
            case FLOAT16 -> Half.floatToF16((float) v) & 0xffffL;
            case BFLOAT16 -> Half.floatToBf16((float) v) & 0xffffL;
            default -> v != 0 ? 1 : 0; // BOOL
        };
        fillBits(dst, bits);
    }

    /** Sets every element of an integer {@code dst} to {@code v} exactly ({@code Backend.fillLong}). */
    static void fillLong(Strided dst, long v) {
        switch (dst.dtype()) {
            case INT64 -> fillBits(dst, v);
            case INT32 -> fillBits(dst, v & 0xffffffffL);
            case INT16 -> fillBits(dst, v & 0xffffL);
            case INT8, UINT8 -> fillBits(dst, v & 0xffL);
            case BOOL -> fillBits(dst, v != 0 ? 1 : 0);
            default -> fill(dst, (double) v);
        }
    }

    /** Writes the element bit pattern {@code bits} (the low itemSize bytes) everywhere in dst. */
    private static void fillBits(Strided dst, long bits) {
        long n = dst.numel();
        if (n == 0) return;
        int size = dst.dtype().itemSize();
        CudaIter it = CudaIter.pack(dst.shape(), dst);
        if (it.contiguous() && sameBytes(bits, size)) {
            CudaMemory.memsetAsync(Cuda.ptr(dst), (int) (bits & 0xff), n * size);
            Reference.reachabilityFence(dst);
            return;
        }
        FILL.launchElementwise(n, it.bytes(), size, bits, dst);
    }

    /** True when the low {@code size} bytes of {@code bits} are all equal (so a byte memset writes the pattern). */
    private static boolean sameBytes(long bits, int size) {
        long b = bits & 0xff;
        for (int i = 1; i < size; i++) if (((bits >>> (8 * i)) & 0xff) != b) return false;
        return true;
    }

    /** {@code out = op(in)} for compute dtypes float32, float64, int64 and int32; predicates write bool. */
    static void unary(UnaryOp op, Strided out, Strided in) {
        DType t = in.dtype();
        KernelSpec spec = switch (t) {
            case FLOAT32 -> UNARY_F32;
            case FLOAT64 -> UNARY_F64;
            case INT64 -> UNARY_I64;
            case INT32 -> UNARY_I32;
            default -> throw new IllegalArgumentException(op.opName() + ": no CUDA kernel for compute dtype " + t);
        };
        if (!t.isFloatingPoint() && !op.integral) {
            throw new UnsupportedOperationException(op.opName() + " is not defined on integers");
        }
        long n = out.numel();
        if (n == 0) return;
        CudaIter it = CudaIter.pack(out.shape(), out, in);
        spec.launchElementwise(n, it.bytes(), op.ordinal(), out, in);
    }

    /** {@code out = op(a, b)} for compute dtypes float32, float64, int64 and int32; predicates write bool. */
    static void binary(BinaryOp op, Strided out, Strided a, Strided b) {
        DType t = a.dtype();
        KernelSpec spec = switch (t) {
            case FLOAT32 -> BINARY_F32;
            case FLOAT64 -> BINARY_F64;
            case INT64 -> BINARY_I64;
            case INT32 -> BINARY_I32;
            default -> throw new IllegalArgumentException(op.opName() + ": no CUDA kernel for compute dtype " + t);
        };
        if (!t.isFloatingPoint() && !op.hasIntegerForm()) {
            throw new UnsupportedOperationException(op.opName() + " is not defined on integers");
        }
        long n = out.numel();
        if (n == 0) return;
        CudaIter it = CudaIter.pack(out.shape(), out, a, b);
        spec.launchElementwise(n, it.bytes(), op.ordinal(), out, a, b);
    }

    static final KernelSpec THRESHOLD_BACKWARD_F32 = KernelSpec.of("elementwise", "t4j_threshold_backward_f32", Param.PTR,
            Param.PTR, Param.PTR, Param.I64, Param.F32);
    static final KernelSpec THRESHOLD_BACKWARD_F64 = KernelSpec.of("elementwise", "t4j_threshold_backward_f64", Param.PTR,
            Param.PTR, Param.PTR, Param.I64, Param.F64);

    /**
     * {@link dev.torch4j.backend.Backend#thresholdBackward}: one pass over contiguous float32/float64 operands (the
     * composition is a comparison and a where); null for anything else.
     */
    static Storage thresholdBackward(Strided grad, Strided self, double threshold) {
        DType t = grad.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64 || self.dtype() != t || !grad.isContiguous() || !self.isContiguous()) {
            return null;
        }
        long n = grad.numel();
        CudaStorage out = CudaStorage.allocate(Cuda.device(grad), t, n, false);
        if (t == DType.FLOAT32) THRESHOLD_BACKWARD_F32.launchElementwise(n, grad, self, out, n, (float) threshold);
        else THRESHOLD_BACKWARD_F64.launchElementwise(n, grad, self, out, n, threshold);
        return out;
    }

    static final KernelSpec UNARY_BACKWARD_F32 = KernelSpec.of("elementwise", "t4j_unary_backward_f32", Param.I32, Param.PTR,
            Param.PTR, Param.PTR, Param.I64);
    static final KernelSpec UNARY_BACKWARD_F64 = KernelSpec.of("elementwise", "t4j_unary_backward_f64", Param.I32, Param.PTR,
            Param.PTR, Param.PTR, Param.I64);

    /**
     * {@link dev.torch4j.backend.Backend#unaryBackward}: GELU (both forms) and SiLU in one pass over contiguous
     * float32/float64 operands, where the composed backward launches 6-10 kernels; null for anything else.
     */
    static Storage unaryBackward(UnaryOp op, Strided grad, Strided self) {
        int code = switch (op) { case GELU -> 0; case GELU_TANH -> 1; case SILU -> 2; default -> -1; };
        DType t = grad.dtype();
        if (code < 0 || t != DType.FLOAT32 && t != DType.FLOAT64 || self.dtype() != t || !grad.isContiguous()
                || !self.isContiguous()) {
            return null;
        }
        long n = grad.numel();
        CudaStorage out = CudaStorage.allocate(Cuda.device(grad), t, n, false);
        (t == DType.FLOAT32 ? UNARY_BACKWARD_F32 : UNARY_BACKWARD_F64).launchElementwise(n, code, grad, self, out, n);
        return out;
    }

    /** {@code out = cond ? a : b}: cond bool, a, b and out of one dtype (moved by element size). */
    static void where(Strided out, Strided cond, Strided a, Strided b) {
        long n = out.numel();
        if (n == 0) return;
        CudaIter it = CudaIter.pack(out.shape(), out, cond, a, b);
        WHERE.launchElementwise(n, it.bytes(), out.dtype().itemSize(), out, cond, a, b);
    }
}
