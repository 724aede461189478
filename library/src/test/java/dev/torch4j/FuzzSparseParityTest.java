package dev.torch4j;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.sparse.Sparse;
import dev.torch4j.sparse.SparseTensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * Sparse COO tensors against PyTorch over seeded random cases (scripts/goldens/fuzz_sparse_goldens.py): random
 * sparse tensors (1 to 3 sparse and 0 to 2 dense dims, empty sizes and nnz 0, duplicate and unsorted indices,
 * float64 / float32 / int64 values, inferred sizes) through coalesce, toDense, toSparse, t, transpose, mul (by a
 * number, a dense and a sparse tensor), div, neg, add, sub, the unary ops and pow, indexSelect, narrowCopy, Sparse.mm
 * / addmm (with a dense or a sparse matrix), bmm, mv, sparseMask, Sparse.sum (all, over dims), softmax / logSoftmax,
 * toSparseCsr / toSparseCsc, CSR and CSC parts, and casts. Each result must be
 * PyTorch's: dense form, shape, dtype, sparse and dense dims, coalesced indices and values, and (where PyTorch's is
 * determined) nnz, is_coalesced and the entries as stored; with float64 inputs also the gradients of the values and
 * dense operands; refused inputs must raise PyTorch's message. {@code -Dt4j.fuzzSparse=NAME} replays another golden
 * file (an exploration), {@code -Dt4j.fuzzSparseDevice=cuda} replays on a CUDA device (scripts/cuda-emu/test.sh runs
 * it on the emulator).
 */
class FuzzSparseParityTest {
    /** {@code -Dt4j.fuzzSparseDevice=cuda}: the inputs on that device (printed strings, which name it, are skipped). */
    private static final Device DEVICE = Device.of(System.getProperty("t4j.fuzzSparseDevice", "cpu"));

    /** A golden input tensor on {@link #DEVICE}. */
    private static Tensor in(JsonObject j) { return Golden.tensor(j).to(DEVICE); }

    @Test
    void everyCaseMatchesPyTorch() {
        FuzzCases.assertAllMatch(Golden.cases(System.getProperty("t4j.fuzzSparse", "fuzz_sparse")),
                c -> " " + c.get("args") + " specs " + c.get("specs") + " dense " + c.get("dense"), FuzzSparseParityTest::run);
    }

    private static SparseTensor build(JsonObject spec, Tensor values) {
        Tensor idx = in(spec.getAsJsonObject("i"));
        SparseTensor s;
        if (spec.get("size").isJsonNull()) {
            s = Sparse.cooTensor(idx, values);
        } else {
            JsonArray sz = spec.getAsJsonArray("size");
            long[] size = new long[sz.size()];
            for (int k = 0; k < size.length; k++) size[k] = sz.get(k).getAsLong();
            s = Sparse.cooTensor(idx, values, size);
        }
        return spec.get("coalesce").getAsBoolean() ? s.coalesce() : s;
    }

    private static long[] longs(JsonArray a) {
        long[] r = new long[a.size()];
        for (int k = 0; k < r.length; k++) r[k] = a.get(k).getAsLong();
        return r;
    }

    /** The case's call on the given values and dense tensors. */
    private static Object call(JsonObject c, List<Tensor> values, List<Tensor> dense) {
        JsonArray specs = c.getAsJsonArray("specs");
        JsonObject a = c.getAsJsonObject("args");
        if (c.get("java").getAsString().equals("csr")) {
            Tensor crow = in(a.getAsJsonObject("crow")), col = in(a.getAsJsonObject("col"));
            boolean csc = a.has("layout") && a.get("layout").getAsString().equals("csc");
            SparseTensor csr;
            if (csc) {
                csr = a.get("size").isJsonNull() ? Sparse.cscTensor(crow, col, values.get(0))
                        : Sparse.cscTensor(crow, col, values.get(0), longs(a.getAsJsonArray("size")));
            } else {
                csr = a.get("size").isJsonNull() ? Sparse.csrTensor(crow, col, values.get(0))
                        : Sparse.csrTensor(crow, col, values.get(0), longs(a.getAsJsonArray("size")));
            }
            return switch (a.get("then").getAsString()) {
                case "mm" -> Sparse.mm(csr, dense.get(0));
                case "to_dense" -> csr.toDense();
                case "t" -> csr.t();
                case "other" -> csc ? csr.toSparseCsr() : csr.toSparseCsc();
                default -> csr.toSparseCoo();
            };
        }
        List<SparseTensor> s = new ArrayList<>();
        for (int k = 0; k < specs.size(); k++) s.add(build(specs.get(k).getAsJsonObject(), values.get(k)));
        return switch (c.get("java").getAsString()) {
            case "create" -> s.get(0);
            case "repr" -> repr(s.get(0), a);
            case "chain" -> chain(s.get(0), a.getAsJsonArray("steps"));
            case "coalesce" -> s.get(0).coalesce();
            case "to_dense" -> s.get(0).toDense();
            case "neg" -> s.get(0).neg();
            case "to_sparse" -> dense.get(0).toSparse(a.get("sd").getAsLong());
            case "t" -> s.get(0).t();
            case "mul" -> a.get("k").getAsString().matches("-?\\d+") ? s.get(0).mul(a.get("k").getAsLong()) : s.get(0).mul(a.get("k").getAsDouble());
            case "add" -> s.get(0).add(s.get(1));
            case "mm" -> Sparse.mm(s.get(0), dense.get(0));
            case "addmm" -> Sparse.addmm(dense.get(1), s.get(0), dense.get(0), a.get("beta").getAsDouble(), a.get("alpha").getAsDouble());
            case "sum" -> Sparse.sum(s.get(0));
            case "sum_dims" -> {
                long[] dims = longs(a.getAsJsonArray("dims"));
                boolean toDense = c.has("outputs") && c.getAsJsonArray("outputs").get(0).getAsJsonObject().get("kind").getAsString().equals("dense");
                yield toDense ? Sparse.sumDense(s.get(0), dims) : Sparse.sum(s.get(0), dims);
            }
            case "softmax" -> Sparse.softmax(s.get(0), a.get("dim").getAsLong());
            case "log_softmax" -> Sparse.logSoftmax(s.get(0), a.get("dim").getAsLong());
            case "to_csr" -> a.has("layout") && a.get("layout").getAsString().equals("csc") ? s.get(0).toSparseCsc() : s.get(0).toSparseCsr();
            case "to_dtype" -> s.get(0).to(Golden.dtype(a.get("dtype").getAsString()));
            case "sub" -> switch (a.get("how").getAsString()) {
                case "sub" -> s.get(0).sub(s.get(1));
                case "sub_alpha" -> s.get(0).sub(s.get(1), a.get("alpha").getAsDouble());
                default -> s.get(0).add(s.get(1), a.get("alpha").getAsDouble());
            };
            case "mul_sparse" -> s.get(0).mul(s.get(1));
            case "mul_dense" -> s.get(0).mul(dense.get(0));
            case "div" -> div(s.get(0), a, dense);
            case "transpose" -> s.get(0).transpose(a.get("d0").getAsLong(), a.get("d1").getAsLong());
            case "index_select" -> s.get(0).indexSelect(a.get("dim").getAsLong(), in(a.getAsJsonObject("index")));
            case "narrow_copy" -> s.get(0).narrowCopy(a.get("dim").getAsLong(), a.get("start").getAsLong(), a.get("length").getAsLong());
            case "spmm" -> Sparse.mm(s.get(0), s.get(1));
            case "bmm" -> Sparse.bmm(s.get(0), dense.get(0));
            case "mv" -> a.get("how").getAsString().equals("mv") ? s.get(0).mv(dense.get(0)) : s.get(0).matmul(dense.get(0));
            case "sparse_mask" -> dense.get(0).sparseMask(s.get(0));
            case "unary" -> unary(s.get(0), a.get("name").getAsString());
            case "pow" -> a.get("e").getAsString().matches("-?\\d+") ? s.get(0).pow(a.get("e").getAsLong()) : s.get(0).pow(a.get("e").getAsDouble());
            default -> throw new IllegalArgumentException(c.get("java").getAsString());
        };
    }

    /** The div case: by a number (an integer or not) or a dense tensor, with its rounding mode. */
    private static SparseTensor div(SparseTensor t, JsonObject a, List<Tensor> dense) {
        String mode = a.get("mode").isJsonNull() ? null : a.get("mode").getAsString();
        if (a.get("form").getAsString().equals("tensor")) return t.div(dense.get(0), mode);
        if (a.get("k").getAsString().matches("-?\\d+")) return t.div(a.get("k").getAsLong(), mode);
        return t.div(a.get("k").getAsDouble(), mode);
    }

    /** A zero-preserving unary op by its PyTorch name. */
    static SparseTensor unary(SparseTensor t, String name) {
        return switch (name) {
            case "abs" -> t.abs();
            case "sqrt" -> t.sqrt();
            case "square" -> t.square();
            case "sin" -> t.sin();
            case "tan" -> t.tan();
            case "sinh" -> t.sinh();
            case "tanh" -> t.tanh();
            case "asin" -> t.asin();
            case "asinh" -> t.asinh();
            case "atan" -> t.atan();
            case "atanh" -> t.atanh();
            case "expm1" -> t.expm1();
            case "log1p" -> t.log1p();
            case "erf" -> t.erf();
            case "erfinv" -> t.erfinv();
            case "ceil" -> t.ceil();
            case "floor" -> t.floor();
            case "round" -> t.round();
            case "trunc" -> t.trunc();
            case "sign" -> t.sign();
            case "sgn" -> t.sgn();
            case "nan_to_num" -> t.nanToNum();
            case "signbit" -> t.signbit();
            case "isnan" -> t.isnan();
            case "isinf" -> t.isinf();
            case "isposinf" -> t.isposinf();
            case "isneginf" -> t.isneginf();
            case "neg" -> t.neg();
            case "deg2rad" -> t.deg2rad();
            case "rad2deg" -> t.rad2deg();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The repr case's op, printed. */
    private static String repr(SparseTensor t, JsonObject a) {
        long dim = a.get("dim").getAsLong();
        Object r = switch (a.get("what").getAsString()) {
            case "none" -> t;
            case "coalesce" -> t.coalesce();
            case "t" -> t.t();
            case "mul" -> t.mul(2.0);
            case "neg" -> t.neg();
            case "add" -> t.coalesce().add(t.coalesce());
            case "softmax" -> Sparse.softmax(t, dim);
            case "sum_dims" -> t.sparseDim() == 1 && dim == 0 ? t : Sparse.sum(t, dim);
            case "to_csr" -> t.toSparseCsr();
            case "to_sparse" -> Sparse.toSparse(t.toDense(), a.get("sd").getAsLong());
            case "sub" -> t.coalesce().sub(t.coalesce());
            case "mul_sparse" -> t.coalesce().mul(t.coalesce());
            case "div" -> t.div(2.0);
            case "transpose" -> t.transpose(0, t.sparseDim() - 1);
            case "index_select" -> t.indexSelect(0, t.size(0) == 0 ? Torch.zeros(Size.of(0), Torch.dtype(DType.INT64))
                    : Torch.tensor(new long[] {t.size(0) - 1, t.size(0) - 1}));
            case "abs" -> t.abs();
            case "pow" -> t.pow(2L);
            case "narrow_copy" -> t.narrowCopy(0, 0, t.size(0));
            case "sparse_mask" -> t.toDense().sparseMask(t.coalesce());
            default -> throw new IllegalArgumentException(a.toString());
        };
        return r.toString();
    }

    /** The chain's unary steps in order, then its dense result (or a coalesced tensor). */
    private static Object chain(SparseTensor t, JsonArray steps) {
        for (int k = 0; k < steps.size() - 1; k++) {
            JsonArray st = steps.get(k).getAsJsonArray();
            t = switch (st.get(0).getAsString()) {
                case "coalesce" -> t.coalesce();
                case "neg" -> t.neg();
                case "mul" -> t.mul(st.get(1).getAsDouble());
                case "softmax" -> Sparse.softmax(t, st.get(1).getAsLong());
                case "t" -> t.t();
                case "to" -> t.to(Golden.dtype(st.get(1).getAsString()));
                case "abs" -> t.abs();
                case "div" -> t.div(st.get(1).getAsDouble());
                case "pow" -> t.pow(st.get(1).getAsLong());
                case "transpose" -> t.transpose(st.get(1).getAsLong(), st.get(2).getAsLong());
                default -> throw new IllegalArgumentException(st.toString());
            };
        }
        return switch (steps.get(steps.size() - 1).getAsJsonArray().get(0).getAsString()) {
            case "to_dense" -> t.toDense();
            case "sum" -> Sparse.sum(t);
            default -> t.coalesce();
        };
    }

    private static List<Tensor> tensors(JsonObject c, String key, boolean grad) {
        List<Tensor> r = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray(key)) {
            Tensor t = in(key.equals("specs") ? e.getAsJsonObject().getAsJsonObject("v") : e.getAsJsonObject());
            if (grad && t.dtype() == DType.FLOAT64) t.requiresGrad_(true);
            r.add(t);
        }
        return r;
    }

    static String run(JsonObject c) {
        if (c.has("text") && !DEVICE.isCpu()) return null;
        if (c.has("text")) { // a printed string, character for character
            JsonObject a = c.getAsJsonObject("args");
            String got;
            try {
                List<Tensor> vs = tensors(c, "specs", false);
                for (Tensor v : vs) if (a.get("grad").getAsBoolean()) v.requiresGrad_(true);
                got = (String) call(c, vs, List.of());
            } catch (RuntimeException e) {
                return "torch4j raised " + e;
            }
            String want = c.get("text").getAsString();
            return want.equals(got) ? null : "printed\n" + got + "\nPyTorch\n" + want;
        }
        Object out;
        try {
            out = call(c, tensors(c, "specs", false), tensors(c, "dense", false));
        } catch (RuntimeException e) {
            if (!c.has("error")) return "torch4j raised " + e;
            String want = c.get("error").getAsString();
            // a kernel's name says its device, as PyTorch's does (sparse_binary_op_intersection_cuda() on CUDA)
            String got = DEVICE.isCpu() ? e.getMessage() : String.valueOf(e.getMessage()).replace("_cuda(", "_cpu(").replace("_cuda:", "_cpu:");
            return want.equals(got) ? null : "message \"" + e.getMessage() + "\", PyTorch \"" + want + "\"";
        }
        if (c.has("error")) return "PyTorch raised \"" + c.get("error").getAsString() + "\" but torch4j gave " + out;
        try {
            compare(c.getAsJsonArray("outputs").get(0).getAsJsonObject(), out, c.has("tol32"));
        } catch (AssertionError e) {
            return e.getMessage();
        }
        return c.has("grads_v") ? gradients(c) : null;
    }

    /** assertClose, with float32's tolerances where a float64 result carries float32 rounding ({@code tol32}). */
    private static void close(Tensor want, Tensor got, boolean tol32, String what) {
        if (tol32) Golden.assertClose(want, got, 1.3e-6, 1e-5, what);
        else Golden.assertClose(want, got, what);
    }

    private static void compare(JsonObject want, Object got, boolean tol32) {
        String kind = want.get("kind").getAsString();
        if (kind.equals("dense")) {
            if (!(got instanceof Tensor t)) throw new AssertionError("a dense result expected, torch4j gave " + got);
            close(Golden.tensor(want.getAsJsonObject("t")), t, tol32, "result");
            return;
        }
        if (!(got instanceof SparseTensor s)) throw new AssertionError("a sparse result expected, torch4j gave " + got);
        close(Golden.tensor(want.getAsJsonObject("dense")), s.toDense(), tol32, "dense form");
        if (kind.equals("csr")) {
            check(s.layout() == Layout.SPARSE_CSR, "layout " + s.layout() + ", PyTorch torch.sparse_csr");
            Golden.assertExact(Golden.tensor(want.getAsJsonObject("crow")), s.crowIndices(), "crow_indices");
            Golden.assertExact(Golden.tensor(want.getAsJsonObject("col")), s.colIndices(), "col_indices");
            Golden.assertClose(Golden.tensor(want.getAsJsonObject("vals")), s.values(), "values");
            return;
        }
        if (kind.equals("csc")) {
            check(s.layout() == Layout.SPARSE_CSC, "layout " + s.layout() + ", PyTorch torch.sparse_csc");
            Golden.assertExact(Golden.tensor(want.getAsJsonObject("ccol")), s.ccolIndices(), "ccol_indices");
            Golden.assertExact(Golden.tensor(want.getAsJsonObject("row")), s.rowIndices(), "row_indices");
            Golden.assertClose(Golden.tensor(want.getAsJsonObject("vals")), s.values(), "values");
            return;
        }
        check(java.util.Arrays.equals(longs(want.getAsJsonArray("shape")), s.shapeArray()), "shape " + s.size() + ", PyTorch " + want.get("shape"));
        check(want.get("dtype").getAsString().equals(s.dtype().pyName()), "dtype " + s.dtype() + ", PyTorch " + want.get("dtype"));
        check(want.get("sparse_dim").getAsInt() == s.sparseDim() && want.get("dense_dim").getAsInt() == s.denseDim(),
                "sparse/dense dims " + s.sparseDim() + "/" + s.denseDim() + ", PyTorch " + want.get("sparse_dim") + "/" + want.get("dense_dim"));
        SparseTensor co = s.coalesce();
        Golden.assertExact(Golden.tensor(want.getAsJsonObject("ci")), co.indices(), "coalesced indices");
        close(Golden.tensor(want.getAsJsonObject("cv")), co.values(), tol32, "coalesced values");
        if (!want.has("nnz")) return;
        check(want.get("nnz").getAsLong() == s.nnz(), "nnz " + s.nnz() + ", PyTorch " + want.get("nnz"));
        check(want.get("coalesced").getAsBoolean() == s.isCoalesced(), "is_coalesced " + s.isCoalesced() + ", PyTorch " + want.get("coalesced"));
        Golden.assertExact(Golden.tensor(want.getAsJsonObject("ri")), s.rawIndices(), "_indices()");
        close(Golden.tensor(want.getAsJsonObject("rv")), s.rawValues(), tol32, "_values()");
    }

    private static void check(boolean ok, String what) { if (!ok) throw new AssertionError(what); }

    /** The gradients of sum(dense(out) * w) with respect to the float64 values and dense operands. */
    private static String gradients(JsonObject c) {
        List<Tensor> vs = tensors(c, "specs", true), ds = tensors(c, "dense", true);
        Object out = call(c, vs, ds);
        Tensor od = out instanceof SparseTensor s ? s.toDense() : (Tensor) out;
        JsonElement w = c.getAsJsonArray("w").get(0);
        if (w.isJsonNull()) return null;
        if (!od.requiresGrad()) return "the result does not require grad, PyTorch's does";
        od.mul(in(w.getAsJsonObject())).sum().backward();
        String p = c.has("no_value_grads") ? null : compareGrads(c.getAsJsonArray("grads_v"), vs, "values ");
        return p != null ? p : compareGrads(c.getAsJsonArray("grads_d"), ds, "dense ");
    }

    private static String compareGrads(JsonArray want, List<Tensor> leaves, String what) {
        for (int k = 0; k < want.size(); k++) {
            Tensor got = leaves.get(k).grad();
            if (want.get(k).isJsonNull()) {
                if (got != null && leaves.get(k).requiresGrad() && got.ne(0.0).any().item() != 0) return "gradient of " + what + k + " should be None";
                continue;
            }
            Tensor e = Golden.tensor(want.get(k).getAsJsonObject());
            if (got == null) got = Torch.zerosLike(e);
            try {
                Golden.assertClose(e, got, 1e-9, 1e-9, "gradient of " + what + k);
            } catch (AssertionError err) {
                return err.getMessage();
            }
        }
        return null;
    }
}
