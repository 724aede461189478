package dev.torch4j;

import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.ops.Arithmetic;
import dev.torch4j.ops.Bitwise;
import dev.torch4j.ops.CumulativeExtrema;
import dev.torch4j.ops.Elementwise;
import dev.torch4j.ops.IndexReduce;
import dev.torch4j.ops.MathFunctions;
import dev.torch4j.ops.OrderStatistics;
import dev.torch4j.ops.Runs;
import dev.torch4j.ops.ScatterReduce;
import dev.torch4j.ops.Shaping;
import dev.torch4j.ops.SpecialOps;

/**
 * Tensor methods composed of other ops (shape functions, arithmetic, order statistics), kept out of
 * {@link Tensor}'s file and inherited by it, as {@link Torch} inherits {@link PointwiseFunctions}.
 */
abstract class TensorMethods extends TensorShortcuts {
    TensorMethods() {}

    private Tensor self() { return (Tensor) this; }

    // ---------------------------------------------------------------- shapes

    /** {@code tensor.repeat(*sizes)}: tiled {@code sizes[i]} times along each dim (more sizes than dims add leading dims). */
    public Tensor repeat(long... sizes) { return Shaping.repeat(self(), sizes); }

    /** {@code tensor.tile(dims)}: {@link #repeat} with missing leading repeats taken as 1. */
    public Tensor tile(long... dims) { return Shaping.tile(self(), dims); }

    /** {@code tensor.movedim(source, destination)}. */
    public Tensor movedim(long source, long destination) { return Shaping.movedim(self(), new long[] {source}, new long[] {destination}); }

    /** {@code tensor.movedim(source, destination)} for several dims. */
    public Tensor movedim(long[] source, long[] destination) { return Shaping.movedim(self(), source, destination); }

    /** {@code tensor.moveaxis}: {@link #movedim(long, long)}. */
    public Tensor moveaxis(long source, long destination) { return movedim(source, destination); }

    /** {@code tensor.swapaxes(a, b)}: {@link Tensor#transpose}. */
    public Tensor swapaxes(long a, long b) { return self().transpose(a, b); }

    /** {@code tensor.swapdims(a, b)}: {@link Tensor#transpose}. */
    public Tensor swapdims(long a, long b) { return self().transpose(a, b); }

    /** {@code tensor.broadcast_to(shape)}. */
    public Tensor broadcastTo(long... shape) { return Shaping.broadcastTo(self(), shape); }

    /** {@code tensor.unflatten(dim, sizes)}: dim split into sizes (one may be -1). */
    public Tensor unflatten(long dim, long... sizes) { return Shaping.unflatten(self(), dim, sizes); }

    /** {@code tensor.rot90()}: a quarter turn in dims (0, 1). */
    public Tensor rot90() { return Shaping.rot90(self(), 1, new long[] {0, 1}); }

    /** {@code tensor.rot90(k, dims)}. */
    public Tensor rot90(long k, long dim0, long dim1) { return Shaping.rot90(self(), k, new long[] {dim0, dim1}); }

    /** {@code tensor.diag_embed()}: the last dim on the diagonal of two new last dims. */
    public Tensor diagEmbed() { return Shaping.diagEmbed(self(), 0, -2, -1); }

    /** {@code tensor.diag_embed(offset, dim1, dim2)}. */
    public Tensor diagEmbed(long offset, long dim1, long dim2) { return Shaping.diagEmbed(self(), offset, dim1, dim2); }

    /** {@code tensor.take_along_dim(indices, dim)}: gather with broadcasting. */
    public Tensor takeAlongDim(Tensor indices, long dim) { return Shaping.takeAlongDim(self(), indices, dim); }

    /** {@code tensor.take_along_dim(indices)} with no dim: along the flattened tensor (indices flattened too). */
    public Tensor takeAlongDim(Tensor indices) { return Shaping.takeAlongDim(self(), indices, null); }

    /** {@code tensor.kron(other)}: the Kronecker product. */
    public Tensor kron(Tensor other) { return Shaping.kron(self(), other); }

    /** {@code tensor.tensor_split(sections, dim)}: nearly equal parts, the first ones one longer. */
    public Tensor[] tensorSplit(long sections, long dim) { return Shaping.tensorSplit(self(), sections, dim); }

    /** {@code tensor.tensor_split(indices, dim)}: the parts between the given indices along dim (views). */
    public Tensor[] tensorSplit(long[] indices, long dim) { return Shaping.tensorSplit(self(), indices, dim); }

    // ---------------------------------------------------------------- arithmetic

    /** {@code tensor.lerp(end, weight)}. */
    public Tensor lerp(Tensor end, double weight) { return Arithmetic.lerp(self(), end, weight); }

    /** {@code tensor.lerp(end, weight)} with a tensor weight. */
    public Tensor lerp(Tensor end, Tensor weight) { return Arithmetic.lerp(self(), end, weight); }

    /** {@code tensor.addcmul(t1, t2, value=1)}. */
    public Tensor addcmul(Tensor t1, Tensor t2) { return Arithmetic.addcmul(self(), t1, t2, 1); }

    /** {@code tensor.addcmul(t1, t2, value)}. */
    public Tensor addcmul(Tensor t1, Tensor t2, double value) { return Arithmetic.addcmul(self(), t1, t2, value); }

    /** {@code tensor.addcdiv(t1, t2, value=1)}. */
    public Tensor addcdiv(Tensor t1, Tensor t2) { return Arithmetic.addcdiv(self(), t1, t2, 1); }

    /** {@code tensor.addcdiv(t1, t2, value)}. */
    public Tensor addcdiv(Tensor t1, Tensor t2, double value) { return Arithmetic.addcdiv(self(), t1, t2, value); }

    /** {@code tensor.addmv(mat, vec)}: {@code self + mat @ vec}. */
    public Tensor addmv(Tensor mat, Tensor vec) { return Arithmetic.addmv(self(), mat, vec, 1, 1); }

    /** {@code tensor.addr(v1, v2)}: {@code self + outer(v1, v2)}. */
    public Tensor addr(Tensor v1, Tensor v2) { return Arithmetic.addr(self(), v1, v2, 1, 1); }

    /** {@code tensor.baddbmm(b1, b2)}: {@code self + b1 @ b2} per batch. */
    public Tensor baddbmm(Tensor b1, Tensor b2) { return Arithmetic.baddbmm(self(), b1, b2, 1, 1); }

    /** {@code tensor.addbmm(b1, b2)}: {@code self + sum over batches of b1 @ b2}. */
    public Tensor addbmm(Tensor b1, Tensor b2) { return Arithmetic.addbmm(self(), b1, b2, 1, 1); }

    /** {@code tensor.logaddexp(other)}: {@code log(exp(self) + exp(other))}. */
    public Tensor logaddexp(Tensor other) { return Arithmetic.logaddexp(self(), other); }

    /** {@code tensor.logaddexp2(other)}: {@code log2(2^self + 2^other)}. */
    public Tensor logaddexp2(Tensor other) { return Arithmetic.logaddexp2(self(), other); }

    /** {@code tensor.hypot(other)}: {@code sqrt(self^2 + other^2)}. */
    public Tensor hypot(Tensor other) { return Arithmetic.hypot(self(), other); }

    /** {@code tensor.xlogy(other)}: {@code self * log(other)}, 0 where self is 0. */
    public Tensor xlogy(Tensor other) { return Arithmetic.xlogy(self(), other); }

    /** {@code tensor.logit()}: {@code log(p / (1 - p))}. */
    public Tensor logit() { return Arithmetic.logit(self(), null); }

    /** {@code tensor.logit(eps)}: with p clamped to [eps, 1 - eps]. */
    public Tensor logit(double eps) { return Arithmetic.logit(self(), eps); }

    /** {@code tensor.sinc()}: the normalised sinc, 1 at 0. */
    public Tensor sinc() { return Arithmetic.sinc(self()); }

    /** {@code tensor.frac()}: {@code self - trunc(self)}. */
    public Tensor frac() { return Arithmetic.frac(self()); }

    /** {@code tensor.copysign(other)}: the magnitude of self with other's sign. */
    public Tensor copysign(Tensor other) { return Arithmetic.copysign(self(), other); }

    /** {@code tensor.heaviside(values)}: the step function, values where self is 0. */
    public Tensor heaviside(Tensor values) { return Arithmetic.heaviside(self(), values); }

    /** {@code tensor.fmod(other)}: the remainder with self's sign (C's fmod). */
    public Tensor fmod(Tensor other) { return Arithmetic.fmod(self(), other); }

    /** {@code tensor.fmod(other)} with a number. */
    public Tensor fmod(double other) { return Arithmetic.fmod(self(), Tensor.scalar(other)); }

    /** {@code torch.fmod(t, other)} with a Python int: an integer tensor stays integer. */
    public Tensor fmod(long other) { return Arithmetic.fmod(self(), Tensor.scalar(other)); }

    /** {@code tensor.float_power(exponent)}: the power in float64. */
    public Tensor floatPower(Tensor exponent) { return Arithmetic.floatPower(self(), exponent); }

    /** {@code tensor.float_power(exponent)} with a number. */
    public Tensor floatPower(double exponent) { return Arithmetic.floatPower(self(), Tensor.scalar(exponent)); }

    /** {@code tensor.nansum()}: the sum with NaNs as 0. */
    public Tensor nansum() { return Arithmetic.nansum(self(), null, false); }

    /** {@code tensor.nansum(dims, keepdim)}. */
    public Tensor nansum(long[] dims, boolean keepdim) { return Arithmetic.nansum(self(), dims, keepdim); }

    /** {@code tensor.nansum(dim, keepdim)}. */
    public Tensor nansum(long dim, boolean keepdim) { return Arithmetic.nansum(self(), new long[] {dim}, keepdim); }

    /** {@code tensor.nanmean()}: the mean of the elements that are not NaN. */
    public Tensor nanmean() { return Arithmetic.nanmean(self(), null, false); }

    /** {@code tensor.nanmean(dims, keepdim)}. */
    public Tensor nanmean(long[] dims, boolean keepdim) { return Arithmetic.nanmean(self(), dims, keepdim); }

    /** {@code tensor.nanmean(dim, keepdim)}. */
    public Tensor nanmean(long dim, boolean keepdim) { return Arithmetic.nanmean(self(), new long[] {dim}, keepdim); }

    /** {@code tensor.diff()}: the first forward difference along the last dim. */
    public Tensor diff() { return Arithmetic.diff(self(), 1, -1, null, null); }

    /** {@code tensor.diff(n, dim)}. */
    public Tensor diff(long n, long dim) { return Arithmetic.diff(self(), n, dim, null, null); }

    /** {@code tensor.logcumsumexp(dim)}. */
    public Tensor logcumsumexp(long dim) { return Arithmetic.logcumsumexp(self(), dim); }

    /** {@code tensor.cov()}: rows are variables, columns observations (correction 1). */
    public Tensor cov() { return Arithmetic.cov(self(), 1); }

    /** {@code tensor.corrcoef()}: Pearson correlation coefficients of the rows. */
    public Tensor corrcoef() { return Arithmetic.corrcoef(self()); }

    // ---------------------------------------------------------------- order statistics

    /** {@code tensor.median()}: the lower median of all elements. */
    public Tensor median() { return OrderStatistics.median(self()); }

    /** {@code tensor.median(dim)}: values and indices of the lower median along dim. */
    public ValuesIndices median(long dim) { return OrderStatistics.median(self(), dim, false); }

    /** {@code tensor.median(dim, keepdim)}. */
    public ValuesIndices median(long dim, boolean keepdim) { return OrderStatistics.median(self(), dim, keepdim); }

    /** {@code tensor.nanmedian()}: the lower median of the elements that are not NaN. */
    public Tensor nanmedian() { return OrderStatistics.nanmedian(self()); }

    /** {@code tensor.nanmedian(dim)}: values and indices of the lower median of each row's non-NaN elements. */
    public ValuesIndices nanmedian(long dim) { return OrderStatistics.nanmedian(self(), dim, false); }

    /** {@code tensor.nanmedian(dim, keepdim)}. */
    public ValuesIndices nanmedian(long dim, boolean keepdim) { return OrderStatistics.nanmedian(self(), dim, keepdim); }

    /** {@code tensor.kthvalue(k)}: the k-th smallest (1-based) along the last dim, with its index. */
    public ValuesIndices kthvalue(long k) { return OrderStatistics.kthvalue(self(), k, -1, false); }

    /** {@code tensor.kthvalue(k, dim, keepdim)}. */
    public ValuesIndices kthvalue(long k, long dim, boolean keepdim) { return OrderStatistics.kthvalue(self(), k, dim, keepdim); }

    /** {@code tensor.quantile(q)}: over all elements, linear interpolation. */
    public Tensor quantile(double q) { return OrderStatistics.quantile(self(), Tensor.scalar(q), null, false, "linear"); }

    /** {@code tensor.quantile(q, dim, keepdim, interpolation)}. */
    public Tensor quantile(double q, long dim, boolean keepdim, String interpolation) {
        return OrderStatistics.quantile(self(), Tensor.scalar(q), dim, keepdim, interpolation);
    }

    /** {@code tensor.quantile(q)} for a 1-d tensor of q: a new leading dim. */
    public Tensor quantile(Tensor q, Long dim, boolean keepdim, String interpolation) {
        return OrderStatistics.quantile(self(), q, dim, keepdim, interpolation);
    }

    // ---------------------------------------------------------------- more elementwise math

    /** {@code tensor.acos()}: the arccosine, elementwise. */
    public Tensor acos() { return Elementwise.unary(UnaryOp.ACOS, self(), null); }

    /** {@code tensor.acos_()}: in place. */
    public Tensor acos_() { return Elementwise.unary(UnaryOp.ACOS, self(), self()); }

    /** {@code tensor.asin()}: the arcsine, elementwise. */
    public Tensor asin() { return Elementwise.unary(UnaryOp.ASIN, self(), null); }

    /** {@code tensor.asin_()}: in place. */
    public Tensor asin_() { return Elementwise.unary(UnaryOp.ASIN, self(), self()); }

    /** {@code tensor.atan()}: the arctangent, elementwise. */
    public Tensor atan() { return Elementwise.unary(UnaryOp.ATAN, self(), null); }

    /** {@code tensor.atan_()}: in place. */
    public Tensor atan_() { return Elementwise.unary(UnaryOp.ATAN, self(), self()); }

    /** {@code tensor.acosh()}: the inverse hyperbolic cosine, elementwise. */
    public Tensor acosh() { return Elementwise.unary(UnaryOp.ACOSH, self(), null); }

    /** {@code tensor.acosh_()}: in place. */
    public Tensor acosh_() { return Elementwise.unary(UnaryOp.ACOSH, self(), self()); }

    /** {@code tensor.asinh()}: the inverse hyperbolic sine, elementwise. */
    public Tensor asinh() { return Elementwise.unary(UnaryOp.ASINH, self(), null); }

    /** {@code tensor.asinh_()}: in place. */
    public Tensor asinh_() { return Elementwise.unary(UnaryOp.ASINH, self(), self()); }

    /** {@code tensor.atanh()}: the inverse hyperbolic tangent, elementwise. */
    public Tensor atanh() { return Elementwise.unary(UnaryOp.ATANH, self(), null); }

    /** {@code tensor.atanh_()}: in place. */
    public Tensor atanh_() { return Elementwise.unary(UnaryOp.ATANH, self(), self()); }

    /** {@code tensor.cosh()}: the hyperbolic cosine, elementwise. */
    public Tensor cosh() { return Elementwise.unary(UnaryOp.COSH, self(), null); }

    /** {@code tensor.cosh_()}: in place. */
    public Tensor cosh_() { return Elementwise.unary(UnaryOp.COSH, self(), self()); }

    /** {@code tensor.sinh()}: the hyperbolic sine, elementwise. */
    public Tensor sinh() { return Elementwise.unary(UnaryOp.SINH, self(), null); }

    /** {@code tensor.sinh_()}: in place. */
    public Tensor sinh_() { return Elementwise.unary(UnaryOp.SINH, self(), self()); }

    /** {@code tensor.log2()}: the base-2 logarithm, elementwise. */
    public Tensor log2() { return Elementwise.unary(UnaryOp.LOG2, self(), null); }

    /** {@code tensor.log2_()}: in place. */
    public Tensor log2_() { return Elementwise.unary(UnaryOp.LOG2, self(), self()); }

    /** {@code tensor.log10()}: the base-10 logarithm, elementwise. */
    public Tensor log10() { return Elementwise.unary(UnaryOp.LOG10, self(), null); }

    /** {@code tensor.log10_()}: in place. */
    public Tensor log10_() { return Elementwise.unary(UnaryOp.LOG10, self(), self()); }

    /** {@code tensor.exp2()}: the 2 to the power x, elementwise. */
    public Tensor exp2() { return Elementwise.unary(UnaryOp.EXP2, self(), null); }

    /** {@code tensor.exp2_()}: in place. */
    public Tensor exp2_() { return Elementwise.unary(UnaryOp.EXP2, self(), self()); }

    /** {@code tensor.erfc()}: the complementary error function 1 - erf(x), elementwise. */
    public Tensor erfc() { return Elementwise.unary(UnaryOp.ERFC, self(), null); }

    /** {@code tensor.erfc_()}: in place. */
    public Tensor erfc_() { return Elementwise.unary(UnaryOp.ERFC, self(), self()); }

    /** {@code tensor.arccos()}: {@link #acos()} (NumPy's name). */
    public Tensor arccos() { return acos(); }

    /** {@code tensor.arcsin()}: {@link #asin()} (NumPy's name). */
    public Tensor arcsin() { return asin(); }

    /** {@code tensor.arctan()}: {@link #atan()} (NumPy's name). */
    public Tensor arctan() { return atan(); }

    /** {@code tensor.arccosh()}: {@link #acosh()} (NumPy's name). */
    public Tensor arccosh() { return acosh(); }

    /** {@code tensor.arcsinh()}: {@link #asinh()} (NumPy's name). */
    public Tensor arcsinh() { return asinh(); }

    /** {@code tensor.arctanh()}: {@link #atanh()} (NumPy's name). */
    public Tensor arctanh() { return atanh(); }

    /** {@code tensor.deg2rad()}. */
    public Tensor deg2rad() { return MathFunctions.deg2rad(self()); }

    /** {@code tensor.rad2deg()}. */
    public Tensor rad2deg() { return MathFunctions.rad2deg(self()); }

    /** {@code tensor.signbit()}: true where the sign bit is set (-0.0 included). */
    public Tensor signbit() { return MathFunctions.signbit(self()); }

    /** {@code tensor.nan_to_num()}: NaN to 0, +-inf to the dtype's largest/lowest finite value. */
    public Tensor nanToNum() { return MathFunctions.nanToNum(self(), 0.0, null, null); }

    /** {@code tensor.nan_to_num(nan, posinf, neginf)} (null posinf/neginf: the dtype's extremes). */
    public Tensor nanToNum(double nan, Double posinf, Double neginf) { return MathFunctions.nanToNum(self(), nan, posinf, neginf); }

    /** {@code tensor.fmax(other)}: elementwise maximum that ignores a NaN against a number. */
    public Tensor fmax(Tensor other) { return MathFunctions.fmax(self(), other); }

    /** {@code tensor.fmin(other)}: elementwise minimum that ignores a NaN against a number. */
    public Tensor fmin(Tensor other) { return MathFunctions.fmin(self(), other); }

    /** {@code tensor.isposinf()}. */
    public Tensor isposinf() { return MathFunctions.isposinf(self()); }

    /** {@code tensor.isneginf()}. */
    public Tensor isneginf() { return MathFunctions.isneginf(self()); }

    /** {@code tensor.stft(n_fft, ...)}: see {@link Torch#stft}. */
    public Tensor stft(long nFft, StftOptions o) { return Torch.stft(self(), nFft, o); }

    /** {@code tensor.istft(n_fft, ...)}: see {@link Torch#istft}. */
    public Tensor istft(long nFft, StftOptions o) { return Torch.istft(self(), nFft, o); }

    /** {@code tensor.i0()}: the modified Bessel function of the first kind, order 0 (integers give float32). */
    public Tensor i0() { return dev.torch4j.ops.Bessel.i0(self()); }

    /** {@code tensor.sgn()}: {@link Tensor#sign()} for real tensors. */
    public Tensor sgn() { return self().isComplex() ? dev.torch4j.ops.ComplexOps.sgn(self()) : self().sign(); }

    /** {@code tensor.fix()}: {@link Tensor#trunc()}. */
    public Tensor fix() { return self().trunc(); }

    /** {@code tensor.positive()}: the tensor itself (PyTorch refuses bool). */
    public Tensor positive() { return MathFunctions.positive(self()); }

    /** {@code tensor.clip(min, max)}: {@link Tensor#clamp(double, double)}. */
    public Tensor clip(double min, double max) { return self().clamp(min, max); }

    /** {@code clip(min, max)} with Python ints: see {@link Tensor#clamp(long, long)}. */
    public Tensor clip(long min, long max) { return self().clamp(min, max); }

    /** {@code tensor.clip(min, max)} with tensor bounds: {@link Tensor#clamp(Tensor, Tensor)}. */
    public Tensor clip(Tensor min, Tensor max) { return self().clamp(min, max); }

    /** {@code tensor.lgamma()}: {@code log|Gamma(x)|} (+inf at the poles). */
    public Tensor lgamma() { return SpecialOps.lgamma(self()); }

    /** {@code tensor.digamma()}: the derivative of lgamma. */
    public Tensor digamma() { return SpecialOps.digamma(self()); }

    /** {@code tensor.polygamma(n)}: the n-th derivative of digamma. */
    public Tensor polygamma(long n) { return SpecialOps.polygamma(Math.toIntExact(n), self()); }

    /** {@code tensor.erfinv()}: the inverse error function on [-1, 1]. */
    public Tensor erfinv() { return SpecialOps.erfinv(self()); }

    /** {@code tensor.mvlgamma(p)}: the multivariate log-gamma function of dimension p. */
    public Tensor mvlgamma(long p) { return SpecialOps.mvlgamma(self(), p); }

    /** {@code tensor.fliplr()}: reversed along dim 1. */
    public Tensor fliplr() { return Shaping.fliplr(self()); }

    /** {@code tensor.flipud()}: reversed along dim 0. */
    public Tensor flipud() { return Shaping.flipud(self()); }

    /** {@code tensor.diagflat(offset)}: the flattened tensor on a diagonal. */
    public Tensor diagflat(long offset) { return Shaping.diagflat(self(), offset); }

    /** {@code tensor.msort()}: sorted along dim 0. */
    public Tensor msort() { return Shaping.msort(self()); }

    /** {@code tensor.inner(other)}: the sum over the last dims of both. */
    public Tensor inner(Tensor other) { return dev.torch4j.ops.LinalgComposites.inner(self(), other); }

    /** {@code tensor.renorm(p, dim, maxnorm)}: slices along dim rescaled to p-norm at most maxnorm. */
    public Tensor renorm(double p, long dim, double maxnorm) { return MathFunctions.renorm(self(), p, dim, maxnorm); }

    /** {@code tensor.histc(bins, min, max)}: a histogram of the values (not differentiable). */
    public Tensor histc(long bins, double min, double max) { return dev.torch4j.ops.Counting.histc(self(), bins, min, max); }

    /** {@code tensor.nanquantile(q, dim, keepdim, interpolation)}: quantiles ignoring NaN. */
    public Tensor nanquantile(double q, Long dim, boolean keepdim, String interpolation) {
        return OrderStatistics.nanquantile(self(), Tensor.scalar(q), dim, keepdim, interpolation);
    }

    /** {@code tensor.nanquantile(q)} over all elements, linear interpolation. */
    public Tensor nanquantile(double q) { return nanquantile(q, null, false, "linear"); }

    /** {@code tensor.nanquantile(q, dim, keepdim, interpolation)} with several q (a new leading dim). */
    public Tensor nanquantile(Tensor q, Long dim, boolean keepdim, String interpolation) {
        return OrderStatistics.nanquantile(self(), q, dim, keepdim, interpolation);
    }

    /**
     * {@code tensor.put_(index, source, accumulate)}: writes source into the elements at the flat (row-major)
     * indices, adding when accumulate.
     */
    public Tensor put_(Tensor index, Tensor source, boolean accumulate) {
        Tensor self = self();
        if (!accumulate) dev.torch4j.ops.Nondeterministic.onCuda("put_", self);
        if (self.isContiguous()) {
            self.view(-1).indexPut_(new Object[] {index.reshape(-1)}, source.reshape(-1), accumulate);
            return self;
        }
        Tensor flat = self.contiguous().view(-1);
        flat.indexPut_(new Object[] {index.reshape(-1)}, source.reshape(-1), accumulate);
        return self.copy_(flat.view(self.shapeArray()));
    }

    /** {@code tensor.put(index, source, accumulate)}: {@link #put_} on a copy. */
    public Tensor put(Tensor index, Tensor source, boolean accumulate) { return self().clone().put_(index, source, accumulate); }

    // ---------------------------------------------------------------- integer ops (bitwise, shifts, gcd, lcm)

    private Tensor bits(BinaryOp op, Tensor other) { return Bitwise.binary(op, self(), other, null); }

    private Tensor bits_(BinaryOp op, Tensor other) { return Bitwise.binary(op, self(), other, self()); }

    /**
     * {@code tensor.bitwise_and(other)}: {@code self & other} on integer or bool tensors, broadcast, with PyTorch's
     * type promotion (floating point is refused: {@code "bitwise_and_cpu" not implemented for 'Float'}).
     * <pre>{@code tensor(new long[] {12, 10}).bitwiseAnd(6L)  // tensor([4, 2])}</pre>
     */
    public Tensor bitwiseAnd(Tensor other) { return bits(BinaryOp.BITWISE_AND, other); }

    /** {@code tensor.bitwise_and(n)} with a Java integer (promoted as a Python int: a bool tensor gives int64). */
    public Tensor bitwiseAnd(long other) { return bits(BinaryOp.BITWISE_AND, Tensor.scalar(other)); }

    /** {@code tensor.bitwise_and_(other)}: in place. */
    public Tensor bitwiseAnd_(Tensor other) { return bits_(BinaryOp.BITWISE_AND, other); }

    /** {@code tensor.bitwise_and_(n)}: in place. */
    public Tensor bitwiseAnd_(long other) { return bits_(BinaryOp.BITWISE_AND, Tensor.scalar(other)); }

    /** {@code tensor.bitwise_or(other)}: {@code self | other} on integer or bool tensors. */
    public Tensor bitwiseOr(Tensor other) { return bits(BinaryOp.BITWISE_OR, other); }

    /** {@code tensor.bitwise_or(n)} with a Java integer. */
    public Tensor bitwiseOr(long other) { return bits(BinaryOp.BITWISE_OR, Tensor.scalar(other)); }

    /** {@code tensor.bitwise_or_(other)}: in place. */
    public Tensor bitwiseOr_(Tensor other) { return bits_(BinaryOp.BITWISE_OR, other); }

    /** {@code tensor.bitwise_or_(n)}: in place. */
    public Tensor bitwiseOr_(long other) { return bits_(BinaryOp.BITWISE_OR, Tensor.scalar(other)); }

    /** {@code tensor.bitwise_xor(other)}: {@code self ^ other} on integer or bool tensors. */
    public Tensor bitwiseXor(Tensor other) { return bits(BinaryOp.BITWISE_XOR, other); }

    /** {@code tensor.bitwise_xor(n)} with a Java integer. */
    public Tensor bitwiseXor(long other) { return bits(BinaryOp.BITWISE_XOR, Tensor.scalar(other)); }

    /** {@code tensor.bitwise_xor_(other)}: in place. */
    public Tensor bitwiseXor_(Tensor other) { return bits_(BinaryOp.BITWISE_XOR, other); }

    /** {@code tensor.bitwise_xor_(n)}: in place. */
    public Tensor bitwiseXor_(long other) { return bits_(BinaryOp.BITWISE_XOR, Tensor.scalar(other)); }

    /** {@code tensor.bitwise_not()}: {@code ~self} on integers; logical not on bool. */
    public Tensor bitwiseNot() { return Elementwise.unary(UnaryOp.BITWISE_NOT, self(), null); }

    /** {@code tensor.bitwise_not_()}: in place. */
    public Tensor bitwiseNot_() { return Elementwise.unary(UnaryOp.BITWISE_NOT, self(), self()); }

    /**
     * {@code tensor.bitwise_left_shift(other)}: {@code self << other} on integer tensors (PyTorch 2.x: a negative
     * shift, or one of at least the dtype's width, gives 0).
     */
    public Tensor bitwiseLeftShift(Tensor other) { return bits(BinaryOp.LSHIFT, other); }

    /** {@code tensor.bitwise_left_shift(n)} with a Java integer. */
    public Tensor bitwiseLeftShift(long other) { return bits(BinaryOp.LSHIFT, Tensor.scalar(other)); }

    /** {@code tensor.bitwise_left_shift_(other)}: in place. */
    public Tensor bitwiseLeftShift_(Tensor other) { return bits_(BinaryOp.LSHIFT, other); }

    /** {@code tensor.bitwise_left_shift_(n)}: in place. */
    public Tensor bitwiseLeftShift_(long other) { return bits_(BinaryOp.LSHIFT, Tensor.scalar(other)); }

    /**
     * {@code tensor.bitwise_right_shift(other)}: {@code self >> other}, arithmetic (sign-filling) for signed dtypes
     * (PyTorch 2.x: a negative shift, or one past the sign bit, gives 0 or -1 by the sign; 0 for uint8).
     */
    public Tensor bitwiseRightShift(Tensor other) { return bits(BinaryOp.RSHIFT, other); }

    /** {@code tensor.bitwise_right_shift(n)} with a Java integer. */
    public Tensor bitwiseRightShift(long other) { return bits(BinaryOp.RSHIFT, Tensor.scalar(other)); }

    /** {@code tensor.bitwise_right_shift_(other)}: in place. */
    public Tensor bitwiseRightShift_(Tensor other) { return bits_(BinaryOp.RSHIFT, other); }

    /** {@code tensor.bitwise_right_shift_(n)}: in place. */
    public Tensor bitwiseRightShift_(long other) { return bits_(BinaryOp.RSHIFT, Tensor.scalar(other)); }

    /** Groovy's {@code a & b}: {@link #bitwiseAnd(Tensor)}. */
    public Tensor and(Tensor other) { return bitwiseAnd(other); }

    /** Groovy's {@code a & n}: {@link #bitwiseAnd(long)}. */
    public Tensor and(long other) { return bitwiseAnd(other); }

    /** Groovy's {@code a | b}: {@link #bitwiseOr(Tensor)}. */
    public Tensor or(Tensor other) { return bitwiseOr(other); }

    /** Groovy's {@code a | n}: {@link #bitwiseOr(long)}. */
    public Tensor or(long other) { return bitwiseOr(other); }

    /** Groovy's {@code a ^ b}: {@link #bitwiseXor(Tensor)}. */
    public Tensor xor(Tensor other) { return bitwiseXor(other); }

    /** Groovy's {@code a ^ n}: {@link #bitwiseXor(long)}. */
    public Tensor xor(long other) { return bitwiseXor(other); }

    /** Groovy's {@code ~a}: {@link #bitwiseNot()}. */
    public Tensor bitwiseNegate() { return bitwiseNot(); }

    /** Groovy's {@code a << b}: {@link #bitwiseLeftShift(Tensor)}. */
    public Tensor leftShift(Tensor other) { return bitwiseLeftShift(other); }

    /** Groovy's {@code a << n}: {@link #bitwiseLeftShift(long)}. */
    public Tensor leftShift(long other) { return bitwiseLeftShift(other); }

    /** Groovy's {@code a >> b}: {@link #bitwiseRightShift(Tensor)}. */
    public Tensor rightShift(Tensor other) { return bitwiseRightShift(other); }

    /** Groovy's {@code a >> n}: {@link #bitwiseRightShift(long)}. */
    public Tensor rightShift(long other) { return bitwiseRightShift(other); }

    /**
     * {@code tensor.gcd(other)}: the greatest common divisor of |self| and |other| (0 with 0 gives 0), on integer
     * tensors, broadcast. As PyTorch, |MIN| wraps in the dtype: {@code gcd(MIN, 0)} is MIN.
     */
    public Tensor gcd(Tensor other) { return bits(BinaryOp.GCD, other); }

    /** {@code tensor.gcd_(other)}: in place. */
    public Tensor gcd_(Tensor other) { return bits_(BinaryOp.GCD, other); }

    /** {@code tensor.lcm(other)}: the least common multiple {@code |self / gcd * other|} (0 when either is 0). */
    public Tensor lcm(Tensor other) { return bits(BinaryOp.LCM, other); }

    /** {@code tensor.lcm_(other)}: in place. */
    public Tensor lcm_(Tensor other) { return bits_(BinaryOp.LCM, other); }

    // ---------------------------------------------------------------- scans, scatter_reduce, runs

    /**
     * {@code tensor.cummax(dim)}: the running maximum along dim and the index it was found at. On a tie the index
     * moves to the later element; a NaN propagates (its index moving to each later NaN), as in PyTorch. The values
     * are differentiable (the gradient goes to the indexed elements).
     */
    public ValuesIndices cummax(long dim) { return CumulativeExtrema.cumulative(self(), dim, true); }

    /** {@code tensor.cummin(dim)}: the running minimum, with {@link #cummax}'s rules. */
    public ValuesIndices cummin(long dim) { return CumulativeExtrema.cumulative(self(), dim, false); }

    /**
     * {@code tensor.scatter_reduce(dim, index, src, reduce)} with {@code include_self=True}: like
     * {@link Tensor#scatterAdd}, the elements sent to one place combined by {@code reduce}: "sum", "prod", "mean",
     * "amax" or "amin" (integer mean rounds down). Differentiable in self and src (amax/amin share the gradient
     * evenly among ties).
     */
    public Tensor scatterReduce(long dim, Tensor index, Tensor src, String reduce) {
        return ScatterReduce.scatterReduce(self(), dim, index, src, reduce, true);
    }

    /** {@code tensor.scatter_reduce(dim, index, src, reduce, include_self)}: without self's values where false. */
    public Tensor scatterReduce(long dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        return ScatterReduce.scatterReduce(self(), dim, index, src, reduce, includeSelf);
    }

    /** {@code tensor.scatter_reduce_(dim, index, src, reduce)}: in place. */
    public Tensor scatterReduce_(long dim, Tensor index, Tensor src, String reduce) {
        return ScatterReduce.scatterReduce_(self(), dim, index, src, reduce, true);
    }

    /** {@code tensor.scatter_reduce_(dim, index, src, reduce, include_self)}: in place. */
    public Tensor scatterReduce_(long dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        return ScatterReduce.scatterReduce_(self(), dim, index, src, reduce, includeSelf);
    }

    /**
     * {@code tensor.index_reduce(dim, index, source, reduce)}: the slices of {@code source} along {@code dim} reduced
     * ({@code "prod"}, {@code "mean"}, {@code "amax"}, {@code "amin"}) into the slices of a copy of this tensor that
     * the 1-D {@code index} names, this tensor's values included.
     */
    public Tensor indexReduce(long dim, Tensor index, Tensor source, String reduce) {
        return IndexReduce.indexReduce(self(), dim, index, source, reduce, true);
    }

    /** {@code tensor.index_reduce(dim, index, source, reduce, include_self=includeSelf)}. */
    public Tensor indexReduce(long dim, Tensor index, Tensor source, String reduce, boolean includeSelf) {
        return IndexReduce.indexReduce(self(), dim, index, source, reduce, includeSelf);
    }

    /** {@code tensor.index_reduce_(dim, index, source, reduce)}: {@link #indexReduce} in place. */
    public Tensor indexReduce_(long dim, Tensor index, Tensor source, String reduce) {
        return IndexReduce.indexReduce_(self(), dim, index, source, reduce, true);
    }

    /** {@code tensor.index_reduce_(dim, index, source, reduce, include_self=includeSelf)}. */
    public Tensor indexReduce_(long dim, Tensor index, Tensor source, String reduce, boolean includeSelf) {
        return IndexReduce.indexReduce_(self(), dim, index, source, reduce, includeSelf);
    }

    /** {@code tensor.mode()}: {@link #mode(long, boolean)} along the last dim. */
    public ValuesIndices mode() { return Runs.mode(self(), -1, false); }

    /** {@code tensor.mode(dim)}: {@link #mode(long, boolean)} without keepdim. */
    public ValuesIndices mode(long dim) { return Runs.mode(self(), dim, false); }

    /**
     * {@code tensor.mode(dim, keepdim)}: the most frequent value along dim, and an index of it. Of equally frequent
     * values the smallest is taken, at the index of its last occurrence (PyTorch's CPU rule); every NaN counts
     * apart. Differentiable in the values.
     */
    public ValuesIndices mode(long dim, boolean keepdim) { return Runs.mode(self(), dim, keepdim); }

    /** {@code tensor.unique_consecutive()}: the tensor flattened, each run of equal consecutive elements kept once. */
    public Tensor uniqueConsecutive() { return Runs.uniqueConsecutive(self(), false, false, null)[0]; }

    /**
     * {@code tensor.unique_consecutive(return_inverse, return_counts, dim)}: {values, inverse (when asked), counts
     * (when asked)}; with a null dim the tensor is flattened, else whole slices along dim are compared. Not
     * differentiable.
     */
    public Tensor[] uniqueConsecutive(boolean returnInverse, boolean returnCounts, Long dim) {
        return Runs.uniqueConsecutive(self(), returnInverse, returnCounts, dim);
    }
}
