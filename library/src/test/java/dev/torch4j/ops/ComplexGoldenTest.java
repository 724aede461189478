package dev.torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Index;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Complex tensors against PyTorch (scripts/goldens/complex_goldens.py): type promotion with every real dtype and
 * with Java scalars, arithmetic with PyTorch 2.x's division at zero and infinite divisors, pow, the unary functions
 * on branch cuts and signed zeros, reductions, the matmul family and vdot, creation and complex randn/rand after
 * manualSeed, casts and copies, element selection (where, masked_fill, indexing, gather/scatter, flip, tril...),
 * comparisons, gradients of real losses reaching complex leaves, and the errors of ops PyTorch refuses for complex.
 * Values are compared on the real view, never through printing.
 */
class ComplexGoldenTest {
    /** A golden tensor; complex ones are stored as their real view under the complex dtype's name. */
    static Tensor tensor(JsonObject j) { return Golden.tensor(j); }

    private static Tensor realView(Tensor t) { return t.isComplex() ? t.viewAsReal() : t; }

    /** Compares dtype, shape and values (complex on the real view); float32 parts within 1e-5, float64 within 1e-10. */
    static void assertMatches(Tensor want, Tensor got, String what) {
        assertEquals(want.dtype(), got.dtype(), what + ": dtype");
        assertEquals(want.shape(), got.shape(), what + ": shape");
        Tensor w = realView(want), g = realView(got.detach());
        DType part = w.dtype();
        if (!part.isFloatingPoint()) {
            Golden.assertExact(w, g, what);
            return;
        }
        double tol = part == DType.FLOAT64 ? 1e-10 : part == DType.FLOAT32 ? 2e-5 : 1e-2;
        Golden.assertClose(w, g, tol, tol, what);
    }

    private static long[] longs(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    private static DType complexDType(JsonObject c) {
        return c.getAsJsonObject("output").get("dtype").getAsString().equals("complex64") ? DType.COMPLEX64 : DType.COMPLEX128;
    }

    /** A Java scalar argument as the script passed it: an int, a float or a bool. */
    private static Tensor scalarOp(String op, Tensor x, JsonElement v) {
        var p = v.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return switch (op) {
                case "add" -> x.add(Torch.tensor(p.getAsBoolean()));
                case "mul" -> x.mul(Torch.tensor(p.getAsBoolean()));
                default -> throw new AssertionError(op);
            };
        }
        boolean integer = p.getAsString().matches("-?\\d+");
        return switch (op) {
            case "add" -> integer ? x.add(p.getAsLong()) : x.add(p.getAsDouble());
            case "sub" -> integer ? x.sub(p.getAsLong()) : x.sub(p.getAsDouble());
            case "mul" -> integer ? x.mul(p.getAsLong()) : x.mul(p.getAsDouble());
            case "div" -> integer ? x.div(p.getAsLong()) : x.div(p.getAsDouble());
            case "pow" -> integer ? x.pow(p.getAsLong()) : x.pow(p.getAsDouble());
            default -> throw new AssertionError(op);
        };
    }

    private static final Map<String, Function<Tensor, Tensor>> UNARY = new TreeMap<>(Map.ofEntries(
            Map.entry("exp", Tensor::exp), Map.entry("log", Tensor::log), Map.entry("sqrt", Tensor::sqrt),
            Map.entry("sin", Tensor::sin), Map.entry("cos", Tensor::cos), Map.entry("tan", Tensor::tan),
            Map.entry("sinh", Tensor::sinh), Map.entry("cosh", Tensor::cosh), Map.entry("tanh", Tensor::tanh),
            Map.entry("sigmoid", Tensor::sigmoid), Map.entry("reciprocal", Tensor::reciprocal),
            Map.entry("square", Tensor::square), Map.entry("abs", Tensor::abs), Map.entry("angle", Tensor::angle),
            Map.entry("sgn", Tensor::sgn), Map.entry("conj", Tensor::conj), Map.entry("neg", Tensor::neg),
            Map.entry("isnan", Tensor::isnan), Map.entry("isinf", Tensor::isinf), Map.entry("isfinite", Tensor::isfinite)));

    /** The forward ops of the gradient cases, as complex_goldens.py's GRAD writes them. */
    private static Tensor gradOp(String name, Tensor[] x) {
        Tensor a = x[0], b = x.length > 1 ? x[1] : null;
        if (UNARY.containsKey(name)) return UNARY.get(name).apply(a);
        return switch (name) {
            case "mul" -> a.mul(b);
            case "div" -> a.div(b);
            case "add" -> a.add(b);
            case "sub" -> a.sub(b);
            case "pow" -> a.pow(b);
            case "sum" -> a.sum(0);
            case "mean" -> a.mean(-1, true);
            case "prod" -> a.prod();
            case "matmul" -> a.unsqueeze(0).t().matmul(b.unsqueeze(0));
            case "vdot" -> Torch.vdot(a, b);
            case "dot" -> Torch.dot(a, b);
            case "vector_norm" -> Torch.linalg().vectorNorm(a, 2);
            case "flip" -> a.flip(0);
            case "tril" -> a.reshape(2, 2).tril();
            case "select" -> a.reshape(2, 2).select(1, 1);
            case "permute_reshape" -> a.reshape(2, 2).t().reshape(4);
            case "expand" -> a.unsqueeze(0).expand(3, 4);
            case "narrow" -> a.narrow(0, 1, 2);
            case "index_select" -> a.indexSelect(0, Torch.tensor(new long[] {3, 0, 3}));
            case "where" -> Torch.where(Torch.tensor(new boolean[] {true, false, false, true}), a, b);
            default -> throw new AssertionError("no gradient op " + name);
        };
    }

    private static Object run(String op, Tensor[] in, JsonObject args, JsonObject c) {
        Tensor x = in.length > 0 ? in[0] : null, y = in.length > 1 ? in[1] : null;
        if (UNARY.containsKey(op)) return UNARY.get(op).apply(x);
        return switch (op) {
            case "add" -> x.add(y);
            case "sub" -> x.sub(y);
            case "mul" -> x.mul(y);
            case "div" -> x.div(y);
            case "pow" -> x.pow(y);
            case "add_scalar", "sub_scalar", "mul_scalar", "div_scalar", "pow_scalar" ->
                    scalarOp(op.substring(0, op.indexOf('_')), x, args.get("value"));
            case "rsub_scalar" -> Torch.rsub(x, args.get("value").getAsDouble());
            case "sum" -> x.sum(longs(args.get("dims")), args.get("keepdim").getAsBoolean());
            case "mean" -> x.mean(longs(args.get("dims")), args.get("keepdim").getAsBoolean());
            case "sum_all" -> x.sum();
            case "mean_all" -> x.mean();
            case "prod_all" -> x.prod();
            case "prod" -> x.prod(args.get("dim").getAsLong(), args.get("keepdim").getAsBoolean());
            case "mm" -> x.mm(y);
            case "matmul" -> x.matmul(y);
            case "bmm" -> x.bmm(y);
            case "mv" -> x.mv(y);
            case "dot" -> x.dot(y);
            case "vdot" -> x.vdot(y);
            case "vector_norm" -> Torch.linalg().vectorNorm(x, Golden.number(args.get("ord")));
            case "vector_norm_dim" -> Torch.linalg().vectorNorm(x, args.get("ord").getAsDouble(), longs(args.get("dims")),
                    args.get("keepdim").getAsBoolean());
            case "norm" -> x.norm();
            case "zeros" -> Torch.zeros(Size.of(2, 3), Torch.dtype(complexDType(c)));
            case "ones" -> Torch.ones(Size.of(2, 3), Torch.dtype(complexDType(c)));
            case "full" -> Torch.full(new long[] {2, 2}, args.get("value").getAsDouble(), Torch.dtype(complexDType(c)));
            case "zeros_like" -> Torch.zerosLike(x);
            case "ones_like" -> Torch.onesLike(x);
            case "full_like" -> Torch.fullLike(x, args.get("value").getAsDouble());
            case "randn", "rand" -> {
                Torch.manualSeed(args.get("seed").getAsLong());
                long[] shape = c.getAsJsonObject("output").getAsJsonArray("shape").asList().stream().mapToLong(JsonElement::getAsLong).toArray();
                yield op.equals("randn") ? Torch.randn(Size.of(shape), Torch.dtype(complexDType(c)))
                        : Torch.rand(Size.of(shape), Torch.dtype(complexDType(c)));
            }
            case "to" -> x.to(dtypeNamed(args.get("dtype").getAsString()));
            case "copy_" -> x.clone().copy_(y);
            case "where" -> Torch.where(x, y, in[2]);
            case "masked_fill" -> x.maskedFill(y, args.get("value").getAsDouble());
            case "masked_fill_t" -> x.maskedFill(y, in[2]);
            case "index_select" -> x.indexSelect(args.get("dim").getAsLong(), y);
            case "index_tensor", "index_mask" -> x.index(y);
            case "index_basic" -> x.index(Index.slice(1, null), Index.slice(null, null, 2));
            case "gather" -> x.gather(args.get("dim").getAsLong(), y);
            case "scatter" -> x.scatter(args.get("dim").getAsLong(), y, in[2]);
            case "index_put" -> x.clone().indexPut_(new Object[] {y}, in[2]);
            case "index_put_acc" -> x.clone().indexPut_(new Object[] {y}, in[2], true);
            case "flip" -> x.flip(longs(args.get("dims")));
            case "roll" -> x.roll(args.get("shift").getAsLong(), args.get("dim").getAsLong());
            case "repeat" -> x.repeat(longs(args.get("repeats")));
            case "tril" -> x.tril(args.get("diagonal").getAsLong());
            case "triu" -> x.triu(args.get("diagonal").getAsLong());
            case "isclose" -> Torch.isclose(x, y, 1e-5, 1e-8, args.get("equal_nan").getAsBoolean());
            case "allclose" -> Torch.allclose(x, y);
            case "equal" -> Torch.equal(x, y);
            case "eq" -> x.eq(y);
            case "ne" -> x.ne(y);
            case "reshape_t" -> x.t().reshape(12);
            case "flatten_t" -> x.t().flatten();
            default -> throw new AssertionError("unknown golden op " + op);
        };
    }

    private static DType dtypeNamed(String name) {
        return switch (name) {
            case "complex64" -> DType.COMPLEX64;
            case "complex128" -> DType.COMPLEX128;
            default -> Golden.dtype(name);
        };
    }

    private static Tensor errorOp(String name, Tensor x) {
        return switch (name) {
            case "relu" -> x.relu();
            case "max" -> x.max();
            case "min" -> x.min();
            case "lt" -> x.lt(x);
            case "gt" -> x.gt(x);
            case "clamp" -> x.clamp(0.0, 1.0);
            case "sort" -> x.sort().values();
            case "floor" -> x.floor();
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void matchPyTorch() {
        List<String> failures = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonObject c : Golden.cases("complex")) {
            String op = c.get("op").getAsString();
            JsonArray ins = c.getAsJsonArray("inputs");
            Tensor[] in = new Tensor[ins.size()];
            for (int i = 0; i < in.length; i++) in[i] = tensor(ins.get(i).getAsJsonObject());
            String what = op + " " + (c.has("args") ? c.get("args") : "") + " on "
                    + java.util.Arrays.stream(in).map(t -> t.dtype().pyName() + t.shape()).toList();
            try {
                if (c.has("error")) {
                    String name = op.substring("error_".length());
                    var e = assertThrows(IllegalArgumentException.class, () -> errorOp(name, in[0]), what);
                    assertTrue(e.getMessage().contains(c.get("expect").getAsString()), what + ": " + e.getMessage());
                } else if (c.has("grads")) {
                    Tensor[] leaves = java.util.Arrays.stream(in).map(t -> t.detach().requiresGrad_(true)).toArray(Tensor[]::new);
                    Tensor out = gradOp(op.substring("grad_".length()), leaves);
                    assertMatches(tensor(c.getAsJsonObject("output")), out, what + " forward");
                    Tensor r = realView(out);
                    Tensor w = Torch.linspace(-1.0, 1.5, Math.max(r.numel(), 1), Torch.dtype(DType.FLOAT64)).narrow(0, 0, r.numel());
                    r.mul(w.reshape(r.shapeArray()).to(r.dtype())).sum().backward();
                    JsonArray grads = c.getAsJsonArray("grads");
                    for (int i = 0; i < leaves.length; i++) {
                        assertMatches(tensor(grads.get(i).getAsJsonObject()), leaves[i].grad(), what + " grad " + i);
                    }
                } else {
                    Object got = run(op, in, c.has("args") ? c.getAsJsonObject("args") : null, c);
                    if (got instanceof Boolean b) assertEquals(c.get("output").getAsBoolean(), b, what);
                    else assertMatches(tensor(c.getAsJsonObject("output")), (Tensor) got, what);
                }
                counts.merge(op, 1, Integer::sum);
            } catch (RuntimeException | AssertionError e) {
                failures.add(what + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " failure(s):\n" + String.join("\n", failures));
        assertEquals(456, counts.values().stream().mapToInt(Integer::intValue).sum(), counts.toString());
    }

    /** Complex results of a promotion keep the operands' values: a real tensor joins as its real part. */
    @Test
    void aComplexFillOfARealTensorIsRefusedAsPyTorchRefusesIt() {
        // PyTorch 1.13 and 2.x: "value cannot be converted to type float without overflow" (no silent real part)
        Tensor mask = Torch.tensor(new boolean[] {true, false, true});
        Tensor value = Torch.complex(Torch.tensor(1.0), Torch.tensor(2.0));
        var e = assertThrows(IllegalArgumentException.class, () -> Torch.zeros(3).maskedFill(mask, value));
        assertEquals("masked_fill: value cannot be converted to type float without overflow", e.getMessage());
    }

    @Test
    void scalarsAndZeroDimTensorsPromote() {
        Tensor z = Torch.complex(Torch.tensor(new float[] {1, 2}), Torch.tensor(new float[] {3, 4}));
        assertEquals(DType.COMPLEX64, z.add(2.5).dtype());
        assertEquals(DType.COMPLEX64, z.mul(Torch.tensor(2.0).to(DType.FLOAT64)).dtype()); // 0-d float64: category only
        assertEquals(DType.COMPLEX128, z.mul(Torch.fromArray(new double[] {2.0})).dtype());
        Tensor z0 = Torch.complex(Torch.tensor(1.0).to(DType.FLOAT64), Torch.tensor(-1.0).to(DType.FLOAT64));
        assertEquals(DType.COMPLEX128, z0.dtype());
        assertEquals(DType.COMPLEX64, Torch.tensor(new float[] {1, 2}).add(z0).dtype());
        assertEquals(DType.COMPLEX128, Torch.fromArray(new double[] {1, 2}).add(z0).dtype());
        assertEquals(DType.COMPLEX64, Torch.tensor(new long[] {1, 2}).add(z0.to(DType.COMPLEX64)).dtype());
    }
}
