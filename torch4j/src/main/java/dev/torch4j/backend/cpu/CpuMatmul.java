package dev.torch4j.backend.cpu;

import dev.torch4j.backend.Strided;

/** Batched matmul on the CPU. (Placeholder until the GEMM work lands.) */
final class CpuMatmul {
    private CpuMatmul() {}

    static void bmm(Strided out, Strided a, Strided b) {
        throw new UnsupportedOperationException("bmm is not implemented yet");
    }
}
