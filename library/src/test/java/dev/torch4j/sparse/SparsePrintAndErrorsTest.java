package dev.torch4j.sparse;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static dev.torch4j.sparse.SparseGoldens.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Printed sparse tensors and error messages, character for character as PyTorch's (goldens/sparse.json). */
class SparsePrintAndErrorsTest {
    private static final Tensor I = Torch.tensor(new long[][] {{0, 1, 1}, {2, 0, 2}});

    private static Tensor v() { return Torch.tensor(new float[] {3, 4, 5}); }

    private static SparseTensor s(Tensor values) { return Sparse.cooTensor(I, values, 2, 3); }

    @Test
    void printsAsPyTorch() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("coo", () -> s(v()));
        m.put("coo_inferred", () -> Sparse.cooTensor(I, v()));
        m.put("coo_float64", () -> s(v().to(DType.FLOAT64)));
        m.put("coo_int32", () -> s(v().to(DType.INT32)));
        m.put("coo_grad", () -> s(v().to(DType.FLOAT64).requiresGrad_(true)));
        m.put("coo_coalesce_grad", () -> Sparse.cooTensor(Torch.tensor(new long[][] {{1, 0, 1, 1}, {0, 2, 2, 0}}),
                Torch.tensor(new float[] {1, 2, 3, 4}).requiresGrad_(true), 2, 3).coalesce());
        m.put("coo_t_grad", () -> s(v().requiresGrad_(true)).t());
        m.put("coo_mul_grad", () -> s(v().requiresGrad_(true)).mul(2));
        m.put("coo_softmax_grad", () -> Sparse.softmax(s(v().requiresGrad_(true)), 1));
        m.put("coo_hybrid", () -> Sparse.cooTensor(I, Torch.arange(12.0).reshape(3, 2, 2).to(DType.FLOAT32).div(3), 2, 3, 2, 2));
        m.put("coo_empty", () -> Sparse.toSparse(Torch.zeros(2, 3)));
        m.put("coo_long", () -> Sparse.cooTensor(Torch.arange(40).reshape(1, 40), Torch.arange(40).to(DType.FLOAT32).mul(1.5), 40));
        m.put("coo_3d", () -> Sparse.cooTensor(Torch.tensor(new long[][] {{1, 0, 1, 1}, {0, 2, 0, 1}, {3, 1, 3, 0}}),
                Torch.tensor(new float[] {1, -2, 3.5f, 4}), 2, 3, 4));
        m.put("csr", () -> Sparse.toSparseCsr(s(v()).toDense()));
        m.put("csr_empty", () -> Sparse.toSparseCsr(Torch.zeros(2, 3)));
        m.put("csr_float64", () -> Sparse.toSparseCsr(SparseGoldens.tensor(get("to_sparse"), "dense")));
        JsonObject prints = get("prints");
        assertEquals(prints.size(), m.size());
        for (var e : m.entrySet()) assertEquals(prints.get(e.getKey()).getAsString(), e.getValue().get().toString(), e.getKey());
    }

    @Test
    void errorsAsPyTorch() {
        Tensor v = v();
        Map<String, Executable> m = new LinkedHashMap<>();
        m.put("index_too_large", () -> Sparse.cooTensor(I, v, 2, 2));
        m.put("negative_index", () -> Sparse.cooTensor(Torch.tensor(new long[][] {{0, -1, 1}, {2, 0, 2}}), v, 2, 3));
        m.put("wrong_ndim", () -> Sparse.cooTensor(I, v, 2));
        m.put("nnz_mismatch", () -> Sparse.cooTensor(I, v.narrow(0, 0, 2), 2, 3));
        m.put("indices_1d", () -> Sparse.cooTensor(I.select(0, 0), v, 2, 3));
        m.put("dense_ndim", () -> Sparse.cooTensor(I, Torch.ones(3, 2), 2, 3));
        m.put("dense_size", () -> Sparse.cooTensor(I, Torch.ones(3, 2), 2, 3, 3));
        m.put("indices_uncoalesced", () -> s(v).indices());
        m.put("values_uncoalesced", () -> s(v).values());
        m.put("csr_last", () -> csr(new long[] {0, 2, 1}, new long[] {2, 0, 1}, v));
        m.put("csr_unsorted", () -> csr(new long[] {0, 1, 3}, new long[] {2, 1, 0}, v));
        m.put("csr_duplicate", () -> csr(new long[] {0, 1, 3}, new long[] {2, 1, 1}, v));
        m.put("csr_nnz", () -> csr(new long[] {0, 1, 3}, new long[] {2, 0}, v));
        m.put("csr_col_range", () -> csr(new long[] {0, 1, 3}, new long[] {2, 0, -1}, v));
        m.put("csr_first", () -> csr(new long[] {1, 1, 3}, new long[] {2, 0, 1}, v));
        m.put("csr_rows", () -> csr(new long[] {0, 1, 3, 3}, new long[] {2, 0, 1}, v));
        m.put("csr_dtypes", () -> Sparse.csrTensor(Torch.tensor(new long[] {0, 1, 3}), Torch.fromArray(new int[] {2, 0, 1}), v, 2, 3));
        m.put("mm_size", () -> Sparse.mm(s(v), Torch.ones(2, 2)));
        m.put("mm_dtype", () -> Sparse.mm(s(v), Torch.ones(3, 2).to(DType.FLOAT64)));
        m.put("to_sparse_dim", () -> Sparse.toSparse(Torch.ones(2, 3), 3));
        m.put("sum_repeated", () -> Sparse.sum(s(v), 0, 0));
        m.put("t_3d", () -> Sparse.cooTensor(Torch.zeros(3, 1).to(DType.INT64), v.narrow(0, 0, 1), 2, 3, 4).t());
        m.put("add_sizes", () -> s(v).add(Sparse.cooTensor(I, v, 3, 3)));
        m.put("addmm_bias", () -> Sparse.addmm(Torch.ones(3, 2), s(v), Torch.ones(3, 2), 1, 1));
        JsonObject errors = get("errors");
        assertEquals(errors.size(), m.size());
        for (var e : m.entrySet()) {
            assertEquals(errors.get(e.getKey()).getAsString(), assertThrows(RuntimeException.class, e.getValue(), e.getKey()).getMessage(),
                    e.getKey());
        }
        // a CSR tensor has no COO indices: PyTorch's dispatcher error, first sentence
        assertEquals("Could not run 'aten::indices' with arguments from the 'SparseCsrCPU' backend.",
                assertThrows(UnsupportedOperationException.class, () -> Sparse.toSparseCsr(Torch.ones(2, 2)).indices()).getMessage());
    }

    private static SparseTensor csr(long[] crow, long[] col, Tensor v) {
        return Sparse.csrTensor(Torch.tensor(crow), Torch.tensor(col), v, 2, 3);
    }
}
