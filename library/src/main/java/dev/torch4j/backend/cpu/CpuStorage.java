package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.Storage;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * CPU storage: a primitive Java array of the dtype's carrier (DESIGN.md §7). Wrapping a user's array shares it.
 */
public final class CpuStorage extends Storage {
    private final Object array;
    /** Allocated here, not a caller's array: only such arrays may be recycled (a wrapped one may be in use). */
    private final boolean allocated;

    private CpuStorage(DType dtype, Object array, long numel, boolean allocated) {
        super(dtype, numel);
        this.array = array;
        this.allocated = allocated;
    }

    /** A new zero-filled storage (its array may be one autograd proved dead: {@link CpuRecycler}). */
    public static CpuStorage allocate(DType dtype, int numel) {
        Object reused = CpuRecycler.take(carrier(dtype), numel);
        if (reused != null) return new CpuStorage(dtype, reused, numel, true);
        Object arr = switch (dtype) {
            case COMPLEX64, COMPLEX128 -> throw new IllegalArgumentException("complex dtypes reach this code only through their real view");
            case QUINT8, QINT8, QINT32, QUINT4X2 -> throw new IllegalArgumentException("quantized dtypes reach this code only through their integer view");
            case FLOAT32 -> new float[numel];
            case FLOAT64 -> new double[numel];
            case INT64 -> new long[numel];
            case INT32 -> new int[numel];
            case INT16, FLOAT16, BFLOAT16 -> new short[numel];
            case INT8, UINT8, BOOL -> new byte[numel];
        };
        return new CpuStorage(dtype, arr, numel, true);
    }

    /**
     * Storages over arrays wrapped so far, while the array lives (arrays hash by identity); the storage is held
     * weakly, since it holds its array and would otherwise keep the key alive.
     */
    private static final Map<Object, WeakReference<CpuStorage>> WRAPPED = new WeakHashMap<>();

    /**
     * Wraps an existing array without copying; its component type must be the dtype's carrier. Wrapping the same
     * array again as the same dtype, while a storage over it lives, gives that storage: tensors over one array are
     * then aliases to every op, as views are (an {@code out=} over an input is read from a copy or refused as a
     * partial overlap, never read while written). Over one array as two dtypes (int8 and uint8 of a byte[]), the
     * two storages are not known to alias.
     */
    public static CpuStorage wrap(DType dtype, Object array) {
        int len = java.lang.reflect.Array.getLength(array);
        Class<?> want = carrier(dtype);
        if (array.getClass().getComponentType() != want) {
            throw new IllegalArgumentException("a " + dtype + " storage needs a " + want.getName() + "[] array, got "
                    + array.getClass().getSimpleName());
        }
        synchronized (WRAPPED) {
            WeakReference<CpuStorage> ref = WRAPPED.get(array);
            CpuStorage s = ref == null ? null : ref.get();
            if (s != null && s.dtype() == dtype) return s;
            s = new CpuStorage(dtype, array, len, false);
            WRAPPED.put(array, new WeakReference<>(s));
            return s;
        }
    }

    /** The primitive type that holds elements of a dtype on the CPU. */
    public static Class<?> carrier(DType dtype) {
        return switch (dtype) {
            case COMPLEX64, COMPLEX128 -> throw new IllegalArgumentException("complex dtypes reach this code only through their real view");
            case QUINT8, QINT8, QINT32, QUINT4X2 -> throw new IllegalArgumentException("quantized dtypes reach this code only through their integer view");
            case FLOAT32 -> float.class;
            case FLOAT64 -> double.class;
            case INT64 -> long.class;
            case INT32 -> int.class;
            case INT16, FLOAT16, BFLOAT16 -> short.class;
            case INT8, UINT8, BOOL -> byte.class;
        };
    }

    /** Hands the array to this thread's {@link CpuRecycler}: the caller guarantees nothing references it any more. */
    @Override
    public void recycle() {
        if (allocated) CpuRecycler.give(array);
    }

    /** The backing array (float[], double[], long[], int[], short[] or byte[]). */
    public Object array() { return array; }

    /** Element {@code i} as a double (exact for every floating dtype). */
    public double getDouble(int i) { return CpuAccess.getD(array, dtype(), i); }

    /** Element {@code i} as a long (exact for integer and bool dtypes). */
    public long getLong(int i) { return CpuAccess.getL(array, dtype(), i); }

    @Override public Device device() { return Device.CPU; }

    @Override public Backend backend() { return CpuBackend.INSTANCE; }
}
