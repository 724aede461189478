package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;

/**
 * Random fills on the GPU ({@code random.cu}): counter-based Philox4x32-10 keyed by the device generator's seed,
 * one generator offset per fill, element {@code i} drawn from counter block {@code i / 4} (or {@code i / 2} for
 * 64-bit draws). The values depend only on the seed, the number of fills before and the element's index: the same
 * on every GPU and for any launch configuration. They differ from PyTorch's CUDA values, which depend on the GPU's
 * SM count through its grid size.
 */
public final class CudaRandom {
    /** What a fill draws; the order matches the T4J_RAND_* codes in random.cu. */
    public enum Kind { UNIFORM, NORMAL, FROM_TO, BERNOULLI }

    static final KernelSpec RANDOM = KernelSpec.of("random", "t4j_random", Param.I64, Param.I32, Param.I32, Param.I32,
            Param.I64, Param.I64, Param.F64, Param.F64, Param.I64, Param.I64, Param.PTR);

    private CudaRandom() {}

    /**
     * Fills the contiguous {@code out} with {@code kind} draws: UNIFORM in [a, b), NORMAL with mean a and std b,
     * BERNOULLI with p = a, FROM_TO integers in [lo, lo + range) ({@code range} read as unsigned, at least 1).
     */
    public static void fill(Strided out, Kind kind, double a, double b, long lo, long range) {
        if (!out.isContiguous()) throw new IllegalArgumentException("CUDA random fill: the output must be contiguous");
        long n = out.numel();
        if (n == 0) return;
        CudaStorage s = (CudaStorage) out.storage();
        CudaRuntime.use(s.deviceIndex());
        long[] state = CudaGenerator.of(s.deviceIndex()).next();
        boolean wide = switch (kind) {
            case UNIFORM, NORMAL -> out.dtype() == DType.FLOAT64;
            case FROM_TO -> Long.compareUnsigned(range, 1L << 32) > 0;
            case BERNOULLI -> false;
        };
        if (kind == Kind.FROM_TO && range == 0) throw new IllegalArgumentException("CUDA random fill: empty range");
        long perBlock = wide ? 2 : 4;
        long blocks = (n + perBlock - 1) / perBlock;
        RANDOM.launchElementwise(blocks, n, kind.ordinal(), out.dtype().ordinal(), wide ? 1 : 0, state[0], state[1], a, b,
                lo, range, out);
    }
}
