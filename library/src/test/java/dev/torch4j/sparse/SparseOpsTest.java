package dev.torch4j.sparse;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import static dev.torch4j.sparse.SparseGoldens.get;
import static dev.torch4j.sparse.SparseGoldens.longs;
import static dev.torch4j.sparse.SparseGoldens.tensor;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torch.sparse.mm / addmm / sum / softmax / log_softmax against PyTorch: values, and the gradients of a weighted sum
 * with respect to the dense operands and the values tensor the sparse tensor was built from.
 */
class SparseOpsTest {
    private static final double TOL = 1e-12;

    /** The case's values as a leaf requiring grad, and the sparse tensor built from them. */
    private record Built(Tensor values, SparseTensor sparse) {
        static Built of(JsonObject c) {
            Tensor v = tensor(c, "values").requiresGrad_(true);
            return new Built(v, Sparse.cooTensor(tensor(c, "indices"), v, longs(c, "size")));
        }
    }

    private static void productCase(String name, boolean addmm, double beta, double alpha, double tol) {
        JsonObject c = get(name);
        Built b = Built.of(c);
        Tensor x = tensor(c, "dense").requiresGrad_(true);
        Tensor bias = addmm ? Golden.tensor(c.getAsJsonArray("extra").get(0).getAsJsonObject()).requiresGrad_(true) : null;
        Tensor out = addmm ? Sparse.addmm(bias, b.sparse(), x, beta, alpha) : Sparse.mm(b.sparse(), x);
        Golden.assertClose(tensor(c, "out"), out, tol, tol, name + " out");
        out.mul(tensor(c, "w")).sum().backward();
        Golden.assertClose(tensor(c, "grad_dense"), x.grad(), tol, tol, name + " grad dense");
        Golden.assertClose(tensor(c, "grad_values"), b.values().grad(), tol, tol, name + " grad values");
        if (addmm) {
            Golden.assertClose(Golden.tensor(c.getAsJsonArray("grad_extra").get(0).getAsJsonObject()), bias.grad(), tol, tol, name + " grad bias");
        }
    }

    @Test
    void mmMatchesPyTorch() {
        productCase("mm", false, 1, 1, TOL);
        productCase("mm_float32", false, 1, 1, 1e-5);
    }

    @Test
    void addmmMatchesPyTorch() {
        productCase("addmm", true, 0.5, 2.0, TOL);
        productCase("addmm_broadcast", true, 1, 1, TOL);
    }

    @Test
    void csrMmMatchesCoo() {
        JsonObject c = get("mm");
        SparseTensor coo = SparseGoldens.sparse(c).coalesce();
        Golden.assertClose(tensor(c, "out"), Sparse.mm(coo.toSparseCsr(), tensor(c, "dense")), TOL, TOL, "csr mm");
        Golden.assertClose(tensor(c, "out"), coo.mm(tensor(c, "dense")), TOL, TOL, "coalesced mm");
    }

    /** PyTorch gives a sparse leaf a sparse gradient with the leaf's pattern: its values are the values' gradient here. */
    @Test
    void valuesGradientIsPyTorchsSparseGradient() {
        JsonObject c = get("mm_sparse_leaf");
        Built b = Built.of(c);
        SparseTensor s = b.sparse().coalesce();
        Golden.assertExact(tensor(c, "grad_indices"), s.indices(), "pattern");
        Sparse.mm(s, tensor(c, "dense")).mul(tensor(c, "w")).sum().backward();
        Golden.assertClose(tensor(c, "grad_values"), b.values().grad(), TOL, TOL, "sparse grad values");
    }

    @Test
    void sumMatchesPyTorch() {
        for (String name : new String[] {"sum_all", "sum_dim0", "sum_dim1", "sum_sparse_dims", "sum_dense_dim", "sum_mixed", "sum_3d"}) {
            JsonObject c = get(name);
            Built b = Built.of(c);
            Tensor out;
            if (c.get("dims").isJsonNull()) {
                out = Sparse.sum(b.sparse());
            } else if (c.get("is_dense").getAsBoolean()) {
                out = Sparse.sumDense(b.sparse(), longs(c, "dims"));
            } else {
                SparseTensor r = Sparse.sum(b.sparse(), longs(c, "dims"));
                assertTrue(r.isCoalesced(), name);
                Golden.assertExact(tensor(c, "out_indices"), r.indices(), name + " indices");
                out = r.toDense();
                Golden.assertClose(tensor(c, "out"), Sparse.sumDense(b.sparse(), longs(c, "dims")), TOL, TOL, name + " sumDense");
            }
            Golden.assertClose(tensor(c, "out"), out, TOL, TOL, name);
            out.mul(tensor(c, "w")).sum().backward();
            Golden.assertClose(tensor(c, "grad_values"), b.values().grad(), TOL, TOL, name + " grad values");
        }
    }

    @Test
    void softmaxMatchesPyTorch() {
        for (String name : new String[] {"softmax_dim1", "softmax_dim0", "log_softmax_dim1", "log_softmax_dim0",
                "softmax_hybrid_sparse_dim", "softmax_hybrid_dense_dim", "softmax_3d"}) {
            JsonObject c = get(name);
            Built b = Built.of(c);
            long dim = c.get("dim").getAsLong();
            SparseTensor r = name.startsWith("log") ? Sparse.logSoftmax(b.sparse(), dim) : Sparse.softmax(b.sparse(), dim);
            assertTrue(r.isCoalesced(), name);
            Golden.assertExact(tensor(c, "out_indices"), r.indices(), name + " indices");
            Golden.assertClose(tensor(c, "out_values"), r.values(), TOL, TOL, name + " values");
            Golden.assertClose(tensor(c, "dense"), r.toDense(), TOL, TOL, name + " dense");
            r.values().mul(tensor(c, "w")).sum().backward();
            Golden.assertClose(tensor(c, "grad_values"), b.values().grad(), TOL, TOL, name + " grad values");
        }
        // negative dims wrap (1.13 refuses them here; 2.x wraps them)
        SparseTensor s = SparseGoldens.sparse(get("softmax_dim0"));
        Golden.assertExact(Sparse.softmax(s, 0).values(), Sparse.softmax(s, -2).values(), "dim -2");
    }
}
