package dev.torch4j.sparse;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Layout;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import static dev.torch4j.sparse.SparseGoldens.get;
import static dev.torch4j.sparse.SparseGoldens.longs;
import static dev.torch4j.sparse.SparseGoldens.sparse;
import static dev.torch4j.sparse.SparseGoldens.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creation, coalesce, to_dense, t, conversions and elementwise ops against PyTorch (goldens/sparse.json). */
class SparseTensorTest {
    @Test
    void coalesceAndToDenseMatchPyTorch() {
        for (String name : new String[] {"coalesce_2d", "coalesce_hybrid", "coalesce_3d"}) {
            JsonObject c = get(name);
            SparseTensor s = sparse(c);
            assertFalse(s.isCoalesced(), name);
            SparseTensor k = s.coalesce();
            assertTrue(k.isCoalesced(), name);
            assertSame(k, k.coalesce(), name);
            Golden.assertExact(tensor(c, "coalesced_indices"), k.indices(), name + " indices");
            Golden.assertClose(tensor(c, "coalesced_values"), k.values(), 1e-15, 0, name + " values");
            Golden.assertClose(tensor(c, "dense"), s.toDense(), 1e-15, 0, name + " to_dense");
            Golden.assertClose(tensor(c, "dense"), k.toDense(), 1e-15, 0, name + " coalesced to_dense");
            if (!c.get("t").isJsonNull()) {
                SparseTensor t = k.t();
                assertFalse(t.isCoalesced(), name + " t() is not coalesced, as in PyTorch");
                Golden.assertClose(tensor(c, "t"), t.toDense(), 1e-15, 0, name + " t");
            }
            assertEquals(s.sparseDim() + s.denseDim(), s.dim());
        }
    }

    @Test
    void metadataAsPyTorch() {
        JsonObject c = get("coalesce_hybrid");
        SparseTensor s = sparse(c);
        assertEquals(2, s.sparseDim());
        assertEquals(1, s.denseDim());
        assertEquals(6, s.nnz());
        assertEquals("torch.Size([3, 4, 2])", s.shape().toString());
        assertEquals(DType.FLOAT64, s.dtype());
        assertEquals(Layout.SPARSE_COO, s.layout());
        // inferred size: the largest index + 1, then the values' trailing sizes
        SparseTensor inferred = Sparse.cooTensor(tensor(c, "indices"), tensor(c, "values"));
        assertArrayEquals(new long[] {3, 4, 2}, inferred.shapeArray());
        // one entry or none: coalesced from the start, as PyTorch marks it
        assertTrue(Sparse.cooTensor(Torch.zeros(2, 1).to(DType.INT64), Torch.ones(1), 2, 2).isCoalesced());
    }

    @Test
    void toSparseAndCsrMatchPyTorch() {
        JsonObject c = get("to_sparse");
        Tensor dense = tensor(c, "dense");
        SparseTensor s = Sparse.toSparse(dense);
        assertTrue(s.isCoalesced());
        Golden.assertExact(tensor(c, "indices"), s.indices(), "to_sparse indices");
        Golden.assertExact(tensor(c, "values"), s.values(), "to_sparse values");
        SparseTensor h = Sparse.toSparse(tensor(c, "hybrid"), 1);
        Golden.assertExact(tensor(c, "hybrid_indices"), h.indices(), "to_sparse(1) indices");
        Golden.assertExact(tensor(c, "hybrid_values"), h.values(), "to_sparse(1) values");
        Golden.assertExact(tensor(c, "hybrid"), h.toDense(), "to_sparse(1) round trip");
        SparseTensor csr = Sparse.toSparseCsr(dense);
        assertEquals(Layout.SPARSE_CSR, csr.layout());
        Golden.assertExact(tensor(c, "crow"), csr.crowIndices(), "crow_indices");
        Golden.assertExact(tensor(c, "col"), csr.colIndices(), "col_indices");
        Golden.assertExact(tensor(c, "csr_values"), csr.values(), "csr values");
        Golden.assertExact(dense, csr.toDense(), "csr to_dense");
        Golden.assertExact(tensor(c, "indices"), csr.toSparseCoo().indices(), "csr to coo");
        SparseTensor built = Sparse.csrTensor(tensor(c, "crow"), tensor(c, "col"), tensor(c, "csr_values"), 3, 4);
        Golden.assertExact(dense, built.toDense(), "csrTensor");
        assertArrayEquals(new long[] {3, 4}, Sparse.csrTensor(tensor(c, "crow"), tensor(c, "col"), tensor(c, "csr_values")).shapeArray());
    }

    @Test
    void elementwiseOpsKeepThePattern() {
        SparseTensor s = sparse(get("coalesce_2d"));
        Tensor d = s.toDense();
        Golden.assertExact(d.mul(2.5), s.mul(2.5).toDense(), "mul");
        Golden.assertExact(d.neg(), s.neg().toDense(), "neg");
        Golden.assertClose(d.mul(2), s.add(s).toDense(), 1e-15, 0, "add uncoalesced");
        assertFalse(s.add(s).isCoalesced());
        SparseTensor k = s.coalesce();
        assertTrue(k.add(k).isCoalesced());
        assertEquals(k.nnz(), k.add(k).nnz());
        Golden.assertClose(d.mul(2), k.add(k).toDense(), 1e-15, 0, "add coalesced");
        assertEquals(DType.FLOAT32, k.to(DType.FLOAT32).dtype());
        SparseTensor csr = k.toSparseCsr();
        Golden.assertClose(d.mul(2), csr.add(csr).toDense(), 1e-15, 0, "add csr");
        assertEquals(Layout.SPARSE_CSR, csr.add(csr).layout());
    }

    @Test
    void coalesceAndToDenseDifferentiateTheValues() {
        JsonObject c = get("coalesce_2d");
        Tensor v = tensor(c, "values").requiresGrad_(true);
        SparseTensor s = Sparse.cooTensor(tensor(c, "indices"), v, longs(c, "size"));
        Tensor w = Torch.arange(12.0).reshape(3, 4).to(DType.FLOAT64);
        s.coalesce().toDense().mul(w).sum().backward();
        // each entry's gradient is the weight at its position, duplicates included
        long[] idx = tensor(c, "indices").toLongArray();
        double[] g = v.grad().toDoubleArray();
        for (int k = 0; k < g.length; k++) assertEquals(idx[k] * 4 + idx[k + g.length], g[k], 0.0, "entry " + k);
    }
}
