package dev.torch4j.onnx;

import static dev.torch4j.onnx.OnnxOps.one;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.io.OnnxFile;
import dev.torch4j.nn.Functional;

import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/** Elementwise operators, activations, softmax, reductions and the matrix products. */
final class MathOps {
    private MathOps() {}

    static void register(Map<String, OnnxOps.Op> t) {
        unary(t, "Abs", Tensor::abs);
        unary(t, "Neg", Tensor::neg);
        unary(t, "Sqrt", Tensor::sqrt);
        unary(t, "Exp", Tensor::exp);
        unary(t, "Log", Tensor::log);
        unary(t, "Reciprocal", Tensor::reciprocal);
        unary(t, "Floor", Tensor::floor);
        unary(t, "Ceil", Tensor::ceil);
        unary(t, "Round", Tensor::round); // half to even, as ONNX's
        unary(t, "Sign", Tensor::sign);
        unary(t, "Sin", Tensor::sin);
        unary(t, "Cos", Tensor::cos);
        unary(t, "Tan", Tensor::tan);
        unary(t, "Asin", Tensor::asin);
        unary(t, "Acos", Tensor::acos);
        unary(t, "Atan", Tensor::atan);
        unary(t, "Sinh", Tensor::sinh);
        unary(t, "Cosh", Tensor::cosh);
        unary(t, "Asinh", Tensor::asinh);
        unary(t, "Acosh", Tensor::acosh);
        unary(t, "Atanh", Tensor::atanh);
        unary(t, "Erf", Tensor::erf);
        unary(t, "IsNaN", Tensor::isnan);
        unary(t, "Relu", Tensor::relu);
        unary(t, "Sigmoid", Tensor::sigmoid);
        unary(t, "Tanh", Tensor::tanh);
        unary(t, "Softsign", Functional::softsign);
        unary(t, "Softplus", Functional::softplus);
        unary(t, "HardSwish", Functional::hardswish);
        unary(t, "Mish", Functional::mish);
        unary(t, "Not", Tensor::logicalNot);
        unary(t, "BitwiseNot", Tensor::bitwiseNot);
        t.put("Identity", c -> one(c.required(0)));
        t.put("Dropout", c -> {
            // inference unless the graph passes training_mode (input 2, opset 12+) as true
            Tensor x = c.required(0), training = c.input(2);
            // the ratio is read (a device sync on a GPU) only in training mode; a zero ratio keeps everything
            // (torchvision's Swin exports F.dropout(p=0.0) with training true)
            double ratio = training == null || training.itemLong() == 0 ? 0 : c.input(1) == null ? 0.5 : c.input(1).item();
            if (ratio != 0) {
                Tensor keep = Torch.rand(x.shape(), dev.torch4j.TensorOptions.DEFAULT.dtype(x.dtype()).device(x.device())).ge(ratio);
                Tensor y = ratio == 1 ? Torch.zerosLike(x) : x.mul(keep).div(1 - ratio);
                return c.wantsOutput(1) ? new Tensor[] {y, keep} : one(y);
            }
            return c.wantsOutput(1) ? new Tensor[] {x, Torch.onesLike(x, dev.torch4j.TensorOptions.DEFAULT.dtype(DType.BOOL))} : one(x);
        });
        t.put("IsInf", c -> {
            Tensor x = c.required(0);
            boolean pos = c.i("detect_positive", 1) != 0, neg = c.i("detect_negative", 1) != 0;
            return one(pos && neg ? x.isinf() : pos ? x.isposinf() : neg ? x.isneginf() : Torch.zerosLike(x, dev.torch4j.TensorOptions.DEFAULT.dtype(DType.BOOL)));
        });

        binary(t, "Add", Tensor::add);
        binary(t, "Sub", Tensor::sub);
        binary(t, "Mul", Tensor::mul);
        binary(t, "Equal", Tensor::eq);
        binary(t, "Less", Tensor::lt);
        binary(t, "Greater", Tensor::gt);
        binary(t, "LessOrEqual", Tensor::le);
        binary(t, "GreaterOrEqual", Tensor::ge);
        binary(t, "And", Tensor::logicalAnd);
        binary(t, "Or", Tensor::logicalOr);
        binary(t, "Xor", Tensor::logicalXor);
        binary(t, "BitwiseAnd", Tensor::bitwiseAnd);
        binary(t, "BitwiseOr", Tensor::bitwiseOr);
        binary(t, "BitwiseXor", Tensor::bitwiseXor);
        // integer Div truncates toward zero, as C (and ONNX Runtime) do
        binary(t, "Div", (a, b) -> a.dtype().isFloatingPoint() ? a.div(b) : a.div(b, "trunc"));
        // the result keeps the base's type (opset 12's rule), whatever the exponent's
        binary(t, "Pow", (a, b) -> a.pow(b).to(a.dtype()));
        t.put("Mod", c -> {
            Tensor a = c.required(0), b = c.required(1);
            boolean fmod = c.i("fmod", 0) != 0;
            if (!fmod && a.dtype().isFloatingPoint()) throw c.error("fmod must be 1 for floating-point inputs");
            return one(fmod ? a.fmod(b) : a.remainder(b));
        });
        t.put("Max", c -> one(fold(c, Tensor::maximum)));
        t.put("Min", c -> one(fold(c, Tensor::minimum)));
        t.put("Sum", c -> one(fold(c, Tensor::add)));
        t.put("Mean", c -> one(fold(c, Tensor::add).div((double) c.in.length)));
        t.put("Where", c -> one(Torch.where(c.required(0), c.required(1), c.required(2))));
        t.put("Cast", c -> {
            DType to = OnnxFile.dtypeOrNull((int) c.i("to", 0));
            if (to == null) throw c.error("cast to ONNX type " + c.i("to", 0) + ", which has no torch dtype");
            return one(c.required(0).to(to));
        });
        t.put("CastLike", c -> one(c.required(0).to(c.required(1).dtype())));
        t.put("Clip", MathOps::clip);

        t.put("LeakyRelu", c -> one(Functional.leakyRelu(c.required(0), c.f("alpha", 0.01f))));
        t.put("Elu", c -> one(Functional.elu(c.required(0), c.f("alpha", 1f))));
        t.put("Celu", c -> one(Functional.celu(c.required(0), c.f("alpha", 1f))));
        t.put("Selu", c -> {
            double alpha = c.f("alpha", 1.67326319217681884765625f), gamma = c.f("gamma", 1.05070102214813232421875f);
            Tensor x = c.required(0);
            return one(Torch.where(x.gt(0.0), x, x.exp().sub(1.0).mul(alpha)).mul(gamma));
        });
        t.put("ThresholdedRelu", c -> {
            Tensor x = c.required(0);
            return one(Torch.where(x.gt((double) c.f("alpha", 1f)), x, Torch.zerosLike(x)));
        });
        t.put("HardSigmoid", c -> one(c.required(0).mul((double) c.f("alpha", 0.2f)).add((double) c.f("beta", 0.5f)).clamp(0.0, 1.0)));
        t.put("PRelu", c -> {
            Tensor x = c.required(0);
            return one(Torch.where(x.lt(0.0), x.mul(c.required(1)), x));
        });

        t.put("Gelu", c -> one(Functional.gelu(c.required(0), c.s("approximate", "none"))));   // opset 20
        t.put("Softmax", c -> one(softmaxLike(c, x -> x.softmax(-1), (x, d) -> x.softmax(d))));
        t.put("LogSoftmax", c -> one(softmaxLike(c, x -> x.logSoftmax(-1), (x, d) -> x.logSoftmax(d))));

        t.put("ReduceSum", c -> one(reduce(c, (x, d, k) -> x.sum(d, k))));
        t.put("ReduceMean", c -> one(reduce(c, (x, d, k) -> x.mean(d, k))));
        t.put("ReduceMax", c -> one(reduce(c, (x, d, k) -> x.amax(d, k))));
        t.put("ReduceMin", c -> one(reduce(c, (x, d, k) -> x.amin(d, k))));
        t.put("ReduceProd", c -> one(reduce(c, MathOps::prod)));
        t.put("ReduceL1", c -> one(reduce(c, (x, d, k) -> x.abs().sum(d, k))));
        t.put("ReduceL2", c -> one(reduce(c, (x, d, k) -> x.square().sum(d, k).sqrt())));
        t.put("ReduceSumSquare", c -> one(reduce(c, (x, d, k) -> x.square().sum(d, k))));
        t.put("ReduceLogSum", c -> one(reduce(c, (x, d, k) -> x.sum(d, k).log())));
        t.put("ReduceLogSumExp", c -> one(reduce(c, (x, d, k) -> x.logsumexp(d, k))));
        t.put("ArgMax", c -> one(arg(c, true)));
        t.put("ArgMin", c -> one(arg(c, false)));
        t.put("CumSum", c -> {
            Tensor x = c.required(0);
            long axis = c.required(1).toLongArray()[0];
            boolean exclusive = c.i("exclusive", 0) != 0, reverse = c.i("reverse", 0) != 0;
            Tensor y = reverse ? x.flip(axis) : x;
            Tensor s = y.cumsum(axis);
            if (exclusive) s = s.sub(y);
            return one(reverse ? s.flip(axis) : s);
        });
        t.put("TopK", c -> {
            long k = c.required(1).toLongArray()[0];
            var r = c.required(0).topk(k, c.i("axis", -1), c.i("largest", 1) != 0, true);
            return new Tensor[] {r.values(), r.indices()};
        });

        t.put("MatMul", c -> one(c.required(0).matmul(c.required(1))));
        t.put("Gemm", MathOps::gemm);
        t.put("Einsum", c -> one(Torch.einsum(c.s("equation", ""), c.in)));
    }

    private static void unary(Map<String, OnnxOps.Op> t, String name, UnaryOperator<Tensor> f) {
        t.put(name, c -> one(f.apply(c.required(0))));
    }

    private static void binary(Map<String, OnnxOps.Op> t, String name, BinaryOperator<Tensor> f) {
        t.put(name, c -> one(f.apply(c.required(0), c.required(1))));
    }

    private static Tensor fold(OpCall c, BinaryOperator<Tensor> f) {
        Tensor acc = c.required(0);
        for (int k = 1; k < c.in.length; k++) acc = f.apply(acc, c.required(k));
        return acc;
    }

    private static Tensor[] clip(OpCall c) {
        Tensor x = c.required(0);
        Tensor lo = c.input(1), hi = c.input(2);
        if (c.opset < 11) {
            if (c.has("min")) lo = Torch.full(new long[0], (double) c.f("min", 0), dev.torch4j.TensorOptions.DEFAULT.dtype(x.dtype()).device(x.device()));
            if (c.has("max")) hi = Torch.full(new long[0], (double) c.f("max", 0), dev.torch4j.TensorOptions.DEFAULT.dtype(x.dtype()).device(x.device()));
        }
        Tensor y = x;
        if (lo != null) y = y.maximum(lo.to(x.device(), x.dtype()));
        if (hi != null) y = y.minimum(hi.to(x.device(), x.dtype()));
        return one(y);
    }

    /** Softmax and LogSoftmax: before opset 13 over the input flattened to 2-D at {@code axis} (default 1), then over one axis (default -1). */
    private static Tensor softmaxLike(OpCall c, UnaryOperator<Tensor> lastDim, java.util.function.BiFunction<Tensor, Long, Tensor> alongDim) {
        Tensor x = c.required(0);
        if (c.opset >= 13) return alongDim.apply(x, c.i("axis", -1));
        long axis = c.i("axis", 1);
        if (axis < 0) axis += x.dim();
        long[] shape = x.shapeArray();
        long inner = 1;
        for (int d = (int) axis; d < shape.length; d++) inner *= shape[d];
        return lastDim.apply(x.reshape(-1, inner)).reshape(shape);
    }

    private interface Reduction {
        Tensor apply(Tensor x, long[] dims, boolean keepdim);
    }

    /** The Reduce* family: axes as attribute (or, from opset 13 for ReduceSum and 18 for the rest, as input 1). */
    private static Tensor reduce(OpCall c, Reduction r) {
        Tensor x = c.required(0);
        long[] axes = c.intsFrom("axes", 1);
        boolean keep = c.i("keepdims", 1) != 0;
        if (axes == null || axes.length == 0) {
            if (c.i("noop_with_empty_axes", 0) != 0) return x;
            axes = new long[x.dim()];
            for (int d = 0; d < axes.length; d++) axes[d] = d;
        }
        if (x.dim() == 0) return r.apply(x, new long[0], keep);
        return r.apply(x, axes, keep);
    }

    private static Tensor prod(Tensor x, long[] dims, boolean keep) {
        long[] sorted = dims.clone();
        for (int k = 0; k < sorted.length; k++) if (sorted[k] < 0) sorted[k] += x.dim();
        java.util.Arrays.sort(sorted);
        Tensor y = x;
        for (int k = sorted.length - 1; k >= 0; k--) y = y.prod(sorted[k], keep);
        return y;
    }

    private static Tensor arg(OpCall c, boolean max) {
        Tensor x = c.required(0);
        long axis = c.i("axis", 0);
        boolean keep = c.i("keepdims", 1) != 0;
        if (c.i("select_last_index", 0) != 0) {
            // the last extreme: the first one of the flipped axis, mapped back
            long n = x.size(axis);
            Tensor first = max ? x.flip(axis).argmax(axis, keep) : x.flip(axis).argmin(axis, keep);
            return first.neg().add(n - 1);
        }
        return max ? x.argmax(axis, keep) : x.argmin(axis, keep);
    }

    private static Tensor[] gemm(OpCall c) {
        Tensor a = c.required(0), b = c.required(1), bias = c.input(2);
        if (c.i("transA", 0) != 0) a = a.t();
        if (c.i("transB", 0) != 0) b = b.t();
        double alpha = c.f("alpha", 1f), beta = c.f("beta", 1f);
        if (bias == null || beta == 0) {
            Tensor y = a.matmul(b);
            return one(alpha == 1 ? y : y.mul(alpha));
        }
        // addmm, as PyTorch's Linear computes what exported to this Gemm
        return one(Torch.addmm(bias, a, b, beta, alpha));
    }
}
