package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.backend.UnaryOp;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float64 unary loops ({@link FastLoopsD}) give the generic loop's bits: every op with a loop there, on
 * contiguous runs of several lengths (scalar tails) against the same values read through a stride of 2 (which takes
 * the generic loop), specials included.
 */
class FastLoopsDTest {
    private static final double[] SPECIALS = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 0.5, -0.5, 2.5, -2.5, 1e308, 710, -746};

    @Test
    void sameBitsAsTheGenericLoop() {
        SplittableRandom r = new SplittableRandom(11);
        int covered = 0;
        for (UnaryOp op : UnaryOp.values()) {
            if (op.predicate || !FastLoopsD.unary(op, 1, new double[1], 0, new double[] {0.5}, 0)) continue;
            covered++;
            for (int n : new int[] {1, 7, 9, 17, 1000}) {
                double[] v = new double[2 * n];
                for (int i = 0; i < n; i++) {
                    v[2 * i] = i < SPECIALS.length ? SPECIALS[i] : r.nextInt(4) == 0 ? r.nextGaussian() * 1e3 : r.nextGaussian() * 3;
                }
                Tensor strided = Torch.tensor(v, dev.torch4j.TensorOptions.DEFAULT.dtype(DType.FLOAT64)).view(n, 2).select(1, 0);   // stride 2: generic loop
                Tensor contiguous = strided.contiguous();
                double[] want = apply(op, strided).toDoubleArray(), got = apply(op, contiguous).toDoubleArray();
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                            op + "(" + strided.toDoubleArray()[i] + ") n=" + n);
                }
            }
        }
        assertTrue(covered >= 20, "ops covered: " + covered);
    }

    private static Tensor apply(UnaryOp op, Tensor x) {
        return switch (op) {
            case NEG -> x.neg(); case ABS -> x.abs(); case SIGN -> x.sign(); case RELU -> x.relu(); case EXP -> x.exp();
            case LOG -> x.log(); case LOG1P -> x.log1p(); case EXPM1 -> x.expm1(); case SQRT -> x.sqrt();
            case RSQRT -> x.rsqrt(); case SIN -> x.sin(); case COS -> x.cos(); case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid(); case GELU -> x.gelu(); case GELU_TANH -> x.gelu("tanh"); case SILU -> x.silu();
            case ERF -> x.erf(); case ERFC -> x.erfc(); case FLOOR -> x.floor(); case CEIL -> x.ceil();
            case ROUND -> x.round(); case TRUNC -> x.trunc(); case RECIPROCAL -> x.reciprocal(); case SQUARE -> x.square();
            case LOG2 -> x.log2(); case LOG10 -> x.log10(); case EXP2 -> x.exp2();
            default -> throw new AssertionError("no tensor method mapped for " + op);
        };
    }
}
