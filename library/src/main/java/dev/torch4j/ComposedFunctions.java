package dev.torch4j;

import dev.torch4j.ops.Arithmetic;
import dev.torch4j.ops.FakeQuantization;
import dev.torch4j.ops.LearnableFakeQuantization;
import dev.torch4j.ops.OrderStatistics;
import dev.torch4j.ops.Shaping;

/**
 * {@code torch.*} functions composed of other ops, inherited by {@link Torch} (through {@link PointwiseFunctions});
 * each has a {@link Tensor} method of the same name where PyTorch has one.
 */
abstract class ComposedFunctions extends QuantizedFunctions {
    ComposedFunctions() {}

    /** {@code torch.tile(t, dims)}. */
    public static Tensor tile(Tensor t, long... dims) { return t.tile(dims); }

    /** {@code torch.movedim(t, source, destination)}. */
    public static Tensor movedim(Tensor t, long source, long destination) { return t.movedim(source, destination); }

    /** {@code torch.swapaxes(t, a, b)}. */
    public static Tensor swapaxes(Tensor t, long a, long b) { return t.swapaxes(a, b); }

    /** {@code torch.broadcast_to(t, shape)}. */
    public static Tensor broadcastTo(Tensor t, long... shape) { return t.broadcastTo(shape); }

    /** {@code torch.broadcast_tensors(*tensors)}. */
    public static Tensor[] broadcastTensors(Tensor... tensors) { return Shaping.broadcastTensors(tensors); }

    /** {@code torch.rot90(t, k, dims)}. */
    public static Tensor rot90(Tensor t, long k, long dim0, long dim1) { return t.rot90(k, dim0, dim1); }

    /** {@code torch.diag_embed(t)}. */
    public static Tensor diagEmbed(Tensor t) { return t.diagEmbed(); }

    /** {@code torch.take_along_dim(t, indices, dim)}. */
    public static Tensor takeAlongDim(Tensor t, Tensor indices, long dim) { return t.takeAlongDim(indices, dim); }

    /** {@code torch.take_along_dim(t, indices)} with no dim: along the flattened tensor. */
    public static Tensor takeAlongDim(Tensor t, Tensor indices) { return t.takeAlongDim(indices); }

    /** {@code torch.kron(a, b)}. */
    public static Tensor kron(Tensor a, Tensor b) { return a.kron(b); }

    /** {@code torch.tensordot(a, b, dims)}: the last dims of a contracted with the first of b. */
    public static Tensor tensordot(Tensor a, Tensor b, int dims) { return Shaping.tensordot(a, b, dims); }

    /** {@code torch.tensordot(a, b, dims=(dimsA, dimsB))}. */
    public static Tensor tensordot(Tensor a, Tensor b, long[] dimsA, long[] dimsB) { return Shaping.tensordot(a, b, dimsA, dimsB); }

    /** {@code torch.block_diag(*tensors)}. */
    public static Tensor blockDiag(Tensor... tensors) { return Shaping.blockDiag(tensors); }

    /**
     * {@code torch.fake_quantize_per_tensor_affine(input, scale, zero_point, quant_min, quant_max)}:
     * {@code (clamp(round(input / scale) + zero_point, quant_min, quant_max) - zero_point) * scale}, rounding half to
     * even; the gradient passes (straight through) where the rounded value lies in [quant_min, quant_max].
     */
    public static Tensor fakeQuantizePerTensorAffine(Tensor input, double scale, long zeroPoint, long quantMin, long quantMax) {
        return FakeQuantization.perTensorAffine(input, scale, zeroPoint, quantMin, quantMax);
    }

    /** {@code torch.fake_quantize_per_tensor_affine} with one-element tensor qparams (which get no gradient). */
    public static Tensor fakeQuantizePerTensorAffine(Tensor input, Tensor scale, Tensor zeroPoint, long quantMin, long quantMax) {
        return FakeQuantization.perTensorAffine(input, scale, zeroPoint, quantMin, quantMax);
    }

    /**
     * {@code torch.fake_quantize_per_channel_affine(input, scale, zero_point, axis, quant_min, quant_max)}: one scale and
     * zero point (int32, or float for float qparams) per index of {@code axis}; scale and zero point get no gradient.
     */
    public static Tensor fakeQuantizePerChannelAffine(Tensor input, Tensor scale, Tensor zeroPoint, long axis,
                                                      long quantMin, long quantMax) {
        return FakeQuantization.perChannelAffine(input, scale, zeroPoint, axis, quantMin, quantMax);
    }

    /**
     * {@code torch._fake_quantize_learnable_per_tensor_affine(input, scale, zero_point, quant_min, quant_max,
     * grad_factor)}: fake quantization whose one-element float32 scale and zero point are learned (LSQ): they get
     * gradients, scaled by {@code gradFactor}, as PyTorch's backward gives them.
     */
    public static Tensor fakeQuantizeLearnablePerTensorAffine(Tensor input, Tensor scale, Tensor zeroPoint, long quantMin,
                                                              long quantMax, double gradFactor) {
        return LearnableFakeQuantization.perTensorAffine(input, scale, zeroPoint, quantMin, quantMax, gradFactor);
    }

    /** {@link #fakeQuantizeLearnablePerTensorAffine(Tensor, Tensor, Tensor, long, long, double)} with grad_factor 1. */
    public static Tensor fakeQuantizeLearnablePerTensorAffine(Tensor input, Tensor scale, Tensor zeroPoint, long quantMin, long quantMax) {
        return LearnableFakeQuantization.perTensorAffine(input, scale, zeroPoint, quantMin, quantMax, 1.0);
    }

    /**
     * {@code torch._fake_quantize_learnable_per_channel_affine(input, scale, zero_point, axis, quant_min, quant_max,
     * grad_factor)}: per-channel LSQ; the float zero points are rounded and clamped for the forward pass.
     */
    public static Tensor fakeQuantizeLearnablePerChannelAffine(Tensor input, Tensor scale, Tensor zeroPoint, long axis,
                                                               long quantMin, long quantMax, double gradFactor) {
        return LearnableFakeQuantization.perChannelAffine(input, scale, zeroPoint, axis, quantMin, quantMax, gradFactor);
    }

    /** {@link #fakeQuantizeLearnablePerChannelAffine(Tensor, Tensor, Tensor, long, long, long, double)} with grad_factor 1. */
    public static Tensor fakeQuantizeLearnablePerChannelAffine(Tensor input, Tensor scale, Tensor zeroPoint, long axis,
                                                               long quantMin, long quantMax) {
        return LearnableFakeQuantization.perChannelAffine(input, scale, zeroPoint, axis, quantMin, quantMax, 1.0);
    }

    /** {@code torch.cartesian_prod(*tensors)}. */
    public static Tensor cartesianProd(Tensor... tensors) { return Shaping.cartesianProd(tensors); }

    /** {@code torch.tril_indices(row, col, offset)}: int64 {@code [2, n]}. */
    public static Tensor trilIndices(long row, long col, long offset) { return Shaping.trilIndices(row, col, offset, false); }

    /** {@code torch.triu_indices(row, col, offset)}: int64 {@code [2, n]}. */
    public static Tensor triuIndices(long row, long col, long offset) { return Shaping.trilIndices(row, col, offset, true); }

    /** {@code torch.atleast_1d(t)}. */
    public static Tensor atleast1d(Tensor t) { return Shaping.atleast(t, 1); }

    /** {@code torch.atleast_2d(t)}. */
    public static Tensor atleast2d(Tensor t) { return Shaping.atleast(t, 2); }

    /** {@code torch.atleast_3d(t)}. */
    public static Tensor atleast3d(Tensor t) { return Shaping.atleast(t, 3); }

    /** {@code torch.tensor_split(t, sections, dim)}. */
    public static Tensor[] tensorSplit(Tensor t, long sections, long dim) { return t.tensorSplit(sections, dim); }

    /** {@code torch.tensor_split(t, indices, dim)}: split before each index. */
    public static Tensor[] tensorSplit(Tensor t, long[] indices, long dim) { return Shaping.tensorSplit(t, indices, dim); }

    /** {@code torch.lerp(start, end, weight)}. */
    public static Tensor lerp(Tensor start, Tensor end, double weight) { return start.lerp(end, weight); }

    /** {@code torch.addcmul(t, t1, t2, value)}. */
    public static Tensor addcmul(Tensor t, Tensor t1, Tensor t2, double value) { return t.addcmul(t1, t2, value); }

    /** {@code torch.addcdiv(t, t1, t2, value)}. */
    public static Tensor addcdiv(Tensor t, Tensor t1, Tensor t2, double value) { return t.addcdiv(t1, t2, value); }

    /** {@code torch.addmv(t, mat, vec, beta, alpha)}. */
    public static Tensor addmv(Tensor t, Tensor mat, Tensor vec, double beta, double alpha) { return Arithmetic.addmv(t, mat, vec, beta, alpha); }

    /** {@code torch.addr(t, v1, v2, beta, alpha)}. */
    public static Tensor addr(Tensor t, Tensor v1, Tensor v2, double beta, double alpha) { return Arithmetic.addr(t, v1, v2, beta, alpha); }

    /** {@code torch.baddbmm(t, b1, b2, beta, alpha)}. */
    public static Tensor baddbmm(Tensor t, Tensor b1, Tensor b2, double beta, double alpha) { return Arithmetic.baddbmm(t, b1, b2, beta, alpha); }

    /** {@code torch.addbmm(t, b1, b2, beta, alpha)}. */
    public static Tensor addbmm(Tensor t, Tensor b1, Tensor b2, double beta, double alpha) { return Arithmetic.addbmm(t, b1, b2, beta, alpha); }

    /** {@code torch.logaddexp(a, b)}. */
    public static Tensor logaddexp(Tensor a, Tensor b) { return a.logaddexp(b); }

    /** {@code torch.hypot(a, b)}. */
    public static Tensor hypot(Tensor a, Tensor b) { return a.hypot(b); }

    /** {@code torch.xlogy(x, y)}. */
    public static Tensor xlogy(Tensor x, Tensor y) { return x.xlogy(y); }

    /** {@code torch.logit(p, eps)}. */
    public static Tensor logit(Tensor p, double eps) { return p.logit(eps); }

    /** {@code torch.fmod(a, b)}. */
    public static Tensor fmod(Tensor a, Tensor b) { return a.fmod(b); }

    /** {@code torch.diff(t, n, dim, prepend, append)} (prepend and append may be null). */
    public static Tensor diff(Tensor t, long n, long dim, Tensor prepend, Tensor append) { return Arithmetic.diff(t, n, dim, prepend, append); }

    /** {@code torch.cov(t, correction)}. */
    public static Tensor cov(Tensor t, long correction) { return Arithmetic.cov(t, correction); }

    /** {@code torch.corrcoef(t)}. */
    public static Tensor corrcoef(Tensor t) { return t.corrcoef(); }

    /** {@code torch.median(t)}. */
    public static Tensor median(Tensor t) { return t.median(); }

    /** {@code torch.quantile(t, q)}. */
    public static Tensor quantile(Tensor t, double q) { return t.quantile(q); }

    /** {@code torch.std_mean(t, dims, correction, keepdim)}: {@code {std, mean}} (dims null: all). */
    public static Tensor[] stdMean(Tensor t, long[] dims, double correction, boolean keepdim) {
        return OrderStatistics.stdMean(t, dims, correction, keepdim);
    }

    /** {@code torch.var_mean(t, dims, correction, keepdim)}: {@code {var, mean}} (dims null: all). */
    public static Tensor[] varMean(Tensor t, long[] dims, double correction, boolean keepdim) {
        return OrderStatistics.varMean(t, dims, correction, keepdim);
    }

    /** {@code torch.aminmax(t)}: {@code {min, max}} of all elements. */
    public static Tensor[] aminmax(Tensor t) { return OrderStatistics.aminmax(t, null, false); }

    /** {@code torch.aminmax(t, dim=, keepdim=)}. */
    public static Tensor[] aminmax(Tensor t, long dim, boolean keepdim) { return OrderStatistics.aminmax(t, dim, keepdim); }

    // ---------------------------------------------------------------- more elementwise math

    /** {@code torch.acos(x)}: the arccosine. */
    public static Tensor acos(Tensor x) { return x.acos(); }

    /** {@code torch.asin(x)}: the arcsine. */
    public static Tensor asin(Tensor x) { return x.asin(); }

    /** {@code torch.atan(x)}: the arctangent. */
    public static Tensor atan(Tensor x) { return x.atan(); }

    /** {@code torch.acosh(x)}: the inverse hyperbolic cosine. */
    public static Tensor acosh(Tensor x) { return x.acosh(); }

    /** {@code torch.asinh(x)}: the inverse hyperbolic sine. */
    public static Tensor asinh(Tensor x) { return x.asinh(); }

    /** {@code torch.atanh(x)}: the inverse hyperbolic tangent. */
    public static Tensor atanh(Tensor x) { return x.atanh(); }

    /** {@code torch.cosh(x)}: the hyperbolic cosine. */
    public static Tensor cosh(Tensor x) { return x.cosh(); }

    /** {@code torch.sinh(x)}: the hyperbolic sine. */
    public static Tensor sinh(Tensor x) { return x.sinh(); }

    /** {@code torch.log2(x)}: the base-2 logarithm. */
    public static Tensor log2(Tensor x) { return x.log2(); }

    /** {@code torch.log10(x)}: the base-10 logarithm. */
    public static Tensor log10(Tensor x) { return x.log10(); }

    /** {@code torch.exp2(x)}: the 2 to the power x. */
    public static Tensor exp2(Tensor x) { return x.exp2(); }

    /** {@code torch.erfc(x)}: the complementary error function 1 - erf(x). */
    public static Tensor erfc(Tensor x) { return x.erfc(); }

    /** {@code torch.arccos(x)}: {@code torch.acos}. */
    public static Tensor arccos(Tensor x) { return x.acos(); }

    /** {@code torch.arcsin(x)}: {@code torch.asin}. */
    public static Tensor arcsin(Tensor x) { return x.asin(); }

    /** {@code torch.arctan(x)}: {@code torch.atan}. */
    public static Tensor arctan(Tensor x) { return x.atan(); }

    /** {@code torch.arccosh(x)}: {@code torch.acosh}. */
    public static Tensor arccosh(Tensor x) { return x.acosh(); }

    /** {@code torch.arcsinh(x)}: {@code torch.asinh}. */
    public static Tensor arcsinh(Tensor x) { return x.asinh(); }

    /** {@code torch.arctanh(x)}: {@code torch.atanh}. */
    public static Tensor arctanh(Tensor x) { return x.atanh(); }

    /** {@code torch.deg2rad(x)}. */
    public static Tensor deg2rad(Tensor x) { return x.deg2rad(); }

    /** {@code torch.rad2deg(x)}. */
    public static Tensor rad2deg(Tensor x) { return x.rad2deg(); }

    /** {@code torch.signbit(x)}. */
    public static Tensor signbit(Tensor x) { return x.signbit(); }

    /** {@code torch.nan_to_num(x)}. */
    public static Tensor nanToNum(Tensor x) { return x.nanToNum(); }

    /** {@code torch.nan_to_num(x, nan, posinf, neginf)}. */
    public static Tensor nanToNum(Tensor x, double nan, Double posinf, Double neginf) { return x.nanToNum(nan, posinf, neginf); }

    /** {@code torch.fmax(a, b)}. */
    public static Tensor fmax(Tensor a, Tensor b) { return a.fmax(b); }

    /** {@code torch.fmin(a, b)}. */
    public static Tensor fmin(Tensor a, Tensor b) { return a.fmin(b); }

    /** {@code torch.isposinf(x)}. */
    public static Tensor isposinf(Tensor x) { return x.isposinf(); }

    /** {@code torch.isneginf(x)}. */
    public static Tensor isneginf(Tensor x) { return x.isneginf(); }

    /** {@code torch.sgn(x)}. */
    public static Tensor sgn(Tensor x) { return x.sgn(); }

    /** {@code torch.fix(x)}. */
    public static Tensor fix(Tensor x) { return x.fix(); }

    /** {@code torch.positive(x)}. */
    public static Tensor positive(Tensor x) { return x.positive(); }

    /** {@code torch.clip(x, min, max)}. */
    public static Tensor clip(Tensor x, double min, double max) { return x.clip(min, max); }

    /** {@code torch.clip(x, min, max)} with Python ints: an integer tensor stays integer. */
    public static Tensor clip(Tensor x, long min, long max) { return x.clip(min, max); }

    /** {@code torch.clip(x, min, max) with tensor bounds}. */
    public static Tensor clip(Tensor x, Tensor min, Tensor max) { return x.clip(min, max); }

    /** {@code torch.lgamma(x)}. */
    public static Tensor lgamma(Tensor x) { return x.lgamma(); }

    /** {@code torch.digamma(x)}. */
    public static Tensor digamma(Tensor x) { return x.digamma(); }

    /** {@code torch.polygamma(n, x)}. */
    public static Tensor polygamma(long n, Tensor x) { return x.polygamma(n); }

    /** {@code torch.erfinv(x)}. */
    public static Tensor erfinv(Tensor x) { return x.erfinv(); }

    /** {@code torch.mvlgamma(x, p)}. */
    public static Tensor mvlgamma(Tensor x, long p) { return x.mvlgamma(p); }

    /** {@code torch.fliplr(t)}. */
    public static Tensor fliplr(Tensor t) { return t.fliplr(); }

    /** {@code torch.flipud(t)}. */
    public static Tensor flipud(Tensor t) { return t.flipud(); }

    /** {@code torch.diagflat(t, offset)}. */
    public static Tensor diagflat(Tensor t, long offset) { return t.diagflat(offset); }

    /** {@code torch.msort(t)}. */
    public static Tensor msort(Tensor t) { return t.msort(); }

    /** {@code torch.inner(a, b)}. */
    public static Tensor inner(Tensor a, Tensor b) { return a.inner(b); }

    /** {@code torch.vander(x, N, increasing)} (N null: len(x)); decreasing powers by default, unlike linalg.vander. */
    public static Tensor vander(Tensor x, Long n, boolean increasing) { return dev.torch4j.ops.LinalgComposites.vander(x, n, increasing); }

    /** {@code torch.vander(x)}. */
    public static Tensor vander(Tensor x) { return vander(x, null, false); }

    /** {@code torch.renorm(t, p, dim, maxnorm)}. */
    public static Tensor renorm(Tensor t, double p, long dim, double maxnorm) { return t.renorm(p, dim, maxnorm); }

    /** {@code torch.histc(t, bins, min, max)}. */
    public static Tensor histc(Tensor t, long bins, double min, double max) { return t.histc(bins, min, max); }

    /** {@code torch.nanquantile(t, q, dim, keepdim, interpolation)}. */
    public static Tensor nanquantile(Tensor t, Tensor q, Long dim, boolean keepdim, String interpolation) {
        return t.nanquantile(q, dim, keepdim, interpolation);
    }

    /** {@code torch.trapezoid(y, dx=dx, dim=dim)}. */
    public static Tensor trapezoid(Tensor y, double dx, long dim) { return dev.torch4j.ops.MathFunctions.trapezoid(y, dx, dim); }

    /** {@code torch.trapezoid(y)}: unit spacing over the last dim. */
    public static Tensor trapezoid(Tensor y) { return trapezoid(y, 1.0, -1); }

    /** {@code torch.trapezoid(y, x, dim=dim)}: at the sample points x. */
    public static Tensor trapezoid(Tensor y, Tensor x, long dim) { return dev.torch4j.ops.MathFunctions.trapezoid(y, x, dim); }

    /** {@code torch.trapz(y, x, dim)}: {@link #trapezoid(Tensor, Tensor, long)}. */
    public static Tensor trapz(Tensor y, Tensor x, long dim) { return trapezoid(y, x, dim); }

    /** {@code torch.cumulative_trapezoid(y, dx=dx, dim=dim)}. */
    public static Tensor cumulativeTrapezoid(Tensor y, double dx, long dim) {
        return dev.torch4j.ops.MathFunctions.cumulativeTrapezoid(y, dx, dim);
    }

    /** {@code torch.cumulative_trapezoid(y, x, dim=dim)}. */
    public static Tensor cumulativeTrapezoid(Tensor y, Tensor x, long dim) {
        return dev.torch4j.ops.MathFunctions.cumulativeTrapezoid(y, x, dim);
    }

    // ---------------------------------------------------------------- integer ops, scans, scatter_reduce, runs

    /** {@code torch.bitwise_and(a, b)}: {@code a & b} on integer or bool tensors, broadcast. */
    public static Tensor bitwiseAnd(Tensor a, Tensor b) { return a.bitwiseAnd(b); }

    /** {@code torch.bitwise_and(a, n)} with a Java integer. */
    public static Tensor bitwiseAnd(Tensor a, long b) { return a.bitwiseAnd(b); }

    /** {@code torch.bitwise_or(a, b)}: {@code a | b} on integer or bool tensors, broadcast. */
    public static Tensor bitwiseOr(Tensor a, Tensor b) { return a.bitwiseOr(b); }

    /** {@code torch.bitwise_or(a, n)} with a Java integer. */
    public static Tensor bitwiseOr(Tensor a, long b) { return a.bitwiseOr(b); }

    /** {@code torch.bitwise_xor(a, b)}: {@code a ^ b} on integer or bool tensors, broadcast. */
    public static Tensor bitwiseXor(Tensor a, Tensor b) { return a.bitwiseXor(b); }

    /** {@code torch.bitwise_xor(a, n)} with a Java integer. */
    public static Tensor bitwiseXor(Tensor a, long b) { return a.bitwiseXor(b); }

    /** {@code torch.bitwise_not(x)}: {@code ~x} on integers, logical not on bool. */
    public static Tensor bitwiseNot(Tensor x) { return x.bitwiseNot(); }

    /** {@code torch.bitwise_left_shift(a, b)}: see {@link Tensor#bitwiseLeftShift(Tensor)}. */
    public static Tensor bitwiseLeftShift(Tensor a, Tensor b) { return a.bitwiseLeftShift(b); }

    /** {@code torch.bitwise_left_shift(a, n)} with a Java integer. */
    public static Tensor bitwiseLeftShift(Tensor a, long b) { return a.bitwiseLeftShift(b); }

    /** {@code torch.bitwise_right_shift(a, b)}: see {@link Tensor#bitwiseRightShift(Tensor)}. */
    public static Tensor bitwiseRightShift(Tensor a, Tensor b) { return a.bitwiseRightShift(b); }

    /** {@code torch.bitwise_right_shift(a, n)} with a Java integer. */
    public static Tensor bitwiseRightShift(Tensor a, long b) { return a.bitwiseRightShift(b); }

    /** {@code torch.gcd(a, b)}: see {@link Tensor#gcd}. */
    public static Tensor gcd(Tensor a, Tensor b) { return a.gcd(b); }

    /** {@code torch.lcm(a, b)}: see {@link Tensor#lcm}. */
    public static Tensor lcm(Tensor a, Tensor b) { return a.lcm(b); }

    /** {@code torch.cummax(t, dim)}: see {@link Tensor#cummax}. */
    public static ValuesIndices cummax(Tensor t, long dim) { return t.cummax(dim); }

    /** {@code torch.cummin(t, dim)}: see {@link Tensor#cummin}. */
    public static ValuesIndices cummin(Tensor t, long dim) { return t.cummin(dim); }

    /** {@code torch.i0(t)}: the modified Bessel function of the first kind, order 0. */
    public static Tensor i0(Tensor t) { return t.i0(); }

    /** {@code torch.index_reduce(t, dim, index, source, reduce, include_self)}: see {@link Tensor#indexReduce}. */
    public static Tensor indexReduce(Tensor t, long dim, Tensor index, Tensor source, String reduce, boolean includeSelf) {
        return t.indexReduce(dim, index, source, reduce, includeSelf);
    }

    /** {@code torch.scatter_reduce(t, dim, index, src, reduce, include_self)}: see {@link Tensor#scatterReduce}. */
    public static Tensor scatterReduce(Tensor t, long dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        return t.scatterReduce(dim, index, src, reduce, includeSelf);
    }

    /** {@code torch.scatter_reduce(t, dim, index, src, reduce)} with {@code include_self=True}. */
    public static Tensor scatterReduce(Tensor t, long dim, Tensor index, Tensor src, String reduce) {
        return t.scatterReduce(dim, index, src, reduce);
    }

    /** {@code torch.mode(t)}: along the last dim. */
    public static ValuesIndices mode(Tensor t) { return t.mode(); }

    /** {@code torch.mode(t, dim, keepdim)}: see {@link Tensor#mode(long, boolean)}. */
    public static ValuesIndices mode(Tensor t, long dim, boolean keepdim) { return t.mode(dim, keepdim); }

    /** {@code torch.unique_consecutive(t, return_inverse, return_counts, dim)}: see {@link Tensor#uniqueConsecutive(boolean, boolean, Long)}. */
    public static Tensor[] uniqueConsecutive(Tensor t, boolean returnInverse, boolean returnCounts, Long dim) {
        return t.uniqueConsecutive(returnInverse, returnCounts, dim);
    }
}
