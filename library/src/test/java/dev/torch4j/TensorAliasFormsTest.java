package dev.torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch4j.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conjugate transposes (H, mH, adjoint), and the second names whose behaviour is more than their values. */
class TensorAliasFormsTest {
    private static Tensor complexBatch() {
        Tensor re = Torch.arange(12).to(DType.FLOAT64).reshape(2, 2, 3), im = re.mul(-0.5).add(1.0);
        return Torch.complex(re, im);
    }

    @Test
    void conjugateTransposes() {
        Tensor z = complexBatch();
        Tensor want = Torch.complex(z.real().transpose(-2, -1), z.imag().transpose(-2, -1).neg());
        for (Tensor got : new Tensor[] {z.mH(), z.adjoint(), Torch.adjoint(z)}) {
            Golden.assertExact(Torch.viewAsReal(want), Torch.viewAsReal(got.resolveConj()), "mH");
        }
        Tensor m = z.select(0, 1);
        Golden.assertExact(Torch.viewAsReal(want.select(0, 1)), Torch.viewAsReal(m.H()), "H");
        Tensor r = z.real();
        Golden.assertExact(r.mT(), r.mH(), "mH of a real tensor");
        Tensor s = Torch.tensor(2.5);
        assertSame(s, s.mT());
        assertSame(s, s.H());
    }

    @Test
    void conjugateTransposeErrorsNameTheAttribute() {
        Tensor v = Torch.ones(3), b = Torch.ones(2, 2, 3);
        assertEquals("tensor.mH is only supported on matrices or batches of matrices. Got 1-D tensor.",
                assertThrows(IllegalArgumentException.class, v::mH).getMessage());
        assertEquals("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.",
                assertThrows(IllegalArgumentException.class, v::mT).getMessage());
        assertEquals("tensor.adjoint() is only supported on matrices or batches of matrices. Got 1-D tensor.",
                assertThrows(IllegalArgumentException.class, v::adjoint).getMessage());
        assertEquals("tensor.H is only supported on matrices (2-D tensors). Got 1-D tensor.",
                assertThrows(IllegalArgumentException.class, v::H).getMessage());
        assertEquals("tensor.H is only supported on matrices (2-D tensors). Got 3-D tensor. For batches of matrices, consider using "
                + "tensor.mH", assertThrows(IllegalArgumentException.class, b::H).getMessage());
    }

    @Test
    void narrowCopyOwnsItsMemoryAndInPlaceAliasesReturnTheirInput() {
        Tensor x = Torch.arange(12).to(DType.FLOAT64).reshape(3, 4);
        Tensor rows = x.narrowCopy(0, 1, 1), cols = x.narrowCopy(1, 1, 2);
        x.zero_();
        assertArrayEquals(new double[] {4, 5, 6, 7}, rows.toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 5, 6, 9, 10}, cols.toDoubleArray());
        Tensor y = Torch.tensor(new double[] {-0.5, 0.25});
        assertSame(y, y.arcsin_());
        assertSame(y, y.fix_());
        assertSame(y, y.clip_(0, 1));
        Tensor z = complexBatch();
        assertSame(z, z.conjPhysical_());
        assertArrayEquals(complexBatch().imag().neg().toDoubleArray(), z.imag().toDoubleArray());
        assertEquals(-1, Torch.ones(2).getDevice());
    }

    @Test
    void complexValuesPrintAsPythonsComplex() {
        String[] want = {"(1+2j)", "2j", "(-0+1j)", "(1-0j)", "(1.5-2.25j)", "0j", "(1e+20+1e-05j)", "(nan+1j)", "(2-infj)"};
        Complex[] z = {new Complex(1, 2), new Complex(0, 2), new Complex(-0.0, 1), new Complex(1, -0.0), new Complex(1.5, -2.25),
                new Complex(0, 0), new Complex(1e20, 1e-5), new Complex(Double.NaN, 1), new Complex(2, Double.NEGATIVE_INFINITY)};
        for (int i = 0; i < z.length; i++) assertEquals(want[i], z[i].toString());
    }

    @Test
    void itemOfAComplexTensorKeepsBothParts() {
        Tensor z = Torch.complex(Torch.tensor(1.5), Torch.tensor(-2.0));
        assertEquals(new Complex(1.5, -2.0), z.itemComplex());
        assertEquals(new Complex(3.0, 0.0), Torch.tensor(3.0).itemComplex());
        assertEquals("item(): the value of a complex tensor (ComplexFloat) has two parts, which a double cannot hold: call itemComplex()",
                assertThrows(IllegalArgumentException.class, z::item).getMessage());
    }

    @Test
    void tolistNestsOneListPerDim() {
        assertEquals(List.of(List.of(1.0, 2.5), List.of(-3.0, 0.0)), Torch.tensor(new double[][] {{1, 2.5}, {-3, 0}}).tolist());
        assertEquals(2.5, Torch.tensor(2.5).tolist());
        assertEquals(List.of(List.of(true), List.of(false)), Torch.tensor(new boolean[][] {{true}, {false}}).tolist());
        assertEquals(List.of(List.of(), List.of()), Torch.zeros(2, 0).tolist());
        assertEquals(List.of(7L, -1L), Torch.fromArray(new long[] {7, -1}).tolist());
        Tensor z = Torch.complex(Torch.tensor(new double[][] {{1, 3}}), Torch.tensor(new double[][] {{2, -1}}));
        assertEquals("[[(1+2j), (3-1j)]]", z.tolist().toString());
        Tensor t = Torch.arange(6).reshape(2, 3).t(); // strided: the list follows the logical order
        assertEquals(List.of(List.of(0L, 3L), List.of(1L, 4L), List.of(2L, 5L)), t.tolist());
    }

    @Test
    void dataSharesStorageOutsideTheGraphAndSizesAreInBytes() {
        Tensor w = Torch.ones(2, 3).requiresGrad_(true);
        Tensor d = w.data();
        assertEquals(false, d.requiresGrad());
        d.mul_(2.0);
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2}, w.toDoubleArray());
        assertEquals(24, w.nbytes());
        assertEquals(4, w.itemsize());
        assertEquals(8, Torch.zeros(3).to(DType.FLOAT64).itemsize());
        Tensor x = Torch.ones(3).requiresGrad_(true), y = x.exp();
        y.data().zero_(); // exp saved its result: PyTorch would use the zeros; here backward refuses
        assertThrows(RuntimeException.class, () -> y.sum().backward());
    }

    @Test
    void legacyTypeNamesAndElementCallbacks() {
        assertEquals("torch.FloatTensor", Torch.zeros(2).type());
        assertEquals("torch.LongTensor", Torch.fromArray(new long[] {1}).type());
        assertEquals("torch.ComplexDoubleTensor", complexBatch().type());
        assertEquals("torch.CharTensor", Torch.zeros(1).to(DType.INT8).type());
        assertEquals(DType.FLOAT64, Torch.zeros(2).type("torch.DoubleTensor").dtype());
        assertEquals(DType.INT32, Torch.zeros(2).type(DType.INT32).dtype());
        assertEquals("invalid type: 'foo'", assertThrows(IllegalArgumentException.class, () -> Torch.zeros(2).type("foo")).getMessage());
        assertEquals(true, Torch.zeros(2).isCpu());
        Tensor x = Torch.tensor(new double[] {1, 2});
        assertSame(x, x.apply_(v -> v * 3));
        assertArrayEquals(new double[] {3, 6}, x.toDoubleArray());
        x.map_(Torch.tensor(new double[] {10, 20}), Double::sum);
        assertArrayEquals(new double[] {13, 26}, x.toDoubleArray());
        Tensor y = Torch.zeros(2, 2).to(DType.INT64);
        y.map_(Torch.fromArray(new long[] {4, 5}), (a, b) -> a + b); // broadcast along rows, back to int64
        assertArrayEquals(new long[] {4, 5, 4, 5}, y.toLongArray());
    }

    @Test
    void inPlaceComparisonAliasesAndFloorDivide() {
        Tensor a = Torch.tensor(new double[] {1, 2, 3}), b = Torch.tensor(new double[] {2, 2, 2});
        assertArrayEquals(new double[] {0, 0, 1}, a.clone().greater_(b).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 1}, a.clone().greaterEqual_(2.0).toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 0}, a.clone().less_(b).toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 0}, a.clone().lessEqual_(2.0).toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 1}, a.clone().notEqual_(b).toDoubleArray());
        assertArrayEquals(new double[] {-1, 0, 1}, Torch.tensor(new double[] {-3, 0, 2}).sgn_().toDoubleArray());
        Tensor c = Torch.tensor(new double[] {7, -7, 5});
        assertSame(c, c.floorDivide_(Torch.tensor(new double[] {2, 2, -2})));
        assertArrayEquals(new double[] {3, -4, -3}, c.toDoubleArray());
    }
}
