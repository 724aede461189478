package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Defaults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code torch.frombuffer} and {@code torch.from_file}: tensors over raw bytes. The CPU's memory is Java arrays, so
 * a tensor shares a buffer's memory exactly when the buffer is an array of the dtype's carrier type (and, for a
 * {@link ByteBuffer}, a writable heap buffer with a one-byte dtype); other bytes are decoded into a new array in the
 * platform's byte order, as PyTorch reads memory.
 */
public final class Buffers {
    private Buffers() {}

    /** {@code torch.frombuffer(buffer, dtype, count, offset)}: see {@code Torch.frombuffer}. */
    public static Tensor frombuffer(Object buffer, DType dtype, long count, long offset) {
        if (dtype.isComplex()) {
            // a complex element is two reals: read the reals, then view them as complex (still shared when they are)
            long realCount = count < 0 ? count : count * 2;
            checkedCount(byteLength(buffer), dtype.itemSize(), count, offset);
            return ComplexOps.viewAsComplex(frombuffer(buffer, dtype.toReal(), realCount, offset).view(-1, 2));
        }
        long len = byteLength(buffer);
        long actual = checkedCount(len, dtype.itemSize(), count, offset);
        int esize = dtype.itemSize();
        Object array = buffer instanceof ByteBuffer bb ? sharedArray(bb, esize) : buffer;
        long base = buffer instanceof ByteBuffer bb && array != null ? bb.arrayOffset() + bb.position() : 0;
        if (array != null && array.getClass().getComponentType() == CpuStorage.carrier(dtype) && (base + offset) % esize == 0) {
            CpuStorage s = CpuStorage.wrap(dtype, array);
            return Tensor.wrap(s, new long[] {actual}, new long[] {1}, (base + offset) / esize);
        }
        ByteBuffer bytes = bytesOf(buffer).position(Math.toIntExact(offset)).slice().order(ByteOrder.nativeOrder());
        return Creation.wrap(decode(bytes, dtype, Math.toIntExact(actual)), new long[] {actual}, dtype);
    }

    /** PyTorch's checks, in its order and words; returns the element count. */
    private static long checkedCount(long len, int esize, long count, long offset) {
        if (len <= 0 || count == 0) {
            throw new IllegalArgumentException("both buffer length (" + len + ") and count (" + count + ") must not be 0");
        }
        if (offset < 0 || offset >= len) {
            throw new IllegalArgumentException("offset (" + offset + " bytes) must be non-negative and no greater than buffer length ("
                    + len + " bytes) minus 1");
        }
        if (count < 0 && (len - offset) % esize != 0) {
            throw new IllegalArgumentException("buffer length (" + (len - offset) + " bytes) after offset (" + offset
                    + " bytes) must be a multiple of element size (" + esize + ")");
        }
        long actual = count < 0 ? (len - offset) / esize : count;
        if (offset + actual * esize > len) {
            throw new IllegalArgumentException("requested buffer length (" + actual + " * " + esize + " bytes) after offset (" + offset
                    + " bytes) must not be greater than actual buffer length (" + len + " bytes)");
        }
        return actual;
    }

    private static long byteLength(Object buffer) {
        if (buffer instanceof ByteBuffer bb) return bb.remaining();
        if (buffer == null || !buffer.getClass().isArray() || !buffer.getClass().getComponentType().isPrimitive()
                || buffer instanceof boolean[] || buffer instanceof char[]) {
            throw new IllegalArgumentException("frombuffer: expected a ByteBuffer or a byte[], short[], int[], long[], float[] or double[]"
                    + " array, got " + (buffer == null ? "null" : buffer.getClass().getSimpleName()));
        }
        return (long) java.lang.reflect.Array.getLength(buffer) * carrierBytes(buffer.getClass().getComponentType());
    }

    private static int carrierBytes(Class<?> c) {
        return c == byte.class ? 1 : c == short.class ? 2 : c == int.class || c == float.class ? 4 : 8;
    }

    /** A heap buffer's array, when a tensor may share it: writable, and read as bytes. */
    private static Object sharedArray(ByteBuffer bb, int esize) {
        return bb.hasArray() && esize == 1 ? bb.array() : null;
    }

    /** The buffer's bytes (from its position, for a ByteBuffer) in the platform's order. */
    private static ByteBuffer bytesOf(Object buffer) {
        if (buffer instanceof ByteBuffer bb) return bb.slice();
        int n = java.lang.reflect.Array.getLength(buffer);
        ByteBuffer b = ByteBuffer.allocate(n * carrierBytes(buffer.getClass().getComponentType())).order(ByteOrder.nativeOrder());
        switch (buffer) {
            case byte[] a -> b.put(a);
            case short[] a -> b.asShortBuffer().put(a);
            case int[] a -> b.asIntBuffer().put(a);
            case long[] a -> b.asLongBuffer().put(a);
            case float[] a -> b.asFloatBuffer().put(a);
            case double[] a -> b.asDoubleBuffer().put(a);
            default -> throw new IllegalStateException("checked by byteLength");
        }
        return b.rewind();
    }

    /** n elements of dtype from b (in b's order) as the dtype's carrier array. */
    private static Object decode(ByteBuffer b, DType dtype, int n) {
        Class<?> c = CpuStorage.carrier(dtype);
        if (c == byte.class) {
            byte[] a = new byte[n];
            b.get(a);
            return a;
        } else if (c == short.class) {
            short[] a = new short[n];
            b.asShortBuffer().get(a);
            return a;
        } else if (c == int.class) {
            int[] a = new int[n];
            b.asIntBuffer().get(a);
            return a;
        } else if (c == long.class) {
            long[] a = new long[n];
            b.asLongBuffer().get(a);
            return a;
        } else if (c == float.class) {
            float[] a = new float[n];
            b.asFloatBuffer().get(a);
            return a;
        }
        double[] a = new double[n];
        b.asDoubleBuffer().get(a);
        return a;
    }

    /** {@code torch.from_file(filename, shared, size, dtype)}: see {@code Torch.fromFile}. */
    public static Tensor fromFile(String filename, boolean shared, long size, DType dtype) {
        if (shared) {
            throw new UnsupportedOperationException("from_file: shared=True is not supported: a CPU tensor's memory is a Java array, "
                    + "which cannot map a file (read it with shared=False and write changes back yourself)");
        }
        DType d = dtype != null ? dtype : Defaults.floatDType();
        long need = size * d.itemSize();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of(filename))) {
            bytes = in.readNBytes(Math.toIntExact(need));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("unable to open file <" + filename + "> in read-only mode: No such file or directory (2)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("unable to open file <" + filename + "> in read-only mode: " + e.getMessage(), e);
        }
        if (bytes.length < need) {
            throw new IllegalArgumentException("file <" + filename + "> size is smaller than the required mapping size <" + need + ">");
        }
        if (size == 0) return dev.torch4j.Torch.zeros(dev.torch4j.Size.of(0), dev.torch4j.Torch.dtype(d));
        return frombuffer(bytes, d, size, 0); // bytes is this call's own array: sharing it is safe
    }
}
