package dev.torch4j.sparse;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sub / mul / div / pow / the unary ops / transpose / index_select / narrow_copy / sparse @ sparse / bmm / mv /
 * sparse_mask: values, entries and flags as PyTorch gives them (the expected tensors are PyTorch 1.13's output for
 * the same inputs), gradcheck in float64 through the values and dense operands, and the edges where
 * fuzz_sparse_goldens.py found torch4j differing from PyTorch.
 */
class SparseArithmeticTest {
    /** indices [[1, 0, 1, 0, 2], [2, 0, 2, 1, 0]] (uncoalesced: (1, 2) twice), size [3, 3]. */
    private static final long[][] A_IDX = {{1, 0, 1, 0, 2}, {2, 0, 2, 1, 0}};
    /** indices [[0, 1, 1, 2], [0, 2, 1, 0]]. */
    private static final long[][] B_IDX = {{0, 1, 1, 2}, {0, 2, 1, 0}};

    private static Tensor f64(double... v) { return Torch.tensor(v).to(DType.FLOAT64); }

    private static Tensor longs(long[][] v) { return Torch.tensor(v); }

    private static SparseTensor coo(long[][] idx, Tensor values, long... size) {
        Tensor i = idx[0].length == 0 ? Torch.zeros(Size.of(idx.length, 0), Torch.dtype(DType.INT64)) : longs(idx);
        return Sparse.cooTensor(i, values, size);
    }

    private static SparseTensor a(Tensor v) { return coo(A_IDX, v, 3, 3); }

    private static SparseTensor b(Tensor v) { return coo(B_IDX, v, 3, 3); }

    private static Tensor leaf(double... v) { return f64(v).requiresGrad_(true); }

    private static void entries(SparseTensor s, long[][] idx, double[] vals, boolean coalesced) {
        Golden.assertExact(longs(idx), s.rawIndices(), "indices");
        Golden.assertClose(f64(vals).reshape(s.rawValues().shapeArray()), s.rawValues().to(DType.FLOAT64), "values");
        assertEquals(coalesced, s.isCoalesced(), "is_coalesced");
    }

    private static void check(Function<Tensor[], Tensor> f, Tensor... leaves) { assertTrue(GradCheck.gradcheck(f, leaves)); }

    @Test
    void subScalesAndConcatenatesTheEntries() {
        SparseTensor x = a(f64(1, 2, 3, 4, 5)).coalesce(), y = b(f64(5, 6, 7, 8)).coalesce();
        SparseTensor d = x.sub(y, 2);
        entries(d, new long[][] {{0, 0, 1, 1, 2}, {0, 1, 1, 2, 0}}, new double[] {-8, 4, -14, -8, -11}, true);
        assertTrue(d.toString().contains("size=(3, 3), nnz=5"));
        Golden.assertClose(x.toDense().sub(y.toDense()), a(f64(1, 2, 3, 4, 5)).sub(b(f64(5, 6, 7, 8))).toDense(), "a - b");
        Golden.assertClose(x.toDense().add(y.toDense().mul(-0.5)), x.add(y, -0.5).toDense(), "add alpha");
        check(t -> a(t[0]).sub(b(t[1]), 1.5).toDense(), leaf(1, 2, 3, 4, 5), leaf(5, 6, 7, 8));
        assertTrue(a(leaf(1, 2, 3, 4, 5)).sub(b(f64(5, 6, 7, 8))).toString().endsWith("grad_fn=<SubBackward0>)"));
    }

    @Test
    void subRefusesWhatPyTorchRefuses() {
        SparseTensor i = a(Torch.tensor(new long[] {1, 2, 3, 4, 5})), bool = a(Torch.tensor(new long[] {1, 0, 1, 1, 1}).ne(0));
        var e = assertThrows(IllegalArgumentException.class, () -> i.sub(i, 1.5));
        assertEquals("For integral input tensors, argument alpha must not be a floating point number.", e.getMessage());
        Golden.assertExact(Torch.tensor(new long[] {-2, -4, -6, -8, -10}), i.sub(i, 2).rawValues().narrow(0, 5, 5), "whole alpha");
        e = assertThrows(IllegalArgumentException.class, () -> bool.sub(bool));
        assertTrue(e.getMessage().startsWith("Subtraction, the `-` operator, with two bool tensors is not supported."));
        e = assertThrows(IllegalArgumentException.class, () -> a(f64(1, 2, 3, 4, 5)).sub(bool));
        assertTrue(e.getMessage().startsWith("Subtraction, the `-` operator, with a bool tensor is not supported."));
        e = assertThrows(IllegalArgumentException.class, () -> i.sub(coo(A_IDX, Torch.tensor(new long[] {1, 2, 3, 4, 5}), 3, 4)));
        assertEquals("add: expected sizes of 'self' and 'other' to match, but [3, 3] != [3, 4]", e.getMessage());
    }

    @Test
    void addOfAnOperandWithoutEntriesCopiesTheOther() {
        SparseTensor x = coo(new long[][] {{0}, {0}}, f64(-0.0), 2, 2), none = coo(new long[][] {{}, {}}, f64(), 2, 2);
        // PyTorch copies self (its -0.0 kept) where other has no entries, rather than summing into zeros
        assertEquals("-0.0", String.valueOf(x.add(none).rawValues().item()));
        assertEquals("-0.0", String.valueOf(none.sub(coo(new long[][] {{0}, {0}}, f64(0.0), 2, 2)).rawValues().item()));
    }

    @Test
    void mulOfTwoSparseTensorsIsTheirIntersection() {
        // both uncoalesced: the source is the one with fewer entries (b); a's duplicate (1, 2) gives two products
        SparseTensor p = a(f64(1, 2, 3, 4, 5)).mul(b(f64(5, 6, 7, 8)));
        entries(p, new long[][] {{0, 1, 1, 2}, {0, 2, 2, 0}}, new double[] {10, 6, 18, 40}, false);
        // b coalesced: the source is a, in a's order
        entries(a(f64(1, 2, 3, 4, 5)).mul(b(f64(5, 6, 7, 8)).coalesce()), new long[][] {{1, 0, 1, 2}, {2, 0, 2, 0}},
                new double[] {6, 10, 18, 40}, false);
        entries(a(f64(1, 2, 3, 4, 5)).coalesce().mul(b(f64(5, 6, 7, 8)).coalesce()), new long[][] {{0, 1, 2}, {0, 2, 0}},
                new double[] {10, 24, 40}, true);
        check(t -> a(t[0]).mul(b(t[1])).toDense(), leaf(1, 2, 3, 4, 5), leaf(5, 6, 7, 8));
        assertTrue(a(leaf(1, 2, 3, 4, 5)).mul(b(f64(5, 6, 7, 8))).toString().endsWith("grad_fn=<MulBackward0>)"));
    }

    @Test
    void mulKeepsTheSourcesFlagEvenForOneEntry() {
        // one entry (coalesced) against an uncoalesced operand: the uncoalesced one is the source, and PyTorch sets
        // its flag on the product even when a single product remains (fuzz case)
        SparseTensor one = coo(new long[][] {{0}, {0}}, f64(3.936), 1, 4);
        SparseTensor many = coo(new long[][] {{0, 0, 0, 0}, {2, 0, 2, 2}}, f64(0.0, -5.308, 2.6, -0.2), 1, 4);
        SparseTensor p = one.mul(many);
        assertEquals(1, p.nnz());
        assertFalse(p.isCoalesced());
    }

    @Test
    void mulBroadcastsDenseDimsAndNamesTheWholeShapeInItsMessage() {
        SparseTensor h1 = coo(new long[][] {{0, 1, 0}}, Torch.arange(6).to(DType.FLOAT64).reshape(3, 2), 2, 2);
        SparseTensor h2 = coo(new long[][] {{0, 1, 1}}, Torch.arange(3).to(DType.FLOAT64).reshape(3, 1), 2, 1);
        entries(h1.mul(h2), new long[][] {{0, 0, 1, 1}}, new double[] {0, 0, 0, 0, 2, 3, 4, 6}, false);
        SparseTensor h3 = coo(new long[][] {{0, 1, 1}}, Torch.arange(9).to(DType.FLOAT64).reshape(3, 3), 2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> h1.mul(h3));
        assertEquals("The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a(f64(1, 2, 3, 4, 5)).mul(coo(new long[][] {{0}, {0}}, f64(1), 3, 4)));
        assertEquals("sparse_binary_op_intersection_cpu(): expects sparse inputs with equal dimensionality, number of sparse "
                + "dimensions, and shape of sparse dimensions", e.getMessage());
    }

    @Test
    void mulByADenseTensorGathersItAtTheEntries() {
        SparseTensor x = coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, f64(1, 2, 3, 4), 2, 3);
        entries(x.mul(Torch.tensor(new double[][] {{1, 2, 3}}).to(DType.FLOAT64)), new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}},
                new double[] {3, 2, 9, 8}, false);
        entries(x.mul(f64(2).reshape()), new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, new double[] {2, 4, 6, 8}, false);
        var e = assertThrows(IllegalArgumentException.class, () -> x.mul(Torch.ones(2, 4)));
        assertEquals("The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1", e.getMessage());
        check(t -> coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, t[0], 2, 3).mul(t[1]).toDense(), leaf(1, 2, 3, 4),
                Torch.randn(2, 1).to(DType.FLOAT64).requiresGrad_(true));
    }

    @Test
    void divByANumberOrA0dTensor() {
        SparseTensor x = a(f64(1, 2, 3, 4, 5));
        entries(x.div(2.0), A_IDX, new double[] {0.5, 1, 1.5, 2, 2.5}, false);
        // rounding does not distribute over duplicates: coalesced first
        entries(x.div(2.0, "floor"), new long[][] {{0, 0, 1, 2}, {0, 1, 2, 0}}, new double[] {1, 2, 2, 2}, true);
        assertEquals(DType.FLOAT32, a(Torch.tensor(new long[] {1, 2, 3, 4, 5})).div(2L).dtype());
        assertEquals(DType.INT64, a(Torch.tensor(new long[] {1, 2, 3, 4, 5})).div(2L, "floor").dtype());
        var e = assertThrows(IllegalArgumentException.class, () -> x.div(f64(2)));
        assertEquals("Sparse division requires a scalar or zero-dim dense tensor divisor (got shape [1] for divisor)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.div(2.0, "x"));
        assertEquals("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'x'", e.getMessage());
        check(t -> a(t[0]).div(t[1].reshape()).toDense(), leaf(1, 2, 3, 4, 5), leaf(1.5));
        assertTrue(a(leaf(1, 2, 3, 4, 5)).div(2.0).toString().endsWith("grad_fn=<DivBackward0>)"));
        assertTrue(a(leaf(1, 2, 3, 4, 5)).div(2.0, "trunc").toString().endsWith("grad_fn=<DivBackward2>)"));
    }

    @Test
    void powAndUnaryOpsCoalesceFirst() {
        SparseTensor x = coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, f64(1, -2, 3, 4), 2, 3);
        entries(x.pow(2.0), new long[][] {{0, 0, 1}, {0, 1, 2}}, new double[] {4, 16, 16}, true);
        var e = assertThrows(IllegalArgumentException.class, () -> x.pow(0L));
        assertEquals("pow: cannot raise to zeroth power on sparse tensor; it would make the result tensor dense", e.getMessage());
        entries(x.abs(), new long[][] {{0, 0, 1}, {0, 1, 2}}, new double[] {2, 4, 4}, true);
        entries(x.neg(), new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, new double[] {-1, 2, -3, -4}, false); // linear: as stored
        entries(x.deg2rad(), new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}},
                new double[] {Math.PI / 180, -2 * Math.PI / 180, 3 * Math.PI / 180, 4 * Math.PI / 180}, false);
        assertEquals(DType.BOOL, x.isnan().dtype());
        Function<SparseTensor, SparseTensor>[] ops = unaryOps();
        for (Function<SparseTensor, SparseTensor> op : ops) {
            // positive values inside every op's domain (the duplicates at (1, 2) add up to 0.4)
            check(t -> op.apply(coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, t[0], 2, 3)).toDense(), leaf(0.1, 0.2, 0.3, 0.15));
        }
        assertTrue(coo(new long[][] {{0}, {0}}, leaf(0.5), 1, 1).square().toString().endsWith("grad_fn=<PowBackward0>)"));
        assertTrue(coo(new long[][] {{0}, {0}}, leaf(0.5), 1, 1).log1p().toString().endsWith("grad_fn=<Log1PBackward0>)"));
    }

    @SuppressWarnings("unchecked")
    private static Function<SparseTensor, SparseTensor>[] unaryOps() {
        return new Function[] {(Function<SparseTensor, SparseTensor>) SparseTensor::sqrt, (Function<SparseTensor, SparseTensor>) SparseTensor::sin,
                (Function<SparseTensor, SparseTensor>) SparseTensor::tan, (Function<SparseTensor, SparseTensor>) SparseTensor::sinh,
                (Function<SparseTensor, SparseTensor>) SparseTensor::tanh, (Function<SparseTensor, SparseTensor>) SparseTensor::asin,
                (Function<SparseTensor, SparseTensor>) SparseTensor::asinh, (Function<SparseTensor, SparseTensor>) SparseTensor::atan,
                (Function<SparseTensor, SparseTensor>) SparseTensor::atanh, (Function<SparseTensor, SparseTensor>) SparseTensor::expm1,
                (Function<SparseTensor, SparseTensor>) SparseTensor::log1p, (Function<SparseTensor, SparseTensor>) SparseTensor::erf,
                (Function<SparseTensor, SparseTensor>) SparseTensor::erfinv, (Function<SparseTensor, SparseTensor>) SparseTensor::square,
                (Function<SparseTensor, SparseTensor>) SparseTensor::abs, (Function<SparseTensor, SparseTensor>) SparseTensor::neg,
                (Function<SparseTensor, SparseTensor>) SparseTensor::deg2rad, (Function<SparseTensor, SparseTensor>) SparseTensor::rad2deg,
                (Function<SparseTensor, SparseTensor>) s -> s.pow(2.5), (Function<SparseTensor, SparseTensor>) s -> s.pow(-1L),
                (Function<SparseTensor, SparseTensor>) SparseTensor::nanToNum};
    }

    @Test
    void transposeSwapsSparseDimsAndRefusesDenseOnes() {
        SparseTensor x = a(f64(1, 2, 3, 4, 5)).coalesce();
        entries(x.transpose(0, 1), new long[][] {{0, 1, 2, 0}, {0, 0, 1, 2}}, new double[] {2, 4, 4, 5}, false);
        assertTrue(x.transpose(1, 1).isCoalesced()); // the same dim: a copy, flag kept
        SparseTensor h = coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, Torch.arange(24).to(DType.FLOAT64).reshape(4, 2, 3), 2, 3, 2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> h.transpose(2, 3));
        assertEquals("sparse transpose: transposed dimensions must be sparse Got sparse_dim: 2, d0: 2, d1: 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> h.transpose(-1, 0));
        assertEquals("sparse transpose: transposed dimensions must be sparse Got sparse_dim: 2, d0: 3, d1: 0", e.getMessage());
        assertEquals(Size.of(3, 2, 2, 3), h.transpose(0, 1).size());
        check(t -> coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}, {0, 1, 1, 0}}, t[0], 2, 3, 2).transpose(0, 2).toDense(), leaf(1, 2, 3, 4));
    }

    @Test
    void indexSelectAlongSparseAndDenseDims() {
        SparseTensor x = coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, f64(1, 2, 3, 4), 2, 3);
        // 4 entries >= 3 positions: grouped by position (PyTorch's brute force with the entries inside)
        entries(x.indexSelect(1, Torch.tensor(new long[] {2, 0, 2})), new long[][] {{1, 1, 0, 1, 1}, {0, 0, 1, 2, 2}},
                new double[] {1, 3, 2, 1, 3}, false);
        // fewer entries than positions: grouped by entry
        SparseTensor c = coo(new long[][] {{0, 0, 0}, {0, 1, 2}}, f64(1, 2, 3), 1, 3).coalesce();
        entries(c.indexSelect(1, Torch.tensor(new long[] {1, 1, 0, 0, 2})), new long[][] {{0, 0, 0, 0, 0}, {2, 3, 0, 1, 4}},
                new double[] {1, 1, 2, 2, 3}, false);
        entries(x.indexSelect(1, Torch.tensor(new long[] {-1})), new long[][] {{1, 1}, {0, 0}}, new double[] {1, 3}, false);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(1, Torch.tensor(new long[] {5})));
        assertEquals("index_select(): index contains 5 that is out of range for tensor of size [2, 3] at dimension 1", e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(1, Torch.fromArray(new int[] {1})));
        assertEquals("index_select() argument index must be 1-D strided (non-sparse) long-tensor.", e.getMessage());
        SparseTensor h = coo(new long[][] {{1, 0}}, Torch.arange(6).to(DType.FLOAT64).reshape(2, 3), 2, 3);
        Golden.assertClose(Torch.tensor(new double[][] {{2, 2}, {5, 5}}).to(DType.FLOAT64),
                h.indexSelect(1, Torch.tensor(new long[] {2, 2})).rawValues(), "dense dim");
        check(t -> coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, t[0], 2, 3).indexSelect(1, Torch.tensor(new long[] {2, 0, -1})).toDense(),
                leaf(1, 2, 3, 4));
        assertTrue(coo(A_IDX, leaf(1, 2, 3, 4, 5), 3, 3).indexSelect(0, Torch.tensor(new long[] {1})).toString()
                .endsWith("grad_fn=<IndexSelectBackward0>)"));
    }

    @Test
    void narrowCopyKeepsTheFlagOfItsInput() {
        SparseTensor x = coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, f64(1, 2, 3, 4), 2, 3);
        entries(x.narrowCopy(1, 1, 2), new long[][] {{1, 1, 0}, {1, 1, 0}}, new double[] {1, 3, 4}, false);
        // PyTorch sets the input's flag even on a result with no or one entry (fuzz cases)
        assertFalse(x.narrowCopy(1, 3, 0).isCoalesced());
        assertFalse(x.narrowCopy(0, 0, 1).narrowCopy(1, 1, 1).isCoalesced());
        var e = assertThrows(IllegalArgumentException.class, () -> x.narrowCopy(1, 2, 2));
        assertEquals("Invalid range to narrow. range(start, start+length) must be a subset of range(0, 3).", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.narrowCopy(-1, 0, 1));
        assertEquals("Dimension -1 out of range. Expecting 0 <= dim < 2.", e.getMessage());
        check(t -> coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, t[0], 2, 3).narrowCopy(1, 1, 2).toDense(), leaf(1, 2, 3, 4));
    }

    @Test
    void sparseTimesSparseIsASortedCoalescedProduct() {
        SparseTensor x = a(f64(1, 2, 3, 4, 5));
        SparseTensor y = coo(B_IDX, f64(5, 6, 7, 8), 3, 4);
        // PyTorch 1.13 returns row 0's columns as 2, 1, 0 flagged coalesced; 2.x (and torch4j) sort them
        entries(Sparse.mm(x, y), new long[][] {{0, 0, 0, 1, 2}, {0, 1, 2, 0, 0}}, new double[] {10, 28, 24, 32, 25}, true);
        // products that cancel keep their entry
        SparseTensor c = Sparse.mm(coo(new long[][] {{0, 0}, {0, 1}}, f64(1, -1), 2, 2), coo(new long[][] {{0, 1}, {0, 0}}, f64(1, 1), 2, 2));
        entries(c, new long[][] {{0}, {0}}, new double[] {0}, true);
        var e = assertThrows(IllegalArgumentException.class, () -> Sparse.mm(x, coo(new long[][] {{0}, {0}}, f64(1), 4, 4)));
        assertEquals("mat1 and mat2 shapes cannot be multiplied (3x3 and 4x4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sparse.mm(x, coo(new long[][] {{0}, {0}}, Torch.ones(1), 3, 3)));
        assertEquals("mat1 dtype Double does not match mat2 dtype Float", e.getMessage());
        var u = assertThrows(UnsupportedOperationException.class, () -> Sparse.mm(a(Torch.tensor(new long[] {1, 2, 3, 4, 5})),
                a(Torch.tensor(new long[] {1, 2, 3, 4, 5}))));
        assertEquals("\"sparse_matmul\" not implemented for 'Long'", u.getMessage());
        check(t -> Sparse.mm(a(t[0]), coo(B_IDX, t[1], 3, 4)).toDense(), leaf(1, 2, 3, 4, 5), leaf(5, 6, 7, 8));
        assertTrue(Sparse.mm(a(leaf(1, 2, 3, 4, 5)), y).toString().endsWith("grad_fn=<SparseSparseMatmulBackward0>)"));
    }

    @Test
    void bmmAndMvOfSparseMatrices() {
        SparseTensor b3 = coo(new long[][] {{0, 1, 1, 1}, {0, 2, 1, 2}, {1, 0, 2, 0}}, f64(1, 2, 3, 4), 2, 3, 3);
        Tensor d = Torch.ones(2, 3, 2).to(DType.FLOAT64);
        Golden.assertClose(Torch.tensor(new double[][][] {{{1, 1}, {0, 0}, {0, 0}}, {{0, 0}, {3, 3}, {6, 6}}}).to(DType.FLOAT64),
                Sparse.bmm(b3, d), "bmm");
        var e = assertThrows(IllegalArgumentException.class, () -> Sparse.bmm(b3, Torch.ones(3, 3, 2).to(DType.FLOAT64)));
        assertEquals("bmm_sparse: 'self.size(0)' and 'mat2.size(0)' must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sparse.bmm(a(f64(1, 2, 3, 4, 5)), d));
        assertEquals("bmm_sparse: Tensor 'self' must have 3 sparse dims, but has 2", e.getMessage());
        check(t -> Sparse.bmm(coo(new long[][] {{0, 1, 1, 1}, {0, 2, 1, 2}, {1, 0, 2, 0}}, t[0], 2, 3, 3), t[1]), leaf(1, 2, 3, 4),
                Torch.randn(2, 3, 2).to(DType.FLOAT64).requiresGrad_(true));
        SparseTensor x = coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, f64(1, 2, 3, 4), 2, 3);
        Golden.assertClose(f64(10, 12), x.mv(f64(1, 2, 3)), "mv");
        Golden.assertClose(f64(10, 12), x.matmul(f64(1, 2, 3)), "matmul");
        e = assertThrows(IllegalArgumentException.class, () -> x.mv(f64(1, 2)));
        assertEquals("mv: expected self.size(-1) == vec.size(-1)", e.getMessage());
    }

    @Test
    void sparseMaskTakesTheDenseElementsAtTheMasksEntries() {
        Tensor d = Torch.arange(1, 7).to(DType.FLOAT64).reshape(2, 3);
        SparseTensor mask = coo(new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, f64(9, 9, 9, 9), 2, 3);
        entries(d.sparseMask(mask.coalesce()), new long[][] {{0, 0, 1}, {0, 1, 2}}, new double[] {1, 2, 6}, true);
        // an uncoalesced mask (PyTorch 2.x; 1.13 refuses it): its entries as stored
        entries(d.sparseMask(mask), new long[][] {{1, 0, 1, 0}, {2, 0, 2, 1}}, new double[] {6, 1, 6, 2}, false);
        assertEquals(DType.INT64, Torch.arange(6).reshape(2, 3).sparseMask(mask).dtype());
        var e = assertThrows(IllegalArgumentException.class, () -> Torch.ones(3, 3).sparseMask(mask));
        assertEquals("sparse_mask(): operands have incompatible sizes; self has size [3, 3] but mask has size [2, 3]", e.getMessage());
        check(t -> t[0].sparseMask(mask).toDense(), Torch.randn(2, 3).to(DType.FLOAT64).requiresGrad_(true));
        assertTrue(d.requiresGrad_(true).sparseMask(mask).toString().endsWith("grad_fn=<SparseMaskBackward0>)"));
    }

    @Test
    void cscTensorsAreTheTransposesCsrParts() {
        Tensor d = Torch.tensor(new double[][] {{0, 1, 0}, {2, 0, 3}}).to(DType.FLOAT64);
        SparseTensor c = d.toSparseCsc();
        assertEquals(dev.torch4j.Layout.SPARSE_CSC, c.layout());
        Golden.assertExact(Torch.tensor(new long[] {0, 1, 2, 3}), c.ccolIndices(), "ccol_indices");
        Golden.assertExact(Torch.tensor(new long[] {1, 0, 1}), c.rowIndices(), "row_indices");
        Golden.assertClose(f64(2, 1, 3), c.values(), "values");
        Golden.assertClose(d, c.toDense(), "to_dense");
        Golden.assertClose(d.matmul(Torch.ones(3, 2).to(DType.FLOAT64)), Sparse.mm(c, Torch.ones(3, 2).to(DType.FLOAT64)), "mm");
        // to COO: sorted row by row (1.13 keeps the column-major order and flags it coalesced)
        entries(c.toSparseCoo(), new long[][] {{0, 1, 1}, {1, 0, 2}}, new double[] {1, 2, 3}, true);
        Golden.assertExact(Torch.tensor(new long[] {0, 1, 3}), c.toSparseCsr().crowIndices(), "to_sparse_csr");
        SparseTensor t = c.t(); // a CSC tensor's transpose is the CSR tensor of the same parts
        assertEquals(dev.torch4j.Layout.SPARSE_CSR, t.layout());
        Golden.assertClose(d.t(), t.toDense(), "t()");
        assertEquals(dev.torch4j.Layout.SPARSE_CSC, d.toSparseCsr().transpose(0, 1).layout());
        assertEquals("tensor(ccol_indices=tensor([0, 1, 2, 3]),\n       row_indices=tensor([1, 0, 1]),\n"
                + "       values=tensor([2., 1., 3.]), size=(2, 3), nnz=3, dtype=torch.float64,\n       layout=torch.sparse_csc)", c.toString());
        // a compressed tensor has no duplicates: the unary ops, scaling and division map its values in place
        SparseTensor a = c.abs().div(2.0, "floor");
        assertEquals(dev.torch4j.Layout.SPARSE_CSC, a.layout());
        Golden.assertClose(d.abs().div(2.0).floor(), a.toDense(), "csc abs, div");
        var e = assertThrows(IllegalArgumentException.class, c::crowIndices);
        assertEquals("\"crow_indices\" expected sparse row compressed tensor layout but got SparseCsc", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.toSparseCsr().rowIndices());
        assertEquals("\"row_indices\" expected sparse column compressed tensor layout but got SparseCsr", e.getMessage());
        // the values' gradient through the column-major order
        check(v -> Sparse.cscTensor(Torch.tensor(new long[] {0, 1, 2, 3}), Torch.tensor(new long[] {1, 0, 1}), v[0], 2, 3)
                .toSparseCoo().toDense(), leaf(2, 1, 3));
        check(v -> Sparse.toSparse(v[0]).toSparseCsc().values(), Torch.arange(1, 7).to(DType.FLOAT64).reshape(2, 3).requiresGrad_(true));
    }

    @Test
    void cscConstructionChecksPyTorchsInvariants() {
        Tensor v = f64(2, 1, 3);
        SparseTensor inferred = Sparse.cscTensor(Torch.tensor(new long[] {0, 1, 2, 3}), Torch.tensor(new long[] {1, 0, 1}), v);
        assertEquals(Size.of(2, 3), inferred.size());
        String[][] cases = {
            {"1,1,2,3", "1,0,1", "`ccol_indices[..., 0] == 0` is not satisfied."},
            {"0,1,2", "1,0,1", "ccol_indices.shape[-1] must be equal to the number of columns + 1 (=4), but got 3"},
            {"0,2,2,3", "1,0,1", "`row_indices[..., ccol_indices[..., i - 1]:ccol_indices[..., i]] for all i = 1, ..., ncols are sorted "
                    + "and distinct along the last dimension values` is not satisfied."},
            {"0,1,2,3", "2,0,1", "`0 <= row_indices < nrows` is not satisfied."},
            {"0,1,2,3", "1,0", "row_indices.shape[-1] must be equal to nnz (=3) as defined by values.shape[0], but got 2"},
        };
        for (String[] c : cases) {
            Tensor cc = Torch.tensor(java.util.Arrays.stream(c[0].split(",")).mapToLong(Long::parseLong).toArray());
            Tensor rr = Torch.tensor(java.util.Arrays.stream(c[1].split(",")).mapToLong(Long::parseLong).toArray());
            var e = assertThrows(IllegalArgumentException.class, () -> Sparse.cscTensor(cc, rr, v, 2, 3));
            assertEquals(c[2], e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Sparse.cscTensor(Torch.fromArray(new int[] {0, 1, 2, 3}),
                Torch.tensor(new long[] {1, 0, 1}), v, 2, 3));
        assertEquals("ccol_indices and row_indices must have the same dtype, bot got Int and Long, respectively", e.getMessage());
    }

    @Test
    void addOfAnOperandWithoutEntriesStillRequiresGrad() {
        // fuzz case: the other operand has no entries but its values require grad, so PyTorch's sum does too
        SparseTensor x = a(Torch.tensor(new long[] {1, 2, 3, 4, 5})), none = coo(new long[][] {{}, {}}, leaf(), 3, 3);
        assertTrue(x.add(none).requiresGrad());
        assertTrue(none.sub(x).requiresGrad());
        Golden.assertExact(Torch.tensor(new long[] {1, 2, 3, 4, 5}).to(DType.FLOAT64), x.add(none).rawValues(), "values");
    }

    @Test
    void bmmAndSparseProductsCoalesceTheirOperandsFirst() {
        // duplicates 2 and -1 at one index times inf: PyTorch's bmm and sparse @ sparse sum them first (inf, not NaN)
        SparseTensor dup = coo(new long[][] {{0, 0}, {0, 0}, {0, 0}}, f64(2, -1), 1, 1, 1);
        Tensor inf = f64(Double.POSITIVE_INFINITY).reshape(1, 1, 1);
        assertEquals(Double.POSITIVE_INFINITY, Sparse.bmm(dup, inf).item());
        SparseTensor dup2 = coo(new long[][] {{0, 0}, {0, 0}}, f64(2, -1), 1, 1);
        assertEquals(Double.POSITIVE_INFINITY, Sparse.mm(dup2, coo(new long[][] {{0}, {0}}, f64(Double.POSITIVE_INFINITY), 1, 1))
                .rawValues().item());
        // ... while torch.sparse.mm with a dense matrix does not (NaN, as PyTorch's)
        assertTrue(Double.isNaN(Sparse.mm(dup2, f64(Double.POSITIVE_INFINITY).reshape(1, 1)).item()));
    }

    @Test
    void conversionsBetweenCompressedLayoutsKeepTheIndexDtype() {
        SparseTensor csc = Sparse.cscTensor(Torch.fromArray(new int[] {0, 1, 2}), Torch.fromArray(new int[] {1, 0}), f64(1, 2));
        assertEquals(DType.INT32, csc.toSparseCsr().crowIndices().dtype());
        assertEquals(DType.INT32, csc.toSparseCsr().toSparseCsc().ccolIndices().dtype());
        assertEquals(DType.INT64, csc.toSparseCoo().rawIndices().dtype());
    }

    @Test
    void toSparseIsATensorMethod() {
        Tensor d = Torch.tensor(new double[][] {{0, 1}, {2, 0}});
        entries(d.toSparse(), new long[][] {{0, 1}, {1, 0}}, new double[] {1, 2}, true);
        assertEquals(1, d.toSparse(1).sparseDim());
        Golden.assertExact(Torch.tensor(new long[] {0, 1, 2}), d.toSparseCsr().crowIndices(), "crow");
    }
}
