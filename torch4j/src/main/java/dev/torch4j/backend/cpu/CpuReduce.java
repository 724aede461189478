package dev.torch4j.backend.cpu;

import dev.torch4j.backend.ReduceOp;
import dev.torch4j.backend.Strided;

/** Reductions over dims. (Placeholder until the reductions work lands; see CpuReduce in the reductions change.) */
final class CpuReduce {
    private CpuReduce() {}

    static void reduce(ReduceOp op, Strided out, Strided in, boolean[] reduce) {
        throw new UnsupportedOperationException("reduce " + op + " is not implemented yet");
    }
}
