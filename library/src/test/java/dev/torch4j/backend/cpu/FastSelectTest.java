package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * The vector {@code where} and comparisons ({@link FastSelect}) against element-by-element Java over runs whose
 * lengths leave scalar tails, with NaN, signed zeros and infinities, operands broadcast from one element, and both
 * float dtypes.
 */
class FastSelectTest {
    private static final int[] LENGTHS = {1, 15, 16, 17, 33, 1023, 40_000};

    private static double[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] specials = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5};
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(8) == 0 ? specials[r.nextInt(specials.length)] : r.nextInt(7) - 3;
        return v;
    }

    private static Tensor tensor(double[] v, DType t) { return Torch.tensor(v).to(t); }

    @Test
    void whereMatchesTheElementwiseChoice() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : LENGTHS) {
                double[] a = values(n, n), b = values(n, n + 1L), c = values(n, n + 2L);
                Tensor cond = tensor(c, t).gt(0.0), x = tensor(a, t), y = tensor(b, t);
                boolean[] m = new boolean[n];
                for (int i = 0; i < n; i++) m[i] = c[i] > 0;
                check(Torch.where(cond, x, y), i -> m[i] ? a[i] : b[i], t, "where " + t + " n=" + n);
                check(Torch.where(cond, x, Torch.tensor(-7.0).to(t)), i -> m[i] ? a[i] : -7.0, t, "where scalar b, n=" + n);
                check(Torch.where(cond, Torch.tensor(2.5).to(t), y), i -> m[i] ? 2.5 : b[i], t, "where scalar a, n=" + n);
                check(x.maskedFill(cond, 9.0), i -> m[i] ? 9.0 : a[i], t, "masked_fill n=" + n);
            }
        }
    }

    @Test
    void comparisonsMatchJava() {
        String[] names = {"eq", "ne", "lt", "le", "gt", "ge"};
        java.util.List<BiPredicate<Double, Double>> ops = java.util.List.of((p, q) -> p.doubleValue() == q.doubleValue(),
                (p, q) -> p.doubleValue() != q.doubleValue(), (p, q) -> p < q, (p, q) -> p <= q, (p, q) -> p > q, (p, q) -> p >= q);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : LENGTHS) {
                double[] a = values(n, 3L * n), b = values(n, 3L * n + 1);
                Tensor x = tensor(a, t), y = tensor(b, t);
                for (int k = 0; k < names.length; k++) {
                    BiPredicate<Double, Double> op = ops.get(k);
                    Tensor r = switch (k) {
                        case 0 -> x.eq(y); case 1 -> x.ne(y); case 2 -> x.lt(y); case 3 -> x.le(y); case 4 -> x.gt(y); default -> x.ge(y);
                    };
                    Tensor rs = switch (k) {
                        case 0 -> x.eq(0.0); case 1 -> x.ne(0.0); case 2 -> x.lt(0.0); case 3 -> x.le(0.0); case 4 -> x.gt(0.0); default -> x.ge(0.0);
                    };
                    boolean[] got = r.toBooleanArray(), gotScalar = rs.toBooleanArray();
                    for (int i = 0; i < n; i++) {
                        assertEquals(op.test(a[i], b[i]), got[i], names[k] + " " + t + " (" + a[i] + ", " + b[i] + ")");
                        assertEquals(op.test(a[i], 0.0), gotScalar[i], names[k] + " " + t + " (" + a[i] + ", 0)");
                    }
                }
            }
        }
    }

    private static void check(Tensor got, java.util.function.IntToDoubleFunction want, DType t, String what) {
        double[] g = got.to(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            double w = t == DType.FLOAT32 ? (float) want.applyAsDouble(i) : want.applyAsDouble(i);
            assertEquals(Double.doubleToLongBits(w), Double.doubleToLongBits(g[i]), what + " at " + i);
        }
    }
}
