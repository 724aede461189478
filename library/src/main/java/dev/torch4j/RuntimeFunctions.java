package dev.torch4j;

import dev.torch4j.backend.Storage;
import dev.torch4j.core.Warnings;
import dev.torch4j.ops.Buffers;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code torch.*} functions about memory and the runtime rather than values: {@code frombuffer},
 * {@code from_file}, {@code is_storage}, the inter-op thread count, {@code set_flush_denormal} and the warn-always
 * switch. Inherited by {@link Torch}.
 */
abstract class RuntimeFunctions extends ViewCopyFunctions {
    RuntimeFunctions() {}

    // ---------------------------------------------------------------- tensors over bytes

    /** {@code torch.frombuffer(buffer, dtype=dtype)}: all of the buffer; see {@link #frombuffer(Object, DType, long, long)}. */
    public static Tensor frombuffer(Object buffer, DType dtype) { return Buffers.frombuffer(buffer, dtype, -1, 0); }

    /**
     * {@code torch.frombuffer(buffer, dtype=, count=, offset=)}: a 1-D tensor of {@code count} elements (-1: all that
     * fit) read from {@code offset} bytes into {@code buffer}, which is a {@code byte[]}, {@code short[]},
     * {@code int[]}, {@code long[]}, {@code float[]}, {@code double[]} or a {@link java.nio.ByteBuffer} (from its
     * position).
     *
     * <p>Shared memory: the tensor is a view of the buffer itself (writes go both ways, as PyTorch's do) when the
     * buffer is an array of the dtype's carrier ({@code float[]} for float32, {@code double[]} for float64,
     * {@code long[]} for int64, {@code int[]} for int32, {@code short[]} for int16/float16/bfloat16, {@code byte[]}
     * for int8/uint8/bool; complex dtypes over their real dtype's array) with an offset that is a whole number of
     * elements, or a writable heap {@code ByteBuffer} with a one-byte dtype. Otherwise (reinterpreting one
     * primitive type as another, a direct or read-only buffer) the elements are copied, decoded in the platform's
     * byte order (little-endian on x86 and ARM), which is how PyTorch reads memory.
     *
     * @throws IllegalArgumentException with PyTorch's message for an empty buffer, a zero count, an offset outside
     *                                  the buffer, a length that is no multiple of the element size, or a count
     *                                  that does not fit
     */
    public static Tensor frombuffer(Object buffer, DType dtype, long count, long offset) {
        return Buffers.frombuffer(buffer, dtype, count, offset);
    }

    /**
     * {@code torch.from_file(filename, shared, size, dtype=)}: {@code size} elements of dtype (null: the default
     * floating dtype) read from the start of the file in the platform's byte order. Only {@code shared=False} is
     * offered: the tensor is a copy, and writing it leaves the file alone, as PyTorch's does. {@code shared=True}
     * (writes reaching the file) throws {@link UnsupportedOperationException}: CPU memory here is a Java array, which
     * cannot map a file.
     *
     * @throws IllegalArgumentException with PyTorch's message when the file is shorter than {@code size} elements
     * @throws java.io.UncheckedIOException when the file cannot be opened
     */
    public static Tensor fromFile(String filename, boolean shared, long size, DType dtype) {
        return Buffers.fromFile(filename, shared, size, dtype);
    }

    /** {@code torch.from_file(filename, shared=False, size)}: of the default floating dtype. */
    public static Tensor fromFile(String filename, long size) { return Buffers.fromFile(filename, false, size, null); }

    /** {@code torch.is_storage(obj)}: whether obj is a tensor's storage ({@link Tensor#storage()}). */
    public static boolean isStorage(Object obj) { return obj instanceof Storage; }

    // ---------------------------------------------------------------- runtime settings

    private static final AtomicInteger INTEROP_THREADS = new AtomicInteger(-1);

    /**
     * {@code torch.get_num_interop_threads()}: PyTorch's pool for running independent ops concurrently (TorchScript's
     * {@code fork}). torch4j has no such pool (ops run on the calling thread, split over
     * {@link Torch#getNumThreads()} intra-op threads), so this is the number recorded by
     * {@link #setNumInteropThreads}, by default the processor count as PyTorch's default is; it changes nothing.
     */
    public static int getNumInteropThreads() {
        int n = INTEROP_THREADS.get();
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }

    /**
     * {@code torch.set_num_interop_threads(n)}: records n (see {@link #getNumInteropThreads()}); as in PyTorch, only
     * once per process.
     *
     * @throws IllegalArgumentException when n is not positive
     * @throws IllegalStateException    on a second call, with PyTorch's message
     */
    public static void setNumInteropThreads(int n) {
        if (n <= 0) throw new IllegalArgumentException("set_num_interop_threads expects a positive integer");
        if (!INTEROP_THREADS.compareAndSet(-1, n)) {
            throw new IllegalStateException("Error: cannot set number of interop threads after parallel work has started or "
                    + "set_num_interop_threads called");
        }
    }

    /**
     * {@code torch.set_flush_denormal(mode)}: always {@code false}, PyTorch's answer where the CPU cannot flush
     * denormals: Java code cannot set the processor's FTZ/DAZ flags (the JVM keeps IEEE 754 subnormals), so
     * subnormal values stay as they are either way.
     */
    public static boolean setFlushDenormal(boolean mode) { return false; }

    /**
     * {@code torch.set_warn_always(b)}: with true, the warnings PyTorch gives once per process (a loss's
     * broadcasting target size, kl_div's 'mean') are logged every time.
     */
    public static void setWarnAlways(boolean b) { Warnings.setWarnAlways(b); }

    /** {@code torch.is_warn_always_enabled()}. */
    public static boolean isWarnAlwaysEnabled() { return Warnings.isWarnAlwaysEnabled(); }
}
