package dev.torch4j;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch's {@code out=} argument ({@link Out}): the function forms write into the given tensor and return it, with
 * the values of the allocating forms, PyTorch's casting, overlap and autograd rules and its error messages. The
 * literal values and messages are those {@code scripts/goldens/out_reference.py} prints with PyTorch 1.13 (2.x keeps
 * them).
 */
class OutArgumentTest {

    private static void fails(Class<? extends Throwable> type, Executable body, String... fragments) {
        Throwable e = assertThrows(type, body);
        String m = String.valueOf(e.getMessage());
        for (String f : fragments) assertTrue(m.contains(f), () -> "message should contain \"" + f + "\" but was: " + m);
    }

    /** Same dtype, shape and values (the inputs below make no NaN). */
    private static void assertSameValues(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertEquals(expected.shape(), actual.shape(), what);
        assertTrue(expected.equal(actual), () -> what + ": expected " + expected + " but got " + actual);
    }

    private record Bin(String name, BiFunction<Tensor, Tensor, Tensor> plain, Op3 withOut) {}

    @FunctionalInterface
    private interface Op3 {
        Tensor apply(Tensor a, Tensor b, Out out);
    }

    @Test
    void binaryFunctionsWriteTheAllocatingResultIntoOut() {
        manualSeed(0);
        Tensor a = rand(3, 4).add(0.5), b = rand(4).add(0.5);
        List<Bin> ops = List.of(
                new Bin("add", Tensor::add, Torch::add), new Bin("sub", Tensor::sub, Torch::sub),
                new Bin("mul", Tensor::mul, Torch::mul), new Bin("div", Tensor::div, Torch::div),
                new Bin("pow", Tensor::pow, Torch::pow), new Bin("remainder", Tensor::remainder, Torch::remainder),
                new Bin("floorDivide", Tensor::floorDivide, Torch::floorDivide),
                new Bin("maximum", Tensor::maximum, Torch::maximum), new Bin("minimum", Tensor::minimum, Torch::minimum),
                new Bin("atan2", Tensor::atan2, Torch::atan2), new Bin("eq", Tensor::eq, Torch::eq),
                new Bin("ne", Tensor::ne, Torch::ne), new Bin("lt", Tensor::lt, Torch::lt), new Bin("le", Tensor::le, Torch::le),
                new Bin("gt", Tensor::gt, Torch::gt), new Bin("ge", Tensor::ge, Torch::ge),
                new Bin("logicalAnd", Tensor::logicalAnd, Torch::logicalAnd),
                new Bin("logicalOr", Tensor::logicalOr, Torch::logicalOr),
                new Bin("logicalXor", Tensor::logicalXor, Torch::logicalXor));
        for (Bin op : ops) {
            Tensor expected = op.plain().apply(a, b);
            Tensor out = emptyLike(expected);
            Tensor r = op.withOut().apply(a, b, out(out));
            assertSame(out, r, op.name());
            assertSameValues(expected, out, op.name());
        }
    }

    @Test
    void scalarAndAlphaFormsMatchTheTensorMethods() {
        Tensor x = tensor(new float[] {1, 2, 3}), i = tensor(new long[] {7, -8, 9});
        assertSameValues(x.add(2.5), add(x, 2.5, out(empty(3))), "add double");
        assertSameValues(i.add(2L), add(i, 2L, out(empty(shape(3), dtype(DType.INT64)))), "add long keeps int64");
        assertSameValues(x.sub(x, 3), sub(x, x, 3, out(empty(3))), "sub alpha");
        assertSameValues(tensor(new float[] {9, 12, 15}), add(tensor(new float[] {1, 2, 3}), tensor(new float[] {4, 5, 6}), 2,
                out(empty(3))), "add alpha (PyTorch)");
        assertSameValues(i.mul(-3L), mul(i, -3L, out(emptyLike(i))), "mul long");
        assertSameValues(x.div(4L), div(x, 4L, out(empty(3))), "div long");
        assertSameValues(i.remainder(3L), remainder(i, 3L, out(emptyLike(i))), "remainder long");
        assertSameValues(i.pow(2L), pow(i, 2L, out(emptyLike(i))), "pow long");
        assertSameValues(x.pow(0.5), pow(x, 0.5, out(empty(3))), "pow double");
        assertThrows(ArithmeticException.class, () -> pow(i, -1L, out(emptyLike(i))));
        // the function forms without out= are the methods
        assertSameValues(x.mul(x), mul(x, x), "mul");
        assertSameValues(i.add(x), add(i, x), "add promotes");
        assertSameValues(x.exp(), exp(x), "exp");
        assertSameValues(x.sub(1L).relu(), relu(sub(x, 1L)), "relu");
    }

    @Test
    void powInPlaceAndOutTakeTheSpecialFormsOfNewResults() {
        // PyTorch 1.13: x.pow(e), x.pow_(e) and pow(x, e, out=) agree for the exponents computed as sqrt, rsqrt,
        // reciprocal, x*x*x and 1/(x*x); C's pow would give +inf for pow(-inf, 0.5) and +inf for pow(-0.0, -0.5)
        float inf = Float.POSITIVE_INFINITY, nan = Float.NaN;
        float[][] expected = {{nan, -0f, 2, nan}, {nan, -inf, 0.5f, nan}, {-0f, -inf, 0.25f, -0.25f},
                {-inf, -0f, 64, -64}, {0, inf, 0.0625f, 0.0625f}};
        double[] exponents = {0.5, -0.5, -1, 3, -2};
        for (int k = 0; k < exponents.length; k++) {
            double e = exponents[k];
            Tensor x = tensor(new float[] {-inf, -0f, 4, -4});
            // bit patterns: NaN equals NaN, -0.0 differs from 0.0
            assertArrayEquals(expected[k], x.pow(e).toFloatArray(), "pow " + e);
            assertArrayEquals(expected[k], pow(x, e, out(empty(4))).toFloatArray(), "pow out= " + e);
            assertArrayEquals(expected[k], x.clone().pow_(e).toFloatArray(), "pow_ " + e);
        }
        Tensor v = tensor(new float[] {-inf, -0f, 4, -4});
        v.index(slice(null, null, 2)).pow_(0.5); // a strided view written in place
        assertArrayEquals(new float[] {nan, -0f, 2, -4}, v.toFloatArray(), "pow_ of a view");
        Tensor i = tensor(new long[] {4, 9});
        assertThrows(RuntimeException.class, () -> i.pow_(0.5), "a float result does not cast to int64");
        assertSameValues(tensor(new long[] {4, 9}), i, "refused in-place pow leaves the tensor");
    }

    @Test
    void unaryFunctionsWriteTheAllocatingResultIntoOut() {
        manualSeed(1);
        Tensor x = rand(5, 3).add(0.1);
        List<Function<Tensor, Tensor>> plain = List.of(Tensor::abs, Tensor::neg, Tensor::sign, Tensor::exp, Tensor::log,
                Tensor::log1p, Tensor::expm1, Tensor::sqrt, Tensor::rsqrt, Tensor::sin, Tensor::cos, Tensor::tan,
                Tensor::tanh, Tensor::sigmoid, Tensor::erf, Tensor::floor, Tensor::ceil, Tensor::round, Tensor::trunc,
                Tensor::reciprocal, Tensor::square, Tensor::logicalNot);
        List<BiFunction<Tensor, Out, Tensor>> withOut = List.of(Torch::abs, Torch::neg, Torch::sign, Torch::exp, Torch::log,
                Torch::log1p, Torch::expm1, Torch::sqrt, Torch::rsqrt, Torch::sin, Torch::cos, Torch::tan,
                Torch::tanh, Torch::sigmoid, Torch::erf, Torch::floor, Torch::ceil, Torch::round, Torch::trunc,
                Torch::reciprocal, Torch::square, Torch::logicalNot);
        for (int k = 0; k < plain.size(); k++) {
            Tensor expected = plain.get(k).apply(x);
            Tensor out = emptyLike(expected);
            assertSame(out, withOut.get(k).apply(x, out(out)), "op " + k);
            assertSameValues(expected, out, "op " + k + ": " + expected);
        }
        // an integer input gives a float result (PyTorch: exp of [0, 1] into a float out)
        assertSameValues(tensor(new float[] {1f, (float) Math.E}), exp(tensor(new long[] {0, 1}), out(empty(2))), "exp int");
    }

    @Test
    void resultsCastIntoOutWhenPyTorchAllowsIt() {
        Tensor a = tensor(new float[] {1, 2, 3}), b = tensor(new float[] {4, 5, 6});
        assertSameValues(a.add(b).to(DType.FLOAT64), add(a, b, out(empty(shape(3), dtype(DType.FLOAT64)))), "float into double");
        assertSameValues(tensor(new float[] {4, 6}), add(tensor(new long[] {1, 2}), tensor(new long[] {3, 4}), out(empty(2))),
                "int into float");
        assertSameValues(tensor(new float[] {1, 0}), eq(tensor(new float[] {1, 2}), tensor(new float[] {1, 3}), out(empty(2))),
                "bool into float");
        fails(IllegalArgumentException.class, () -> add(a, b, out(empty(shape(3), dtype(DType.INT64)))),
                "add", "result type Float can't be cast to the desired output type Long");
        fails(IllegalArgumentException.class, () -> exp(a, out(empty(shape(3), dtype(DType.INT64)))),
                "exp", "result type Float can't be cast to the desired output type Long");
        fails(IllegalArgumentException.class, () -> div(tensor(new long[] {1, 2}), tensor(new long[] {2, 2}),
                out(empty(shape(2), dtype(DType.INT64)))), "div", "result type Float can't be cast to the desired output type Long");
    }

    @Test
    void outCallsAreNotRecordedAndRefuseTensorsThatRequireGrad() {
        Tensor w = ones(3).requiresGrad_(true), x = ones(3);
        String why = "functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.";
        fails(IllegalStateException.class, () -> add(w, x, out(empty(3))), "add(): " + why);
        fails(IllegalStateException.class, () -> add(x, x, out(empty(3).requiresGrad_(true))), "add(): " + why);
        fails(IllegalStateException.class, () -> mul(w, 2L, out(empty(3))), "mul(): " + why);
        fails(IllegalStateException.class, () -> sigmoid(w, out(empty(3))), "sigmoid(): " + why);
        fails(IllegalStateException.class, () -> mm(ones(2, 3).requiresGrad_(true), ones(3, 2), out(empty(2, 2))), "mm(): " + why);
        // comparisons have no gradient: PyTorch lets them through
        assertSameValues(tensor(new boolean[] {false, false, false}), eq(w, 2L, out(empty(shape(3), dtype(DType.BOOL)))), "eq");
        try (var g = noGrad()) {
            Tensor o = add(w, x, out(empty(3)));
            assertFalse(o.requiresGrad());
            assertSameValues(tensor(new float[] {2, 2, 2}), o, "under no_grad");
        }
    }

    @Test
    void anOutWriteBumpsTheVersionSoBackwardSeesIt() {
        Tensor p = tensor(new float[] {0.5f, -1}).requiresGrad_(true);
        Tensor s = p.sigmoid();          // SigmoidBackward0 saves its result
        int before = s.version();
        try (var g = noGrad()) {
            mul(s, 2L, out(s));
        }
        assertTrue(s.version() > before);
        fails(IllegalStateException.class, () -> s.sum().backward(), "modified by an inplace operation");
    }

    @Test
    void outMustHaveTheResultsShape() {
        fails(IllegalArgumentException.class, () -> add(ones(3), ones(3), out(empty(2))),
                "add: out= tensor has shape [2] but the result has shape [3]", "pass a tensor of shape [3]");
        fails(IllegalArgumentException.class, () -> exp(ones(2, 2), out(empty(0))), "exp", "[0]", "[2, 2]");
        fails(IllegalArgumentException.class, () -> mm(ones(2, 3), ones(3, 2), out(empty(3, 3))), "mm", "[3, 3]", "[2, 2]");
    }

    @Test
    void overlapRulesArePyTorchs() {
        String partial = "unsupported operation: some elements of the input tensor and the written-to tensor refer to a "
                + "single memory location. Please clone() the tensor before performing the operation.";
        Tensor x = arange(6.0);
        fails(IllegalArgumentException.class, () -> add(x.narrow(0, 0, 4), 1L, out(x.narrow(0, 2, 4))), "add: " + partial);
        Tensor sq = arange(4.0).view(2, 2);
        fails(IllegalArgumentException.class, () -> add(sq, 10L, out(sq.t())), "add: " + partial);
        fails(IllegalArgumentException.class, () -> exp(x.narrow(0, 1, 4), out(x.narrow(0, 0, 4))), "exp: " + partial);
        fails(IllegalArgumentException.class, () -> add(ones(3), 1L, out(zeros(1).expand(3))),
                "more than one element of the written-to tensor refers to a single memory location");
        // the same elements in the same layout: in place
        add(x, 1L, out(x));
        assertSameValues(tensor(new float[] {1, 2, 3, 4, 5, 6}), x, "full overlap");
        // disjoint parts of one storage, and interleaved ones (PyTorch: x[:3] + 1 into x[3:]; x[::2] + 1 into x[1::2])
        Tensor y = arange(6.0);
        add(y.narrow(0, 0, 3), 1L, out(y.narrow(0, 3, 3)));
        assertSameValues(tensor(new float[] {0, 1, 2, 1, 2, 3}), y, "disjoint");
        Tensor z = arange(6.0), pairs = z.view(3, 2);
        add(pairs.select(1, 0), 10L, out(pairs.select(1, 1)));
        assertSameValues(tensor(new float[] {0, 10, 2, 12, 4, 14}), z, "interleaved");
        // an overlap PyTorch cannot judge (out not dense) is allowed, and the input is read from a copy; PyTorch 1.13
        // reads it in place there, so its neg gives 3 (not -4) at x[6] while its exp happens to read ahead
        Tensor w = arange(8.0), every2nd = w.view(4, 2).select(1, 0);
        neg(w.narrow(0, 1, 4), out(every2nd));
        assertSameValues(tensor(new float[] {-1, 1, -2, 3, -3, 5, -4, 7}), w, "non-dense out over its input (unary)");
        Tensor v = arange(8.0);
        add(v.narrow(0, 1, 4), 0L, out(v.view(4, 2).select(1, 0)));
        assertSameValues(tensor(new float[] {1, 1, 2, 3, 3, 5, 4, 7}), v, "non-dense out over its input (binary)");
    }

    @Test
    void aStridedOutIsWrittenThroughItsStrides() {
        Tensor o = zeros(3, 2).t();
        add(ones(2, 3), arange(3.0), out(o));
        assertArrayEquals(new long[] {1, 2}, o.stride());
        assertSameValues(tensor(new float[][] {{1, 2, 3}, {1, 2, 3}}), o, "transposed out (PyTorch)");
        Tensor m = zeros(2, 2).t();
        mm(arange(6.0).view(2, 3), ones(3, 2), out(m));
        assertArrayEquals(new long[] {1, 2}, m.stride());
        assertSameValues(tensor(new float[][] {{3, 3}, {12, 12}}), m, "mm into a transposed out (PyTorch)");
    }

    @Test
    void productsWriteIntoOut() {
        manualSeed(2);
        Tensor a = randn(5, 7), b = randn(7, 3);
        Tensor o = empty(5, 3);
        assertSame(o, mm(a, b, out(o)));
        assertSameValues(a.mm(b), o, "mm");
        Tensor od = empty(shape(5, 3), dtype(DType.FLOAT64));
        assertSame(od, matmul(a.to(DType.FLOAT64), b.to(DType.FLOAT64), out(od)));
        assertSameValues(a.to(DType.FLOAT64).matmul(b.to(DType.FLOAT64)), od, "matmul float64");
        // into part of a buffer: the elements around it stay
        Tensor buf = full(new long[] {17}, -1.0);
        mm(a, b, out(buf.narrow(0, 1, 15).view(5, 3)));
        assertSameValues(a.mm(b).reshape(15), buf.narrow(0, 1, 15), "mm into a view with an offset");
        assertEquals(-1.0, buf.get(0).item(), 0);
        assertEquals(-1.0, buf.get(16).item(), 0);
        // an operand that is out (PyTorch: m @ m into m gives 2s)
        Tensor sq = ones(2, 2);
        mm(sq, sq, out(sq));
        assertSameValues(full(new long[] {2, 2}, 2.0), sq, "mm into an operand");
        // an empty inner dim writes zeros
        assertSameValues(zeros(2, 3), mm(ones(2, 0), ones(0, 3), out(full(new long[] {2, 3}, 7.0))), "k = 0");
        Tensor a3 = randn(4, 2, 3), b3 = randn(4, 3, 2), v = randn(3);
        assertSameValues(a3.bmm(b3), bmm(a3, b3, out(empty(4, 2, 2))), "bmm");
        Tensor bbuf = full(new long[] {18}, -1.0);
        bmm(a3, b3, out(bbuf.narrow(0, 1, 16).view(4, 2, 2)));
        assertSameValues(a3.bmm(b3).reshape(16), bbuf.narrow(0, 1, 16), "bmm into a view with an offset");
        assertEquals(-1.0, bbuf.get(17).item(), 0);
        assertSameValues(zeros(4, 2, 3), bmm(ones(4, 2, 0), ones(4, 0, 3), out(full(new long[] {4, 2, 3}, 7.0))), "bmm k = 0");
        Tensor cube = ones(2, 2, 2);
        bmm(cube, cube, out(cube));
        assertSameValues(full(new long[] {2, 2, 2}, 2.0), cube, "bmm into an operand");
        fails(IllegalArgumentException.class, () -> bmm(ones(4, 2, 3), ones(3, 3, 2), out(empty(4, 2, 2))),
                "bmm: Expected size for first two dimensions of batch2 tensor to be: [4, 3] but got: [3, 3].");
        assertSameValues(a3.matmul(b3), matmul(a3, b3, out(empty(4, 2, 2))), "matmul 3d 3d");
        assertSameValues(a3.matmul(b3.get(0)), matmul(a3, b3.get(0), out(empty(4, 2, 2))), "matmul 3d 2d");
        assertSameValues(v.matmul(v), matmul(v, v, out(empty(new long[0]))), "matmul 1d 1d");
        assertSameValues(a3.get(0).matmul(v), matmul(a3.get(0), v, out(empty(2))), "matmul 2d 1d");
        assertSameValues(tensor(new long[][] {{3, 3}, {3, 3}}),
                mm(ones(shape(2, 3), dtype(DType.INT64)), ones(shape(3, 2), dtype(DType.INT64)), out(empty(shape(2, 2), dtype(DType.INT64)))),
                "int64 mm");
    }

    @Test
    void productOutChecksArePyTorchs() {
        fails(IllegalArgumentException.class, () -> mm(ones(2, 3), ones(3, 2), out(empty(shape(2, 2), dtype(DType.FLOAT64)))),
                "mm: Expected out tensor to have dtype float, but got double instead");
        fails(IllegalArgumentException.class, () -> bmm(ones(1, 3, 3), ones(1, 3, 3), out(empty(shape(1, 3, 3), dtype(DType.INT64)))),
                "bmm: Expected out tensor to have dtype float, but got long int instead");
        fails(IllegalArgumentException.class, () -> matmul(ones(2, 3), ones(3, 2), out(empty(shape(2, 2), dtype(DType.FLOAT64)))),
                "Expected out tensor to have dtype float, but got double instead");
        fails(IllegalArgumentException.class, () -> mm(ones(2, 3), ones(2, 3), out(empty(2, 3))),
                "mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)");
        String why = "(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.";
        Tensor g1 = ones(3).requiresGrad_(true), g2 = ones(2, 3).requiresGrad_(true), g3 = ones(4, 2, 3).requiresGrad_(true);
        fails(IllegalStateException.class, () -> matmul(g1, ones(3), out(empty(new long[0]))), "dot" + why);
        fails(IllegalStateException.class, () -> matmul(g2, ones(3), out(empty(2))), "mv" + why);
        fails(IllegalStateException.class, () -> matmul(g1, ones(3, 2), out(empty(2))), "mm" + why);
        fails(IllegalStateException.class, () -> matmul(g3, ones(3, 2), out(empty(4, 2, 2))), "mm" + why);
        fails(IllegalStateException.class, () -> matmul(g3, ones(4, 3, 2), out(empty(4, 2, 2))), "bmm" + why);
        fails(IllegalStateException.class, () -> bmm(g3, ones(4, 3, 2), out(empty(4, 2, 2))), "bmm" + why);
    }

    @Test
    void inferenceTensorsAreNotWrittenOutsideInferenceMode() {
        Tensor o;
        try (var g = inferenceMode()) {
            o = empty(3);
        }
        Tensor target = o;
        fails(IllegalStateException.class, () -> add(ones(3), ones(3), out(target)), "Inplace update to inference tensor outside InferenceMode");
        fails(IllegalStateException.class, () -> mm(ones(3, 1), ones(1, 1), out(target.view(3, 1))), "inference tensor");
    }
}
