package dev.torch4j.backend.cuda;

/**
 * The kind of one kernel parameter, as it appears in PTX ({@code .u64}, {@code .u32}, {@code .f32}, {@code .f64}, or
 * a {@code .b8} array for a struct passed by value). KernelSignatureTest checks every declaration against the PTX.
 *
 * @param ptxType "u64", "u32", "f32", "f64" or "b8"
 * @param size    size in bytes
 */
public record Param(String ptxType, int size) {
    /** A device pointer (passed as a Long). */
    public static final Param PTR = new Param("u64", 8);
    /** A C int (Integer). */
    public static final Param I32 = new Param("u32", 4);
    /** A C long long (Long). */
    public static final Param I64 = new Param("u64", 8);
    public static final Param F32 = new Param("f32", 4);
    public static final Param F64 = new Param("f64", 8);
    /** t4j.cuh's Iter, built by {@link CudaIter}. */
    public static final Param ITER = struct(CudaIter.BYTES);

    /** A struct of {@code bytes} bytes passed by value (a byte[] of exactly that length). */
    public static Param struct(int bytes) { return new Param("b8", bytes); }
}
