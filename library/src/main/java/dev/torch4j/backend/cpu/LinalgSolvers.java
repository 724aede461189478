package dev.torch4j.backend.cpu;

/** Which implementation runs the CPU's matrix factorizations; the switch lets tests run the Java fallback too. */
public final class LinalgSolvers {
    private LinalgSolvers() {}

    /** Makes the factorizations use the Java fallback ({@code true}) or LAPACK when available ({@code false}). */
    public static void useJava(boolean java) { CpuLinalg.forceJava = java; }

    /** What runs them now: "LAPACK (OpenBLAS at ...)" or "Java". */
    public static String describe() {
        return CpuLinalg.solver() instanceof Lapack ? "LAPACK (OpenBLAS at " + OpenBlas.loadedFrom() + ")" : "Java";
    }

    /** What runs the complex factorizations now: "LAPACK (OpenBLAS at ...)" (its c/z routines) or "Java". */
    public static String describeComplex() {
        return CpuLinalg.complexSolver() instanceof ComplexLapack ? "LAPACK (OpenBLAS at " + OpenBlas.loadedFrom() + ")" : "Java";
    }
}
