package dev.torch4j.ops;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;
import java.util.Arrays;

/**
 * PyTorch's rules for the {@code out=} argument of a function ({@code torch.add(a, b, out=c)}), shared by the op
 * families that take one. A function with out= writes its result into the given tensor and returns it; it is never
 * recorded for autograd.
 */
final class OutArgs {
    private OutArgs() {}

    /** PyTorch refuses out= while grad mode is on and an input or out requires grad (the write cannot be recorded). */
    static void checkNotRecording(String op, Tensor out, Tensor... inputs) {
        if (!GradMode.isEnabled()) return;
        boolean requires = out.requiresGrad();
        for (Tensor t : inputs) requires |= t.requiresGrad();
        if (requires) {
            throw new IllegalStateException(op + "(): functions with out=... arguments don't support automatic "
                    + "differentiation, but one of the arguments requires grad.");
        }
    }

    /** Elementwise ops name both devices as PyTorch's TensorIterator does. */
    static void checkSameDevice(String op, Device inputs, Tensor out) {
        if (!out.device().equals(inputs)) {
            throw new IllegalArgumentException(op + ": Expected all tensors to be on the same device, but found at least "
                    + "two devices, " + out.device() + " and " + inputs + "!");
        }
    }

    /**
     * torch4j writes into an out= tensor of the result's shape only. PyTorch resizes any other (with a deprecation
     * warning unless it was empty); torch4j tensors keep their shape for life, so it says what to pass instead.
     */
    static void checkShape(String op, long[] shape, Tensor out) {
        if (!Arrays.equals(shape, out.shapeArray())) {
            throw new IllegalArgumentException(op + ": out= tensor has shape " + Shapes.str(out.shapeArray())
                    + " but the result has shape " + Shapes.str(shape) + "; torch4j does not resize out= tensors "
                    + "(PyTorch resizes them, deprecated unless empty): pass a tensor of shape " + Shapes.str(shape));
        }
    }

    /**
     * PyTorch's refusal of an out= tensor that partly overlaps an input: same storage, both dense, memory ranges
     * that intersect without being the same elements in the same layout. Equal layouts are fine (the op is then
     * in-place), and so are layouts PyTorch cannot judge (not dense): their inputs are read from copies.
     */
    static void checkNoPartialOverlap(String op, Tensor out, Tensor... inputs) {
        for (Tensor in : inputs) {
            if (in.storage() != out.storage() || in.numel() == 0 || out.numel() == 0) continue;
            if (!nonOverlappingAndDense(in) || !nonOverlappingAndDense(out)) continue;
            long ib = in.storageOffset() * in.dtype().itemSize(), ie = ib + in.numel() * in.dtype().itemSize();
            long ob = out.storageOffset() * out.dtype().itemSize(), oe = ob + out.numel() * out.dtype().itemSize();
            boolean full = ib == ob && ie == oe && Arrays.equals(in.stride(), out.stride());
            if (!full && ib < oe && ob < ie) {
                throw new IllegalArgumentException(op + ": unsupported operation: some elements of the input tensor and "
                        + "the written-to tensor refer to a single memory location. Please clone() the tensor before "
                        + "performing the operation.");
            }
        }
    }

    /** True when the elements fill a block of memory with no gaps and no element twice, in some order of the dims. */
    static boolean nonOverlappingAndDense(Tensor t) {
        long[] sh = t.shapeArray(), st = t.stride();
        Integer[] dims = new Integer[sh.length];
        for (int i = 0; i < dims.length; i++) dims[i] = i;
        Arrays.sort(dims, (x, y) -> Long.compare(st[x], st[y]));
        long expected = 1;
        for (int d : dims) {
            if (sh[d] == 1) continue;
            if (st[d] != expected) return false;
            expected *= sh[d];
        }
        return true;
    }

    /** The C++ type name PyTorch's product out= checks print ({@code float}, {@code long int}). */
    static String cppName(dev.torch4j.DType t) {
        return switch (t) {
            case COMPLEX64 -> "c10::complex<float>";
            case COMPLEX128 -> "c10::complex<double>";
            case QUINT8 -> "c10::quint8";
            case QINT8 -> "c10::qint8";
            case QINT32 -> "c10::qint32";
            case QUINT4X2 -> "c10::quint4x2";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case FLOAT16 -> "c10::Half";
            case BFLOAT16 -> "c10::BFloat16";
            case INT64 -> "long int";
            case INT32 -> "int";
            case INT16 -> "short int";
            case INT8 -> "signed char";
            case UINT8 -> "unsigned char";
            case BOOL -> "bool";
        };
    }
}
