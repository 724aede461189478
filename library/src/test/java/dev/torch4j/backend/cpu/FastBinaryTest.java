package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The loops of {@link FastBinary} give the generic loop's bits: each op on unit-stride operands (also a scalar first
 * or second) against the same values read through a stride of 2, which takes the generic loop; both float dtypes,
 * specials included, lengths leaving scalar tails.
 */
class FastBinaryTest {
    private static final double[] SPECIALS = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        1.0, -1.0, 0.5, -2.5, 3.0, -7.0, 1e-3};

    private static final List<String> NAMES = List.of("add", "sub", "mul", "div", "maximum", "minimum", "pow", "atan2",
            "remainder", "floor_divide");
    private static final List<BinaryOperator<Tensor>> OPS = List.of(Tensor::add, Tensor::sub, Tensor::mul, Tensor::div,
            Tensor::maximum, Tensor::minimum, Tensor::pow, Tensor::atan2, Tensor::remainder, Tensor::floorDivide);

    private static Tensor values(int n, long seed, DType t) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[2 * n];
        for (int i = 0; i < n; i++) {
            v[2 * i] = r.nextInt(5) == 0 ? SPECIALS[r.nextInt(SPECIALS.length)] : Math.round(r.nextGaussian() * 40) / 8.0;
        }
        return Torch.tensor(v, TensorOptions.DEFAULT.dtype(DType.FLOAT64)).to(t).view(n, 2).select(1, 0);   // stride 2
    }

    @Test
    void sameBitsAsTheGenericLoop() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {1, 15, 17, 40, 1000}) {
                Tensor a = values(n, n, t), b = values(n, n + 7L, t), s = Torch.tensor(-1.5).to(t), s2 = Torch.tensor(2.0).to(t);
                for (int k = 0; k < OPS.size(); k++) {
                    BinaryOperator<Tensor> op = OPS.get(k);
                    String what = NAMES.get(k) + " " + t + " n=" + n;
                    same(op.apply(a, b), op.apply(a.contiguous(), b.contiguous()), what);
                    same(op.apply(s, b), op.apply(s, b.contiguous()), what + " scalar first");
                    same(op.apply(s2, b), op.apply(s2, b.contiguous()), what + " scalar 2 first");
                    same(op.apply(a, s), op.apply(a.contiguous(), s), what + " scalar second");
                }
            }
        }
    }

    @Test
    void oneClampPassGivesTheTwoPassesBits() {
        // contiguous input: CpuFused.clamp; a stride-2 view: maximum then minimum
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {1, 17, 1000}) {
                Tensor a = values(n, 99L + n, t);
                for (double[] b : new double[][] {{-1.0, 2.0}, {0.5, 0.5}, {3.0, -3.0}, {-0.0, 0.0}, {Double.NEGATIVE_INFINITY, 1.0}}) {
                    same(a.clamp(b[0], b[1]), a.contiguous().clamp(b[0], b[1]), "clamp" + java.util.Arrays.toString(b) + " " + t + " n=" + n);
                }
            }
        }
        // PyTorch: tensor([-2.]).clamp(-0.0, 0.0) is tensor([-0.]), and torch.full((), -0.0) keeps the sign
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Torch.tensor(new float[] {-2f}).clamp(-0.0, 0.0).toFloatArray()[0]));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Torch.full(new long[0], -0.0).toFloatArray()[0]));
    }

    private static void same(Tensor want, Tensor got, String what) {
        double[] w = want.to(DType.FLOAT64).toDoubleArray(), g = got.to(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < w.length; i++) {
            assertEquals(Double.doubleToRawLongBits(w[i]), Double.doubleToRawLongBits(g[i]), what + " at " + i);
        }
    }
}
