package dev.torch4j.autograd;

import dev.torch4j.Index;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static dev.torch4j.autograd.OpInfo.away0;
import static dev.torch4j.autograd.OpInfo.constant;
import static dev.torch4j.autograd.OpInfo.mask;
import static dev.torch4j.autograd.OpInfo.offGrid;
import static dev.torch4j.autograd.OpInfo.pos;
import static dev.torch4j.autograd.OpInfo.r;

/**
 * The op table of the generic gradient suite: every differentiable public op of {@code Tensor} and {@code Torch}
 * with sample inputs (several shapes, broadcasting, Java scalar arguments; values away from the points where the
 * op is not differentiable). {@link OpTableGradTest} runs gradcheck and gradgradcheck over it, and fails when a
 * public op is neither here nor on one of the commented lists below, so a new op cannot skip the suite.
 */
final class OpInfos {
    private OpInfos() {}

    /** Ops with no derivative by nature, keyed by method name. */
    static final Map<String, String> NOT_DIFFERENTIABLE = new TreeMap<>();
    /** Methods that only forward to an op tested under another name, keyed by method name. */
    static final Map<String, String> ALIAS = new TreeMap<>();

    static {
        String cmp = "comparison: bool result";
        for (String n : List.of("eq", "ne", "lt", "le", "gt", "ge")) NOT_DIFFERENTIABLE.put(n, cmp);
        for (String n : List.of("logicalAnd", "logicalOr", "logicalXor", "logicalNot", "logicalNot_", "all", "any")) {
            NOT_DIFFERENTIABLE.put(n, "logical: bool result");
        }
        for (String n : List.of("isnan", "isinf", "isfinite", "isclose", "signbit", "isposinf", "isneginf")) {
            NOT_DIFFERENTIABLE.put(n, "predicate: bool result");
        }
        for (String n : List.of("arccos", "arcsin", "arctan", "arccosh", "arcsinh", "arctanh")) ALIAS.put(n, "NumPy's name of the a- function");
        ALIAS.put("clip", "clamp");
        for (String n : List.of("arccos_", "arcsin_", "arctan_", "arccosh_", "arcsinh_", "arctanh_")) ALIAS.put(n, "in-place a- function");
        ALIAS.put("clip_", "clamp_");
        ALIAS.put("data", "detach");
        ALIAS.put("asTensor", "tensor (a tensor passes through)");
        ALIAS.put("asarray", "tensor or to(device, dtype) (a tensor passes through itself; UtilityFunctionsTest)");
        ALIAS.put("nuclearNorm", "linalg.matrix_norm(A, \"nuc\")");
        NOT_DIFFERENTIABLE.put("range", "creation: no tensor inputs to differentiate");
        for (String n : List.of("greater_", "greaterEqual_", "less_", "lessEqual_", "notEqual_")) ALIAS.put(n, "the comparison's in-place form (gt_, ge_, ...)");
        ALIAS.put("sgn_", "sign_ (real tensors)");
        NOT_DIFFERENTIABLE.put("floorDivide_", "PyTorch records NotImplemented for floor_divide: no derivative");
        for (String n : List.of("adaptiveAvgPool1d", "alphaDropout", "avgPool1d", "batchNorm", "bilinear", "celu", "channelShuffle",
                "constantPadNd", "conv1d", "conv2d", "conv3d", "convTranspose1d", "convTranspose2d", "convTranspose3d", "cosineSimilarity",
                "dropout", "embedding", "featureAlphaDropout", "groupNorm", "instanceNorm", "layerNorm", "maxPool1d", "maxPool2d",
                "maxPool3d", "pairwiseDistance", "pdist", "pixelShuffle", "pixelUnshuffle", "rrelu", "selu", "threshold")) {
            ALIAS.put(n, "the torch.* name of the F function (NnFunctionFormsTest checks they agree)");
        }
        NOT_DIFFERENTIABLE.put("getRngState", "the generator's state as bytes: no tensor input (TypeInfoTest)");
        ALIAS.put("type", "to (a dtype or a legacy type name)");
        for (String n : List.of("apply_", "map_")) NOT_DIFFERENTIABLE.put(n, "a Java callback per element, which PyTorch does not differentiate either");
        NOT_DIFFERENTIABLE.put("geqrf", "PyTorch records GeqrfBackward0 without a derivative (LegacyLinalgGoldenTest)");
        ALIAS.put("orgqr", "linalg.householder_product");
        NOT_DIFFERENTIABLE.put("poisson", "random draw: a zero gradient, as PyTorch's PoissonBackward0 (RandomOpsTest)");
        NOT_DIFFERENTIABLE.put("binomial", "random draw: PyTorch records NotImplemented (RandomOpsTest)");
        ALIAS.put("fix_", "trunc_");
        ALIAS.put("unsafeChunk", "chunk");
        ALIAS.put("unsafeSplit", "split");
        ALIAS.put("splitWithSizes", "split with a list of sizes");
        NOT_DIFFERENTIABLE.put("histc", "a histogram: counts (PyTorch does not differentiate it)");
        ALIAS.put("fix", "trunc");
        ALIAS.put("sgn", "sign (real tensors)");
        for (String n : List.of("argmax", "argmin", "argsort", "nonzero", "nonzeroAsTuple", "argwhere", "countNonzero")) {
            NOT_DIFFERENTIABLE.put(n, "integer (index or count) result");
        }
        NOT_DIFFERENTIABLE.put("floorDivide", "PyTorch records NotImplemented for floor_divide: no derivative");
        for (String n : List.of("unique", "bincount", "searchsorted", "bucketize")) NOT_DIFFERENTIABLE.put(n, "integer (count or index) result");
        NOT_DIFFERENTIABLE.put("restride", "internal, unrecorded view primitive: the op-layer function calling it records the view");
        for (String n : List.of("uniform_", "normal_", "random_", "bernoulli_", "exponential_", "cauchy_", "logNormal_", "geometric_")) {
            NOT_DIFFERENTIABLE.put(n, "random fill: the result does not depend on the input's values");
        }
        for (String n : List.of("tensor", "fromArray", "empty", "emptyLike", "zeros", "zerosLike", "ones", "onesLike", "full",
                "fullLike", "arange", "linspace", "eye", "hannWindow", "hammingWindow", "blackmanWindow",
                "bartlettWindow", "kaiserWindow")) {
            NOT_DIFFERENTIABLE.put(n, "creation: no tensor inputs to differentiate");
        }
        for (String n : List.of("rand", "randn", "randint", "randperm", "normal", "randLike", "randnLike", "randintLike")) {
            NOT_DIFFERENTIABLE.put(n, "random creation: no differentiable inputs");
        }
        for (String n : List.of("detach", "detach_", "requiresGrad_", "retainGrad", "grad")) {
            NOT_DIFFERENTIABLE.put(n, "autograd API, tested in EngineTest");
        }
        for (String n : List.of("resize_", "resizeAs_")) NOT_DIFFERENTIABLE.put(n, "refused on tensors that require grad, as in PyTorch");
        NOT_DIFFERENTIABLE.put("set_", "PyTorch records NotImplemented for set_: no derivative");
        NOT_DIFFERENTIABLE.put("trilIndices", "int64 indices made from sizes: no tensor input");
        NOT_DIFFERENTIABLE.put("triuIndices", "int64 indices made from sizes: no tensor input");
        NOT_DIFFERENTIABLE.put("multinomial", "random sampling: int64 category indices, no derivative (as in PyTorch)");
        NOT_DIFFERENTIABLE.put("asParameter", "nn.Parameter: a new leaf over the same data (like detach)");
        for (String n : List.of("bitwiseAnd", "bitwiseOr", "bitwiseXor", "bitwiseNot", "bitwiseLeftShift", "bitwiseRightShift",
                "gcd", "lcm")) {
            NOT_DIFFERENTIABLE.put(n, "integer-only op (bool too for the bitwise ones): no floating inputs, no gradient");
            NOT_DIFFERENTIABLE.put(n + "_", "integer-only op, in place: no floating inputs, no gradient");
        }
        for (String n : List.of("fakeQuantizePerTensorAffine", "fakeQuantizePerChannelAffine",
                "fakeQuantizeLearnablePerTensorAffine", "fakeQuantizeLearnablePerChannelAffine")) {
            NOT_DIFFERENTIABLE.put(n, "piecewise constant: its straight-through (and LSQ) gradients are no finite differences, "
                    + "so FakeQuantizationTest compares them with PyTorch's");
        }
        for (String n : List.of("quantizePerTensor", "quantizePerChannel", "quantizePerTensorDynamic", "intRepr",
                "qPerChannelScales", "qPerChannelZeroPoints")) {
            NOT_DIFFERENTIABLE.put(n, "quantized tensors hold integers and cannot require grad (as in PyTorch); QuantizedTensorTest "
                    + "compares values with PyTorch's");
        }
        NOT_DIFFERENTIABLE.put("dequantize", "a float tensor is returned as it is; a quantized one cannot require grad");
        NOT_DIFFERENTIABLE.put("uniqueConsecutive", "values of runs, counts and run indices: PyTorch does not differentiate it");
        for (String n : List.of("and", "or", "xor", "bitwiseNegate", "leftShift", "rightShift")) {
            ALIAS.put(n, "Groovy operator of the bitwise op (bitwiseAnd, ..., bitwiseRightShift): integer-only");
        }

        ALIAS.put("plus", "add (Kotlin operator)");
        ALIAS.put("minus", "sub (Kotlin operator)");
        ALIAS.put("times", "mul (Kotlin operator)");
        ALIAS.put("multiply", "mul (Groovy operator)");
        ALIAS.put("unaryMinus", "neg (Kotlin operator)");
        ALIAS.put("negative", "neg (Groovy operator)");
        ALIAS.put("power", "pow (Groovy operator)");
        ALIAS.put("get", "index (Kotlin operator: Indexing.index)");
        ALIAS.put("getAt", "index (Groovy operator: Indexing.index)");
        ALIAS.put("concat", "cat (Joining.cat)");
        ALIAS.put("cpu", "to(Device.CPU): returns self on the CPU");
        ALIAS.put("cuda", "to(Device.cuda(i)): needs a GPU; every table op runs on CUDA in CudaOpTableParityTest");
    }

    /** Unary elementwise ops and the value domain their samples come from. */
    private static final Map<String, Function<long[], Tensor>> UNARY = new TreeMap<>();

    static {
        for (String n : List.of("neg", "exp", "expm1", "sin", "cos", "tan", "tanh", "sigmoid", "gelu", "silu", "erf", "square")) {
            UNARY.put(n, OpInfo::r);
        }
        for (String n : List.of("log", "log1p", "sqrt", "rsqrt", "reciprocal")) UNARY.put(n, OpInfo::pos);
        for (String n : List.of("abs", "relu", "sign")) UNARY.put(n, OpInfo::away0);
        for (String n : List.of("floor", "ceil", "round", "trunc")) UNARY.put(n, OpInfo::offGrid);
        for (String n : List.of("atan", "asinh", "sinh", "cosh", "exp2", "erfc")) UNARY.put(n, OpInfo::r);
        for (String n : List.of("acos", "asin", "atanh")) UNARY.put(n, shape -> OpInfo.in(-0.9, 0.9, shape));
        UNARY.put("acosh", shape -> OpInfo.in(1.2, 3, shape));
        for (String n : List.of("log2", "log10")) UNARY.put(n, OpInfo::pos);
    }

    private static final long[][] UNARY_SHAPES = {{}, {5}, {3, 4}, {2, 3, 4}};

    /** The table, built once. */
    static final List<OpInfo> ALL = Collections.unmodifiableList(build());

    private static List<OpInfo> build() {
        List<OpInfo> t = new ArrayList<>();
        elementwise(t);
        ShapeOpInfos.reductions(t);
        ShapeOpInfos.indexing(t);
        ShapeOpInfos.joiningAndLinalg(t);
        ShapeOpInfos.viewsAndCopies(t);
        ComposedOpInfos.shapes(t);
        ComposedOpInfos.arithmetic(t);
        ComposedOpInfos.orderStatistics(t);
        ComposedOpInfos.scansAndScatterReduce(t);
        ComplexOpInfos.complexOps(t);
        FftOpInfos.fftOps(t);
        ShortcutOpInfos.all(t);
        NnFunctionOpInfos.all(t);
        SweepOpInfos.all(t);
        ViewCopyOpInfos.all(t);
        return t;
    }

    static OpInfo op(List<OpInfo> t, String name, String variant, Function<Tensor[], Tensor> fn) {
        OpInfo o = OpInfo.single(name, variant, fn);
        t.add(o);
        return o;
    }

    static OpInfo opMulti(List<OpInfo> t, String name, String variant, Function<Tensor[], Tensor[]> fn) {
        OpInfo o = OpInfo.multi(name, variant, fn);
        t.add(o);
        return o;
    }

    /** Calls a no-argument Tensor method by name (for the unary ops and their in-place forms). */
    static Tensor invoke(Tensor x, String method) {
        try {
            Method m = Tensor.class.getMethod(method);
            return (Tensor) m.invoke(x);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new RuntimeException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no method Tensor." + method + "()", e);
        }
    }

    private static boolean hasMethod(String name) {
        try {
            Tensor.class.getMethod(name);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static void elementwise(List<OpInfo> t) {
        for (var e : UNARY.entrySet()) {
            String n = e.getKey();
            OpInfo o = op(t, n, "", x -> invoke(x[0], n));
            for (long[] s : UNARY_SHAPES) o.sample(e.getValue().apply(s));
            if (!hasMethod(n + "_")) continue;
            // the in-place form on a non-leaf: computed out of place with its graph, then committed
            OpInfo inplace = op(t, n + "_", "", x -> invoke(x[0].clone(), n + "_"));
            for (long[] s : UNARY_SHAPES) inplace.sample(e.getValue().apply(s));
        }
        op(t, "gelu", "tanh", x -> x[0].gelu("tanh")).sample(r()).sample(r(3, 4)).sample(r(2, 3, 4));
        op(t, "gelu", "none", x -> x[0].gelu("none")).sample(r(3, 4));

        // binary: same shapes, broadcasting both ways, a 0-d tensor operand, and Java scalars
        binary(t, "add", (a, b) -> a.add(b), OpInfo::r, OpInfo::r);
        op(t, "add", "alpha", x -> x[0].add(x[1], 2.5)).sample(r(3, 4), r(4));
        op(t, "add", "scalar", x -> x[0].add(1.5)).sample(r(3, 4)).sample(r());
        op(t, "add", "long", x -> x[0].add(2L)).sample(r(3, 4));
        binary(t, "sub", (a, b) -> a.sub(b), OpInfo::r, OpInfo::r);
        op(t, "sub", "alpha", x -> x[0].sub(x[1], -0.5)).sample(r(3, 4), r(3, 1));
        op(t, "sub", "scalar", x -> x[0].sub(1.5)).sample(r(3, 4));
        binary(t, "mul", (a, b) -> a.mul(b), OpInfo::r, OpInfo::r);
        op(t, "mul", "scalar", x -> x[0].mul(-2.5)).sample(r(3, 4)).sample(r());
        binary(t, "div", (a, b) -> a.div(b), OpInfo::r, OpInfo::away0);
        op(t, "div", "scalar", x -> x[0].div(4.0)).sample(r(3, 4));
        op(t, "div", "floor", x -> x[0].div(x[1], "floor")).sample(offGrid(3, 4), constant(pos(3, 4)));
        op(t, "div", "trunc", x -> x[0].div(x[1], "trunc")).sample(offGrid(3, 4), constant(pos(4)));
        binary(t, "pow", (a, b) -> a.pow(b), OpInfo::pos, OpInfo::r);
        op(t, "pow", "double", x -> x[0].pow(2.5)).sample(pos(3, 4)).sample(pos());
        op(t, "pow", "long", x -> x[0].pow(3L)).sample(r(3, 4)).sample(r(5));
        op(t, "pow", "zero exponent", x -> x[0].pow(0.0)).sample(r(3, 4));
        binary(t, "maximum", (a, b) -> a.maximum(b), OpInfo::r, OpInfo::r);
        binary(t, "minimum", (a, b) -> a.minimum(b), OpInfo::r, OpInfo::r);
        op(t, "max", "binary", x -> x[0].max(x[1])).sample(r(3, 4), r(4));
        op(t, "min", "binary", x -> x[0].min(x[1])).sample(r(3, 4), r(3, 1));
        op(t, "remainder", "", x -> x[0].remainder(x[1])).sample(offGrid(3, 4), pos(3, 4)).sample(offGrid(3, 4), pos(4));
        op(t, "remainder", "scalar", x -> x[0].remainder(1.5)).sample(offGrid(3, 4));
        op(t, "remainder", "long", x -> x[0].remainder(2L)).sample(offGrid(3, 4));
        binary(t, "atan2", (a, b) -> a.atan2(b), OpInfo::r, OpInfo::away0);

        // in-place binary forms on a non-leaf (a leaf requiring grad may not be modified in place)
        op(t, "add_", "", x -> x[0].clone().add_(x[1])).sample(r(3, 4), r(4)).sample(r(3, 4), r(3, 4));
        op(t, "add_", "alpha", x -> x[0].clone().add_(x[1], 0.5)).sample(r(3, 4), r(3, 1));
        op(t, "add_", "scalar", x -> x[0].clone().add_(2.0)).sample(r(3, 4));
        op(t, "sub_", "", x -> x[0].clone().sub_(x[1])).sample(r(3, 4), r(4));
        op(t, "sub_", "scalar", x -> x[0].clone().sub_(2L)).sample(r(3, 4));
        op(t, "mul_", "", x -> x[0].clone().mul_(x[1])).sample(r(3, 4), r(4));
        op(t, "mul_", "scalar", x -> x[0].clone().mul_(3.0)).sample(r(3, 4));
        op(t, "div_", "", x -> x[0].clone().div_(x[1])).sample(r(3, 4), away0(4));
        op(t, "div_", "scalar", x -> x[0].clone().div_(3.0)).sample(r(3, 4));
        op(t, "pow_", "", x -> x[0].clone().pow_(x[1])).sample(pos(3, 4), r(4));
        op(t, "pow_", "scalar", x -> x[0].clone().pow_(2L)).sample(r(3, 4));
        op(t, "remainder_", "", x -> x[0].clone().remainder_(x[1])).sample(offGrid(3, 4), pos(4));
        op(t, "atan2_", "", x -> x[0].clone().atan2_(x[1])).sample(r(3, 4), away0(3, 4));
        op(t, "mul_", "view of a non-leaf (CopySlices)", x -> {
            Tensor y = x[0].clone();
            y.narrow(1, 1, 2).mul_(x[1]);
            return y;
        }).sample(r(3, 4), r(3, 2)).sample(r(3, 4), r(2));
        op(t, "exp_", "view of a non-leaf (CopySlices)", x -> {
            Tensor y = x[0].mul(2.0);
            y.select(0, 1).exp_();
            return y;
        }).sample(r(3, 4)).sample(r(2, 3, 4));

        // where, clamp, masked fill
        Tensor cond34 = mask(new boolean[] {true, false, false, true, true, true, false, false, true, false, true, false}, 3, 4);
        Tensor cond4 = mask(new boolean[] {true, false, true, false});
        op(t, "where", "", x -> Torch.where(x[0], x[1], x[2]))
                .sample(cond34, r(3, 4), r(3, 4)).sample(cond4, r(3, 4), r(3, 1)).sample(cond34, r(4), r());
        op(t, "where", "method", x -> x[1].where(x[0], x[2])).sample(cond34, r(3, 4), r(4));
        op(t, "where", "scalar", x -> x[1].where(x[0], 2.5)).sample(cond4, r(3, 4));
        // bounds +-0.5 with samples in [-1, 1): some clamped, some not, none within eps of a bound
        op(t, "clamp", "", x -> x[0].clamp(-0.5, 0.5)).sample(r(3, 4)).sample(r(2, 3, 4)).sample(r());
        op(t, "clamp", "boxed", x -> x[0].clamp(null, Double.valueOf(0.25))).sample(r(3, 4));
        op(t, "clamp", "tensor bounds", x -> x[0].clamp(x[1], x[2])).sample(r(3, 4), OpInfo.in(-0.7, -0.5, 4), OpInfo.in(0.5, 0.7, 3, 1));
        op(t, "clampMin", "", x -> x[0].clampMin(-0.25)).sample(r(3, 4));
        op(t, "clampMax", "", x -> x[0].clampMax(0.25)).sample(r(3, 4));
        op(t, "clamp_", "", x -> x[0].clone().clamp_(-0.5, 0.5)).sample(r(3, 4));
        op(t, "maskedFill", "", x -> x[1].maskedFill(x[0], 2.0)).sample(cond34, r(3, 4)).sample(cond4, r(2, 3, 4));
        op(t, "maskedFill", "tensor value", x -> x[1].maskedFill(x[0], x[2])).sample(cond34, r(3, 4), r());
        op(t, "maskedFill_", "", x -> x[1].clone().maskedFill_(x[0], -1.0)).sample(cond4, r(3, 4));
    }

    /** A binary op over same-shape, broadcast (both ways), 0-d and scalar-like operands. */
    private static void binary(List<OpInfo> t, String name, java.util.function.BinaryOperator<Tensor> f,
                               Function<long[], Tensor> da, Function<long[], Tensor> db) {
        op(t, name, "", x -> f.apply(x[0], x[1]))
                .sample(da.apply(new long[] {3, 4}), db.apply(new long[] {3, 4}))
                .sample(da.apply(new long[] {3, 4}), db.apply(new long[] {4}))
                .sample(da.apply(new long[] {3, 1}), db.apply(new long[] {1, 4}))
                .sample(da.apply(new long[] {2, 3, 4}), db.apply(new long[] {}))
                .sample(da.apply(new long[] {}), db.apply(new long[] {5}))
                .sample(da.apply(new long[] {3, 4}), constant(db.apply(new long[] {3, 4})));
    }

    /** The values of a (values, indices) result, with the indices as a second, non-differentiable output. */
    static Tensor[] both(ValuesIndices vi) { return new Tensor[] {vi.values(), vi.indices()}; }

    static Index slice(Number start, Number stop, Number step) { return Torch.slice(start, stop, step); }
}
