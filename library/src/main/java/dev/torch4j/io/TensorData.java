package dev.torch4j.io;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.backend.ComplexStorage;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Shapes;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Moves tensor elements between file bytes and the CPU storage's Java array (DESIGN.md §7: a CPU storage is a
 * primitive array of the dtype's carrier). Decoding copies straight from a (possibly memory-mapped) segment into a
 * new array with {@link MemorySegment#copy}, swapping bytes on the way when the file's order is not the array's;
 * encoding goes through one reusable direct buffer, so neither direction makes a second copy of the data.
 *
 * <p>A complex dtype's carrier is its part type's array of twice the length (re, im interleaved, as every format
 * stores complex numbers), so complex elements are moved as pairs of real ones; element counts and offsets stay in
 * complex elements at this class's boundary.
 */
final class TensorData {
    private TensorData() {}

    /** The largest Java array: JVMs refuse a few elements below Integer.MAX_VALUE. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final int CHUNK = 1 << 20;

    /** Writes encoded bytes somewhere (a file channel, a zip entry, a CRC). */
    interface ByteSink {
        /** Consumes all remaining bytes of {@code src}. */
        void write(ByteBuffer src) throws IOException;
    }

    /**
     * The element count of {@code shape}, or an IOException when a dim is negative, the product overflows, or it
     * is too large for one Java array ({@code what} names the tensor in the message).
     */
    static long numel(long[] shape, String what) throws IOException {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IOException(what + ": negative dimension " + d + " in shape " + Shapes.str(shape));
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IOException(what + ": shape " + Shapes.str(shape) + " has more elements than a long can count");
            }
        }
        return n;
    }

    /** {@code numel * itemSize} with overflow reported as an IOException. */
    static long nbytes(long numel, DType dtype, String what) throws IOException {
        try {
            return Math.multiplyExact(numel, (long) dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new IOException(what + ": " + numel + " elements of " + dtype + " overflow a byte count");
        }
    }

    /** Throws unless {@code numel} elements fit in one Java array (a torch4j CPU storage). */
    static int checkArraySize(long numel, DType dtype, String what) throws IOException {
        if (dtype.isComplex() && numel > MAX_ARRAY / 2) {
            throw new IOException(what + ": " + numel + " elements of " + dtype + " need " + 2 * numel + " " + dtype.toReal()
                    + " parts, more than the largest Java array (" + MAX_ARRAY + " elements), which is torch4j's limit for one "
                    + "CPU storage");
        }
        if (numel > MAX_ARRAY) {
            throw new IOException(what + ": " + numel + " elements of " + dtype + " exceed the largest Java array ("
                    + MAX_ARRAY + " elements), which is torch4j's limit for one CPU storage");
        }
        return (int) numel;
    }

    private static ValueLayout layout(DType dtype, ByteOrder order) {
        return switch (dtype) {
            case COMPLEX64, COMPLEX128 -> throw new IllegalArgumentException("complex dtypes reach this code only through their real view");
            case QUINT8, QINT8, QINT32, QUINT4X2 -> throw new IllegalArgumentException("quantized dtypes reach this code only through their integer view");
            case FLOAT32 -> ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order);
            case FLOAT64 -> ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order);
            case INT64 -> ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
            case INT32 -> ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
            case INT16, FLOAT16, BFLOAT16 -> ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
            case INT8, UINT8, BOOL -> ValueLayout.JAVA_BYTE;
        };
    }

    /**
     * A new carrier array (of the parts, for a complex dtype) holding {@code numel} elements read from {@code src} at {@code offset} in the given byte
     * order. The caller has checked that the bytes lie inside {@code src}. Bool bytes are normalised to 0/1 (any
     * nonzero byte is true, as NumPy and PyTorch read them).
     */
    static Object decode(MemorySegment src, long offset, DType dtype, int numel, ByteOrder order) {
        Object array = CpuStorage.allocate(dtype.toReal(), dtype.isComplex() ? 2 * numel : numel).array();
        decodeInto(src, offset, dtype, order, array, 0, numel);
        return array;
    }

    /**
     * Decodes {@code count} elements from {@code src} at byte {@code offset} into {@code array} from element
     * {@code from} on: one chunk of a streamed (decompressed) file. Bool bytes are normalised to 0/1.
     */
    static void decodeInto(MemorySegment src, long offset, DType dtype, ByteOrder order, Object array, int from, int count) {
        if (dtype.isComplex()) {
            decodeInto(src, offset, dtype.toReal(), order, array, 2 * from, 2 * count);
            return;
        }
        MemorySegment.copy(src, layout(dtype, order), offset, array, from, count);
        if (dtype == DType.BOOL) {
            byte[] b = (byte[]) array;
            for (int i = from; i < from + count; i++) if (b[i] != 0) b[i] = 1;
        }
    }

    /** A tensor over a freshly decoded carrier array. */
    static Tensor wrap(Object array, DType dtype, long[] shape, long[] strides, long offset) {
        return Tensor.wrap(storage(dtype, array), shape.clone(), strides.clone(), offset);
    }

    /** The CPU storage of {@code dtype} over a freshly decoded carrier array (a complex storage over its parts). */
    static Storage storage(DType dtype, Object array) {
        return dtype.isComplex() ? new ComplexStorage(CpuStorage.wrap(dtype.toReal(), array)) : CpuStorage.wrap(dtype, array);
    }

    /** A contiguous CPU tensor with {@code t}'s values (t itself when it already is one), outside autograd. */
    static Tensor contiguousCpu(Tensor t) {
        Tensor d = t.detach();
        if (!d.device().equals(Device.CPU)) d = d.cpu();
        return d.isContiguous() ? d : d.contiguous();
    }

    /** The carrier array of a CPU tensor. */
    static Object array(Tensor cpu) {
        Storage s = cpu.storage();
        return ((CpuStorage) (s instanceof ComplexStorage c ? c.real() : s)).array();
    }

    /**
     * Encodes {@code count} elements of a carrier array, starting at element {@code from}, in the given byte order
     * (complex elements as their two parts).
     */
    static void encode(Object array, DType dtype, long from, long count, ByteOrder order, ByteSink sink) throws IOException {
        if (dtype.isComplex()) {
            encode(array, dtype.toReal(), 2 * from, 2 * count, order, sink);
            return;
        }
        if (count == 0) return;
        int item = dtype.itemSize();
        ValueLayout layout = layout(dtype, order);
        int perChunk = (int) Math.min(count, CHUNK / item);
        ByteBuffer buf = ByteBuffer.allocateDirect(perChunk * item);
        MemorySegment seg = MemorySegment.ofBuffer(buf);
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(perChunk, count - done);
            MemorySegment.copy(array, (int) (from + done), seg, layout, 0, n);
            buf.clear().limit(n * item);
            sink.write(buf);
            done += n;
        }
    }

    /** Encodes every element of a tensor in row-major order (copying it contiguous first when needed). */
    static void encode(Tensor t, ByteOrder order, ByteSink sink) throws IOException {
        Tensor c = contiguousCpu(t);
        encode(array(c), c.dtype(), c.storageOffset(), c.numel(), order, sink);
    }
}
