package dev.torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch4j.testing.Golden;
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
}
