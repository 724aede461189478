package dev.torch4j.sparse;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edge cases where torch4j's sparse ops differed from PyTorch (found by fuzz_sparse_goldens.py), as PyTorch gives them. */
class SparseEdgeCasesTest {

    private static SparseTensor coo(long[][] idx, double[] vals, long... size) {
        Tensor i = idx[0].length == 0 ? Torch.zeros(Size.of(idx.length, 0), Torch.dtype(DType.INT64)) : Torch.tensor(idx);
        return Sparse.cooTensor(i, Torch.tensor(vals).to(DType.FLOAT64), size);
    }

    @Test
    void transposeIsUncoalescedUnlessEmpty() {
        SparseTensor one = coo(new long[][] {{1}, {0}}, new double[] {2.0}, 2, 3);
        assertTrue(one.isCoalesced());
        assertFalse(one.t().isCoalesced()); // PyTorch marks even one transposed entry uncoalesced
        assertTrue(coo(new long[][] {{}, {}}, new double[0], 2, 3).t().isCoalesced());
    }

    @Test
    void toSparseWithNoSparseDimIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Sparse.toSparse(Torch.ones(2, 3), 0));
        assertEquals("sparse_dim must be >0 if dimensionality > 0", e.getMessage());
        assertEquals(0, Sparse.toSparse(Torch.tensor(1.5), 0).sparseDim()); // a 0-d tensor may have none
    }

    @Test
    void softmaxOfATensorWithoutElementsHasNoEntries() {
        Tensor idx = Torch.tensor(new long[][] {{0, 0, 0}, {2, 1, 2}});
        SparseTensor s = Sparse.cooTensor(idx, Torch.zeros(3, 4, 0).to(DType.FLOAT64), 1, 3, 4, 0);
        for (SparseTensor r : new SparseTensor[] {Sparse.softmax(s, 1), Sparse.logSoftmax(s, 3)}) {
            assertEquals(0, r.nnz());
            assertTrue(r.isCoalesced());
            assertArrayEquals(new long[] {1, 3, 4, 0}, r.shapeArray());
        }
    }

    @Test
    void productsWithoutEntriesSkipTheDtypeCheck() {
        SparseTensor empty = coo(new long[][] {{}, {}}, new double[0], 2, 3);
        Tensor x = Torch.ones(3, 2).requiresGrad_(true);  // float32 against float64 values: PyTorch returns zeros
        Tensor p = Sparse.mm(empty, x);
        assertEquals(DType.FLOAT32, p.dtype());
        assertArrayEquals(new double[4], p.toDoubleArray());
        assertTrue(p.requiresGrad());
        Tensor bias = Torch.ones(2, 2).to(DType.FLOAT64);
        Tensor a = Sparse.addmm(bias, empty, x, 0.5, 2.0); // beta * bias in the bias's dtype
        assertEquals(DType.FLOAT64, a.dtype());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, a.toDoubleArray());
        SparseTensor one = coo(new long[][] {{0}, {1}}, new double[] {1.0}, 2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> Sparse.mm(one, x));
        assertEquals("expected scalar type Double but found Float", e.getMessage());
    }

    @Test
    void addComparesSparseDimsOnlyWhenBothHaveEntries() {
        SparseTensor a = coo(new long[][] {{0, 1}, {1, 0}}, new double[] {1, 2}, 2, 2);
        SparseTensor hybridEmpty = Sparse.cooTensor(Torch.zeros(Size.of(1, 0), Torch.dtype(DType.INT64)),
                Torch.zeros(0, 2).to(DType.FLOAT32), 2, 2);
        for (SparseTensor r : new SparseTensor[] {a.add(hybridEmpty), hybridEmpty.add(a)}) {
            assertEquals(2, r.sparseDim());
            assertEquals(DType.FLOAT64, r.dtype());
            assertArrayEquals(new double[] {0, 1, 2, 0}, r.toDense().toDoubleArray());
        }
        SparseTensor hybrid = Sparse.cooTensor(Torch.tensor(new long[][] {{1}}), Torch.ones(1, 2).to(DType.FLOAT64), 2, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> a.add(hybrid));
        assertEquals("add: expected 'self' and 'other' to have same density, but 'self' has 2 sparse dimensions while 'other' has 1 "
                + "sparse dimensions", e.getMessage());
    }

    @Test
    void softmaxOfIntegersIsRefused() {
        SparseTensor ints = Sparse.cooTensor(Torch.tensor(new long[][] {{0, 1}}), Torch.tensor(new long[] {3, 4}), 2);
        assertEquals("\"softmax\" not implemented for 'Long'",
                assertThrows(UnsupportedOperationException.class, () -> Sparse.softmax(ints, 0)).getMessage());
        assertEquals("\"log_softmax\" not implemented for 'Long'",
                assertThrows(UnsupportedOperationException.class, () -> Sparse.logSoftmax(ints, 0)).getMessage());
    }

    @Test
    void addmmWithoutEntriesScalesTheBiasEvenByZero() {
        SparseTensor empty = coo(new long[][] {{}, {}}, new double[0], 2, 3);
        Tensor bias = Torch.tensor(new double[] {Double.NEGATIVE_INFINITY, 1.0}).to(DType.FLOAT64);
        Tensor r = Sparse.addmm(bias, empty, Torch.ones(3, 2).to(DType.FLOAT64), 0.0, 2.0);
        assertArrayEquals(new double[] {Double.NaN, 0, Double.NaN, 0}, r.toDoubleArray()); // -inf * 0, as PyTorch's
    }

    @Test
    void coalesceKeepsALoneNegativeZero() {
        SparseTensor s = coo(new long[][] {{0, 0, 1}}, new double[] {-0.0, -0.0, -0.0}, 3);
        double[] v = s.coalesce().values().toDoubleArray();
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(v[0])); // -0 + -0, as PyTorch's
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(v[1])); // copied, as PyTorch's
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(s.toDense().toDoubleArray()[0])); // onto zeros
    }

    @Test
    void addOfCoalescedTensorsSumsIntoPositiveZeros() {
        SparseTensor s = coo(new long[][] {{0, 1}}, new double[] {-0.0, 1.0}, 2).coalesce();
        double v = s.add(s).values().toDoubleArray()[0];
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(v)); // 0 + -0 + -0, as PyTorch's add
    }

    @Test
    void transposeOfAVectorIsACopyWithItsOwnNode() {
        SparseTensor v = Sparse.cooTensor(Torch.tensor(new long[][] {{1, 0}}), Torch.ones(2).to(DType.FLOAT64).requiresGrad_(true), 3);
        SparseTensor t = v.t();
        assertFalse(t.isCoalesced());
        assertTrue(t.toString().endsWith("grad_fn=<TBackward0>)"), t.toString());
    }

    @Test
    void printedNodesNameTheOverload() {
        Tensor x = Torch.ones(2, 2).to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(Sparse.toSparse(x).toString().endsWith("grad_fn=<ToSparseBackward0>)"));
        assertTrue(Sparse.toSparse(x, 1).toString().endsWith("grad_fn=<ToSparseBackward1>)")); // 1.13's node for to_sparse(sparse_dim)
        assertTrue(Sparse.toSparse(x).toSparseCsr().toString().endsWith("grad_fn=<ToSparseCsrBackward0>)")); // 2.x's
    }

    @Test
    void csrMessagesArePyTorchs() {
        Tensor crow = Torch.tensor(new long[] {0, 1, 2}), col = Torch.tensor(new long[] {0, 1}), v = Torch.ones(2).to(DType.FLOAT64);
        assertEquals("crow_indices and col_indices dtype must be Int or Long, but got Float", assertThrows(IllegalArgumentException.class,
                () -> Sparse.csrTensor(crow.to(DType.FLOAT32), col.to(DType.FLOAT32), v, 2, 2)).getMessage());
        assertEquals("tensor dimensionality must be sum of batch, base, and dense dimensionalites (=0 + 2 + 0) but got 1",
                assertThrows(IllegalArgumentException.class, () -> Sparse.csrTensor(crow, col, v, 4)).getMessage());
        SparseTensor csr = Sparse.csrTensor(crow, col, v, 2, 2);
        assertEquals("mat1 and mat2 shapes cannot be multiplied (2x2 and 3x1)", assertThrows(IllegalArgumentException.class,
                () -> Sparse.mm(csr, Torch.ones(3, 1).to(DType.FLOAT64))).getMessage());
    }
}
