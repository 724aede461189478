package dev.torch4j.benchmarks;

import dev.torch4j.backend.cpu.Gemm;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square C = A*B through {@link Gemm}: {@code auto} is the dispatching path (OpenBLAS where it loads),
 * {@code javaKernel} forks with {@code -Dtorch4j.blas=java}. GFLOP/s = 2 n^3 / time.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp CLASSPATH org.openjdk.jmh.Main MatmulBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MatmulBenchmark {
    @Param({"64", "256", "1024"})
    public int n;

    @Param({"float32", "float64"})
    public String dtype;

    private float[] fa, fb, fc;
    private double[] da, db, dc;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        int len = n * n;
        if (dtype.equals("float32")) {
            fa = new float[len];
            fb = new float[len];
            fc = new float[len];
            for (int i = 0; i < len; i++) {
                fa[i] = (float) r.nextDouble();
                fb[i] = (float) r.nextDouble();
            }
        } else {
            da = new double[len];
            db = new double[len];
            dc = new double[len];
            for (int i = 0; i < len; i++) {
                da[i] = r.nextDouble();
                db[i] = r.nextDouble();
            }
        }
    }

    private Object multiply() {
        if (fa != null) {
            Gemm.sgemm(false, false, n, n, n, 1f, fa, 0, n, fb, 0, n, 0f, fc, 0, n);
            return fc;
        }
        Gemm.dgemm(false, false, n, n, n, 1d, da, 0, n, db, 0, n, 0d, dc, 0, n);
        return dc;
    }

    /** OpenBLAS where it loads (the Java kernel otherwise). */
    @Benchmark
    public Object auto() {
        return multiply();
    }

    /** The pure-Java Vector API kernel. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Dtorch4j.blas=java"})
    public Object javaKernel() {
        return multiply();
    }
}
