package dev.torch4j.linalg;

import dev.torch4j.DType;
import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Matrices past the sizes where OpenBLAS's LU outgrows a Java thread's stack (see Lapack's Note [stack]): called from
 * a thread with a deliberately small stack, every factorization (real and complex) must still return (a crash here
 * takes the JVM down) and satisfy its identity.
 */
class LinalgLargeTest {
    private static final Linalg L = linalg();

    @Test
    void largeFactorizationsFromASmallStackThread() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64, DType.COMPLEX128}) {
                    manualSeed(3);
                    int n = dt.isComplex() ? 400 : 600;
                    Tensor a = randn(shape(n, n), dtype(dt)).add(eye(n, n, dtype(dt)).mul(8)), b = randn(shape(n, 2), dtype(dt));
                    double tol = dt.toReal() == DType.FLOAT32 ? 1e-3 : 1e-10;
                    Tensor x = L.solve(a, b);
                    assertTrue(a.matmul(x).sub(b).abs().max().item() < tol, dt + " solve residual");
                    var qr = L.qr(a);
                    assertTrue(qr.Q().matmul(qr.R()).sub(a).abs().max().item() < tol * 10, dt + " qr");
                    Tensor sym = a.add(a.mH());
                    var e = L.eigh(sym);
                    assertTrue(e.eigenvectors().mul(e.eigenvalues().unsqueeze(0)).sub(sym.matmul(e.eigenvectors())).abs().max().item()
                            < tol * 100, dt + " eigh");
                    Tensor s = L.svdvals(a);
                    assertEquals(n, s.size(0));
                    assertTrue(L.slogdet(a).logabsdet().isfinite().all().itemBool(), dt + " slogdet");
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertNull(failure.get(), () -> "failed: " + failure.get());
    }
}
