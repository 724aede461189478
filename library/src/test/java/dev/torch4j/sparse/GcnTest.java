package dev.torch4j.sparse;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import dev.torch4j.optim.SGD;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.torch4j.sparse.SparseGoldens.get;
import static dev.torch4j.sparse.SparseGoldens.longs;
import static dev.torch4j.sparse.SparseGoldens.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A two-layer graph convolutional network (Kipf and Welling): {@code softmax(Â relu(Â X W1) W2)} with the
 * normalized adjacency {@code Â = D^-1/2 (A + I) D^-1/2} as a sparse matrix, trained by SGD for eight steps. The
 * losses and final weights equal PyTorch's (goldens/sparse.json).
 */
class GcnTest {
    @Test
    void trainsAsPyTorchInFloat64() { train("gcn", 1e-12); }

    @Test
    void trainsAsPyTorchInFloat32() { train("gcn_float32", 1e-5); }

    private static void train(String name, double tol) {
        JsonObject c = get(name);
        Tensor x = tensor(c, "x");
        DType dt = x.dtype();
        int n = c.get("n").getAsInt();
        long[] rows = longs(c, "rows"), cols = longs(c, "cols");
        Tensor edges = Torch.stack(new Tensor[] {Torch.tensor(rows), Torch.tensor(cols)}, 0);
        SparseTensor a = Sparse.cooTensor(edges, Torch.ones(rows.length).to(dt), n, n).coalesce();
        Tensor dinv = Sparse.sumDense(a, 1).pow(-0.5);
        Tensor ai = a.indices();
        Tensor norm = dinv.indexSelect(0, ai.select(0, 0)).mul(a.values()).mul(dinv.indexSelect(0, ai.select(0, 1)));
        SparseTensor ahat = Sparse.cooTensor(ai, norm, n, n);
        Golden.assertExact(tensor(c, "ahat_indices"), ahat.rawIndices(), "Â indices");
        Golden.assertClose(tensor(c, "ahat_values"), ahat.rawValues(), tol, tol, "Â values");

        Tensor w1 = tensor(c, "w1").requiresGrad_(true), w2 = tensor(c, "w2").requiresGrad_(true);
        Tensor y = tensor(c, "y");
        var opt = new SGD(List.of(w1, w2), SGD.options(c.get("lr").getAsDouble()));
        var losses = c.getAsJsonArray("losses");
        for (int step = 0; step < losses.size(); step++) {
            opt.zeroGrad();
            Tensor h = Sparse.mm(ahat, x.matmul(w1)).relu();
            Tensor out = Sparse.mm(ahat, h.matmul(w2));
            Tensor loss = Functional.crossEntropy(out, y);
            loss.backward();
            opt.step();
            assertEquals(losses.get(step).getAsDouble(), loss.item(), tol, name + " loss at step " + step);
        }
        Golden.assertClose(tensor(c, "w1_final"), w1.detach(), tol, tol, "W1 after training");
        Golden.assertClose(tensor(c, "w2_final"), w2.detach(), tol, tol, "W2 after training");
    }
}
