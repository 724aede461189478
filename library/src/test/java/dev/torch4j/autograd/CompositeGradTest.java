package dev.torch4j.autograd;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gradients of composite expressions against real PyTorch (scripts/goldens/grad_composite_goldens.py): the output,
 * the name of its grad_fn, and every leaf's gradient. Each expression is the Python one, op for op.
 */
class CompositeGradTest {
    static Stream<String> names() {
        return Golden.cases("grad_composite").stream().filter(c -> c.has("inputs")).map(c -> c.get("name").getAsString());
    }

    private static Tensor expression(String name, Map<String, Tensor> in) {
        return switch (name) {
            case "mlp" -> in.get("x").matmul(in.get("w1")).add(in.get("b1")).relu().matmul(in.get("w2")).add(in.get("b2"))
                    .logSoftmax(1).mean();
            case "polynomial" -> {
                Tensor x = in.get("x");
                yield x.pow(3L).mul(3L).sub(x.pow(2L).mul(2L)).add(x).sub(5L).sum();
            }
            case "broadcast_chain" -> {
                Tensor a = in.get("a"), b = in.get("b"), c = in.get("c");
                yield a.add(b).mul(c).sub(a.div(b.square().add(2L))).exp().sum(0);
            }
            case "where_masked" -> {
                Tensor x = in.get("x"), y = in.get("y");
                yield Torch.where(x.gt(0L), x.mul(y), y.sin()).maskedFill(y.lt(-0.5), 0.0).square().sum(1);
            }
            case "inplace_chain" -> {
                Tensor x = in.get("x");
                Tensor t = x.mul(1L);
                t.mul_(2L);
                t.add_(x);
                t.sin_();
                t.get(1).mul_(3L);
                t.exp_();
                yield t.sum();
            }
            case "attention" -> {
                Tensor q = in.get("q"), k = in.get("k"), v = in.get("v");
                yield q.matmul(k.transpose(-1, -2)).div(2.0).softmax(-1).matmul(v).tanh().sum();
            }
            case "normalize_reduce" -> {
                Tensor x = in.get("x"), g = in.get("g"), b = in.get("b");
                Tensor centered = x.sub(x.mean(1, true));
                Tensor scaled = centered.div(x.var(new long[] {1}, false, true).add(1e-5).sqrt()).mul(g).add(b);
                yield scaled.square().mean().add(x.norm()).add(x.amax(0).sum()).add(x.logsumexp(1).sum());
            }
            case "index_gather_cat" -> {
                Tensor x = in.get("x");
                Tensor rows = x.index(Torch.fromArray(new long[] {0, 2, 2})).sum();
                Tensor gathered = x.gather(1, Torch.fromArray(new long[] {0, 2, 1, 1}, 4, 1)).prod();
                yield rows.add(gathered).add(Torch.cat(x, x.mul(2L)).max(0).values().sum());
            }
            case "clamp_sort_topk" -> {
                Tensor x = in.get("x");
                Tensor sorted = x.clamp(-0.5, 0.5).sort().values().mul(Torch.arange(0.0, 6.0, 1.0, Torch.dtype(DType.FLOAT64)));
                yield sorted.sum().add(x.topk(2).values().prod());
            }
            default -> throw new IllegalArgumentException("no Java expression for golden case " + name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void gradientsMatchPyTorch(String name) {
        JsonObject c = Golden.cases("grad_composite").stream().filter(j -> j.get("name").getAsString().equals(name))
                .findFirst().orElseThrow();
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (var e : c.getAsJsonObject("inputs").entrySet()) {
            in.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()).requiresGrad_(true));
        }
        Tensor out = expression(name, in);
        double[] tol = Golden.defaultTolerance(DType.FLOAT64);
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), out.detach(), tol[0], tol[1], name + ": output");
        assertEquals(c.get("grad_fn").getAsString(), out.gradFn() == null ? null : out.gradFn().name(), name + ": grad_fn");
        if (c.has("grad_output")) out.backward(Golden.tensor(c.getAsJsonObject("grad_output")));
        else out.backward();
        for (var e : c.getAsJsonObject("grads").entrySet()) {
            Tensor g = in.get(e.getKey()).grad();
            Golden.assertClose(Golden.tensor(e.getValue().getAsJsonObject()), g, tol[0], tol[1], name + ": grad of " + e.getKey());
        }
    }
}
