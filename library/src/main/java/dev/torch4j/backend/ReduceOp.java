package dev.torch4j.backend;

/** Reduction primitives. */
public enum ReduceOp {
    SUM, PROD, MAX, MIN, ARGMAX, ARGMIN,
    /** True if any element is nonzero (writes bool). */
    ANY,
    /** True if all elements are nonzero (writes bool). */
    ALL
}
