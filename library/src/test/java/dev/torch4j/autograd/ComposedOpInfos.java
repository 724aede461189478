package dev.torch4j.autograd;

import dev.torch4j.StftOptions;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.torch4j.autograd.OpInfo.in;
import static dev.torch4j.autograd.OpInfo.pos;
import static dev.torch4j.autograd.OpInfo.r;
import static dev.torch4j.autograd.OpInfos.both;
import static dev.torch4j.autograd.OpInfos.op;
import static dev.torch4j.autograd.OpInfos.opMulti;

/** Op-table entries of the composed shape, arithmetic and order-statistics functions (Shaping, Arithmetic, OrderStatistics). */
final class ComposedOpInfos {
    private ComposedOpInfos() {}

    /** The composed pointwise math functions (ops.MathFunctions). */
    private static void mathFunctions(List<OpInfo> t) {
        op(t, "deg2rad", "", x -> x[0].deg2rad()).sample(r(3, 4));
        op(t, "deg2rad", "static", x -> Torch.deg2rad(x[0])).sample(r(3));
        op(t, "rad2deg", "", x -> x[0].rad2deg()).sample(r(3, 4));
        op(t, "rad2deg", "static", x -> Torch.rad2deg(x[0])).sample(r(3));
        op(t, "nanToNum", "", x -> x[0].nanToNum()).sample(r(3, 4));
        op(t, "nanToNum", "values", x -> x[0].nanToNum(1.0, 2.0, -2.0)).sample(r(3));
        op(t, "nanToNum", "static", x -> Torch.nanToNum(x[0])).sample(r(2, 3));
        op(t, "nanToNum", "static values", x -> Torch.nanToNum(x[0], 0.5, null, -1.0)).sample(r(3));
        op(t, "fmax", "", x -> x[0].fmax(x[1])).sample(r(3, 4), r(4));
        op(t, "fmax", "static", x -> Torch.fmax(x[0], x[1])).sample(r(3), r(3));
        op(t, "fmin", "", x -> x[0].fmin(x[1])).sample(r(3, 4), r(3, 1));
        op(t, "fmin", "static", x -> Torch.fmin(x[0], x[1])).sample(r(3), r(3));
        op(t, "positive", "", x -> x[0].positive()).sample(r(3, 4));
        op(t, "positive", "static", x -> Torch.positive(x[0])).sample(r(3));
        Map<String, UnaryOperator<Tensor>> statics = new LinkedHashMap<>();
        statics.put("acos", Torch::acos);
        statics.put("asin", Torch::asin);
        statics.put("atan", Torch::atan);
        statics.put("acosh", Torch::acosh);
        statics.put("asinh", Torch::asinh);
        statics.put("atanh", Torch::atanh);
        statics.put("cosh", Torch::cosh);
        statics.put("sinh", Torch::sinh);
        statics.put("log2", Torch::log2);
        statics.put("log10", Torch::log10);
        statics.put("exp2", Torch::exp2);
        statics.put("erfc", Torch::erfc);
        op(t, "lgamma", "", x -> x[0].lgamma()).sample(pos(3, 4)).sample(in(-2.7, -2.2, 3));
        op(t, "lgamma", "static", x -> Torch.lgamma(x[0])).sample(pos(3));
        op(t, "digamma", "", x -> x[0].digamma()).sample(pos(3, 4)).sample(in(-1.8, -1.2, 3));
        op(t, "digamma", "static", x -> Torch.digamma(x[0])).sample(pos(3));
        op(t, "polygamma", "n=1", x -> x[0].polygamma(1)).sample(pos(3, 4));
        op(t, "polygamma", "n=2 static", x -> Torch.polygamma(2, x[0])).sample(pos(3));
        // stft/istft: gradients to the signal, the spectrum and the window (istft divides by the window's envelope)
        op(t, "stft", "window hop", x -> x[0].stft(8, StftOptions.DEFAULT.hopLength(3).window(x[1]).returnComplex(true)).viewAsReal())
                .sample(r(40), r(8));
        op(t, "stft", "static batch no center", x -> Torch.stft(x[0], 6, StftOptions.DEFAULT.center(false).returnComplex(true))
                .viewAsReal()).sample(r(2, 20));
        op(t, "istft", "window", x -> Torch.viewAsComplex(x[0].contiguous()).istft(8, StftOptions.DEFAULT.hopLength(2).window(x[1])))
                .sample(r(5, 7, 2), in(0.5, 1.5, 8));
        op(t, "istft", "static length", x -> Torch.istft(Torch.viewAsComplex(x[0].contiguous()), 6,
                StftOptions.DEFAULT.hopLength(3).window(x[1]).length(12))).sample(r(4, 5, 2), in(0.5, 1.5, 6));
        // both sides of the expansions' switch at |x| = 8, and 0 (where i1's derivative is its limit 1/2)
        op(t, "i0", "", x -> x[0].i0()).sample(r(3, 4)).sample(in(-12, 12, 5));
        op(t, "i0", "static", x -> Torch.i0(x[0])).sample(in(6, 10, 4));
        op(t, "i0", "special i0e i1 i1e", x -> Torch.special().i0e(x[0]).add(Torch.special().i1(x[0]))
                .add(Torch.special().i1e(x[0]))).sample(r(3)).sample(in(-12, 12, 5));
        op(t, "erfinv", "", x -> x[0].erfinv()).sample(in(-0.9, 0.9, 3, 4));
        op(t, "erfinv", "static", x -> Torch.erfinv(x[0])).sample(in(-0.9, 0.9, 3));
        op(t, "mvlgamma", "p=3", x -> x[0].mvlgamma(3)).sample(in(1.5, 3, 3, 4));
        op(t, "mvlgamma", "static", x -> Torch.mvlgamma(x[0], 2)).sample(in(1, 3, 3));
        op(t, "fliplr", "", x -> x[0].fliplr()).sample(r(3, 4));
        op(t, "fliplr", "static", x -> Torch.fliplr(x[0])).sample(r(2, 3, 2));
        op(t, "flipud", "", x -> x[0].flipud()).sample(r(3, 4));
        op(t, "flipud", "static", x -> Torch.flipud(x[0])).sample(r(3));
        op(t, "diagflat", "", x -> x[0].diagflat(1)).sample(r(2, 2));
        op(t, "diagflat", "static", x -> Torch.diagflat(x[0], 0)).sample(r(3));
        op(t, "msort", "", x -> x[0].msort()).sample(r(4, 3));
        op(t, "msort", "static", x -> Torch.msort(x[0])).sample(r(5));
        op(t, "inner", "", x -> x[0].inner(x[1])).sample(r(2, 3), r(4, 3));
        op(t, "inner", "static", x -> Torch.inner(x[0], x[1])).sample(r(3), r(2, 3));
        op(t, "vander", "", x -> Torch.vander(x[0])).sample(r(4));
        op(t, "vander", "n increasing", x -> Torch.vander(x[0], 3L, true)).sample(r(3));
        op(t, "renorm", "", x -> x[0].renorm(2, 0, 0.5)).sample(r(3, 4));
        op(t, "renorm", "static", x -> Torch.renorm(x[0], 1, 1, 0.7)).sample(r(3, 4));
        op(t, "nanquantile", "", x -> x[0].nanquantile(0.3, 1L, false, "linear")).sample(r(3, 5));
        op(t, "nanquantile", "all", x -> x[0].nanquantile(0.6)).sample(r(3, 4));
        op(t, "nanquantile", "static", x -> Torch.nanquantile(x[0], Torch.tensor(new double[] {0.2, 0.7}, Torch.dtype(dev.torch4j.DType.FLOAT64)), 0L, true, "midpoint")).sample(r(5, 2));
        op(t, "trapezoid", "", x -> Torch.trapezoid(x[0])).sample(r(3, 5));
        op(t, "trapezoid", "dx", x -> Torch.trapezoid(x[0], 0.5, 0)).sample(r(4, 3));
        op(t, "trapezoid", "x", x -> Torch.trapezoid(x[0], x[1], -1)).sample(r(2, 4), r(4));
        op(t, "trapz", "", x -> Torch.trapz(x[0], x[1], 0)).sample(r(4, 2), r(4, 2));
        op(t, "cumulativeTrapezoid", "dx", x -> Torch.cumulativeTrapezoid(x[0], 2.0, -1)).sample(r(2, 5));
        op(t, "cumulativeTrapezoid", "x", x -> Torch.cumulativeTrapezoid(x[0], x[1], 0)).sample(r(4, 2), r(4));
        op(t, "put", "", x -> x[0].put(Torch.tensor(new long[] {0, 5, 7}).to(x[0].device()), x[1], false)).sample(r(3, 4), r(3));
        op(t, "put_", "accumulate", x -> x[0].clone().put_(Torch.tensor(new long[] {1, 1, 4}).to(x[0].device()), x[1], true)).sample(r(2, 3), r(3));
        statics.forEach((n, f) -> {
            double lo = n.equals("acosh") ? 1.2 : n.startsWith("log") ? 0.5 : -0.9, hi = n.equals("acosh") ? 3 : n.startsWith("log") ? 2 : 0.9;
            op(t, n, "static", x -> f.apply(x[0])).sample(in(lo, hi, 3, 2));
        });
    }

    static void shapes(List<OpInfo> t) {
        mathFunctions(t);
        op(t, "repeat", "", x -> x[0].repeat(2, 1, 3)).sample(r(3, 2)).sample(r(2));
        op(t, "tile", "", x -> x[0].tile(2)).sample(r(3, 2));
        op(t, "tile", "static", x -> Torch.tile(x[0], 2, 1, 2)).sample(r(3, 2));
        op(t, "movedim", "", x -> x[0].movedim(0, 2)).sample(r(2, 3, 4));
        op(t, "movedim", "several", x -> x[0].movedim(new long[] {0, 1}, new long[] {2, 0})).sample(r(2, 3, 4));
        op(t, "movedim", "static", x -> Torch.movedim(x[0], -1, 0)).sample(r(2, 3, 4));
        op(t, "moveaxis", "", x -> x[0].moveaxis(1, 0)).sample(r(2, 3));
        op(t, "swapaxes", "", x -> x[0].swapaxes(0, 2)).sample(r(2, 3, 4));
        op(t, "swapaxes", "static", x -> Torch.swapaxes(x[0], 0, 1)).sample(r(2, 3));
        op(t, "swapdims", "", x -> x[0].swapdims(1, 0)).sample(r(2, 3));
        op(t, "broadcastTo", "", x -> x[0].broadcastTo(2, 3, 4)).sample(r(3, 1));
        op(t, "broadcastTo", "static", x -> Torch.broadcastTo(x[0], 4, 3)).sample(r(3));
        opMulti(t, "broadcastTensors", "", x -> Torch.broadcastTensors(x[0], x[1])).sample(r(3, 1), r(4));
        op(t, "unflatten", "", x -> x[0].unflatten(1, 2, -1)).sample(r(3, 6));
        op(t, "rot90", "", x -> x[0].rot90()).sample(r(3, 4));
        op(t, "rot90", "k dims", x -> x[0].rot90(-1, 2, 0)).sample(r(2, 3, 4));
        op(t, "rot90", "static twice", x -> Torch.rot90(x[0], 2, 0, 1)).sample(r(3, 4));
        op(t, "diagEmbed", "", x -> x[0].diagEmbed()).sample(r(2, 3));
        op(t, "diagEmbed", "offset dims", x -> x[0].diagEmbed(-1, 0, 2)).sample(r(2, 3));
        op(t, "diagEmbed", "static", x -> Torch.diagEmbed(x[0])).sample(r(4));
        op(t, "takeAlongDim", "", x -> x[0].takeAlongDim(x[0].detach().argsort(1), 1)).sample(r(3, 4));
        op(t, "takeAlongDim", "flat", x -> Torch.takeAlongDim(x[0], Torch.tensor(new long[][] {{0, 11}, {5, 5}}).to(x[0].device()))).sample(r(3, 4));
        op(t, "takeAlongDim", "broadcast", x -> Torch.takeAlongDim(x[0], Torch.tensor(new long[][] {{0, 2}}).to(x[0].device()), 1)).sample(r(3, 4));
        op(t, "kron", "", x -> x[0].kron(x[1])).sample(r(2, 3), r(3, 2)).sample(r(2), r(2, 2));
        op(t, "kron", "static", x -> Torch.kron(x[0], x[1])).sample(r(3), r(2));
        op(t, "tensordot", "", x -> Torch.tensordot(x[0], x[1], 2)).sample(r(2, 3, 4), r(3, 4, 5));
        op(t, "tensordot", "dims", x -> Torch.tensordot(x[0], x[1], new long[] {0, 2}, new long[] {1, 0})).sample(r(2, 3, 4), r(4, 2));
        op(t, "blockDiag", "", x -> Torch.blockDiag(x[0], x[1], x[2])).sample(r(2, 3), r(3), r(1, 2));
        op(t, "cartesianProd", "", x -> Torch.cartesianProd(x[0], x[1])).sample(r(3), r(2));
        op(t, "atleast1d", "", x -> Torch.atleast1d(x[0])).sample(r()).sample(r(3));
        op(t, "atleast2d", "", x -> Torch.atleast2d(x[0])).sample(r()).sample(r(3));
        op(t, "atleast3d", "", x -> Torch.atleast3d(x[0])).sample(r(3)).sample(r(2, 3));
        opMulti(t, "tensorSplit", "", x -> x[0].tensorSplit(3, 1)).sample(r(2, 7));
        opMulti(t, "tensorSplit", "indices", x -> Torch.tensorSplit(x[0], new long[] {1, 3}, 0)).sample(r(5, 2));
    }

    static void arithmetic(List<OpInfo> t) {
        op(t, "lerp", "", x -> x[0].lerp(x[1], 0.3)).sample(r(3, 4), r(3, 4));
        op(t, "lerp", "tensor weight", x -> x[0].lerp(x[1], x[2])).sample(r(3, 4), r(4), r(3, 1));
        op(t, "lerp", "static", x -> Torch.lerp(x[0], x[1], 0.7)).sample(r(3), r(3));
        op(t, "addcmul", "", x -> x[0].addcmul(x[1], x[2])).sample(r(3, 4), r(3, 4), r(4));
        op(t, "addcmul", "value", x -> Torch.addcmul(x[0], x[1], x[2], -0.5)).sample(r(3), r(3), r(3));
        op(t, "addcdiv", "", x -> x[0].addcdiv(x[1], x[2])).sample(r(3, 4), r(3, 4), pos(4));
        op(t, "addcdiv", "value", x -> Torch.addcdiv(x[0], x[1], x[2], 2.0)).sample(r(3), r(3), pos(3));
        op(t, "addmv", "", x -> x[0].addmv(x[1], x[2])).sample(r(3), r(3, 4), r(4));
        op(t, "addmv", "beta alpha", x -> Torch.addmv(x[0], x[1], x[2], 0.5, 2.0)).sample(r(3), r(3, 4), r(4));
        op(t, "addr", "", x -> x[0].addr(x[1], x[2])).sample(r(3, 4), r(3), r(4));
        op(t, "addr", "beta alpha", x -> Torch.addr(x[0], x[1], x[2], 2.0, -1.0)).sample(r(3, 4), r(3), r(4));
        op(t, "baddbmm", "", x -> x[0].baddbmm(x[1], x[2])).sample(r(2, 3, 4), r(2, 3, 5), r(2, 5, 4));
        op(t, "baddbmm", "beta alpha", x -> Torch.baddbmm(x[0], x[1], x[2], 0.0, 1.5)).sample(r(3, 4), r(2, 3, 5), r(2, 5, 4));
        op(t, "addbmm", "", x -> x[0].addbmm(x[1], x[2])).sample(r(3, 4), r(2, 3, 5), r(2, 5, 4));
        op(t, "addbmm", "beta alpha", x -> Torch.addbmm(x[0], x[1], x[2], 0.5, 0.5)).sample(r(3, 4), r(2, 3, 5), r(2, 5, 4));
        op(t, "logaddexp", "", x -> x[0].logaddexp(x[1])).sample(r(3, 4), r(4));
        op(t, "logaddexp", "static", x -> Torch.logaddexp(x[0], x[1])).sample(r(3), r(3));
        op(t, "logaddexp2", "", x -> x[0].logaddexp2(x[1])).sample(r(3, 4), r(3, 4));
        op(t, "hypot", "", x -> x[0].hypot(x[1])).sample(r(3, 4), r(4));
        op(t, "hypot", "static", x -> Torch.hypot(x[0], x[1])).sample(r(3), r(3));
        op(t, "xlogy", "", x -> x[0].xlogy(x[1])).sample(r(3, 4), pos(3, 4));
        op(t, "xlogy", "static", x -> Torch.xlogy(x[0], x[1])).sample(r(3), pos(3));
        op(t, "logit", "", x -> x[0].mul(0.4).add(0.5).logit()).sample(r(3, 4));
        op(t, "logit", "eps", x -> x[0].mul(0.4).add(0.5).logit(1e-3)).sample(r(3, 4));
        op(t, "logit", "static", x -> Torch.logit(x[0].mul(0.4).add(0.5), 1e-6)).sample(r(3));
        op(t, "sinc", "", x -> x[0].sinc()).sample(r(3, 4));
        op(t, "frac", "", x -> x[0].mul(2.5).frac()).sample(r(3, 4));
        op(t, "copysign", "", x -> x[0].copysign(x[1])).sample(r(3, 4), r(4));
        op(t, "heaviside", "", x -> x[0].heaviside(x[1])).sample(r(3, 4), r(4));
        op(t, "fmod", "", x -> x[0].fmod(x[1])).sample(r(3, 4), pos(4));
        op(t, "fmod", "number", x -> x[0].mul(3).fmod(1.3)).sample(r(3, 4));
        op(t, "fmod", "static", x -> Torch.fmod(x[0], x[1])).sample(r(3), pos(3));
        op(t, "floatPower", "", x -> x[0].floatPower(x[1])).sample(pos(3, 4), r(4));
        op(t, "floatPower", "number", x -> x[0].floatPower(2.5)).sample(pos(3));
        op(t, "nansum", "", x -> x[0].nansum()).sample(r(3, 4));
        op(t, "nansum", "dims", x -> x[0].nansum(new long[] {1}, true)).sample(r(3, 4));
        op(t, "nanmean", "", x -> x[0].nanmean()).sample(r(3, 4));
        op(t, "nanmean", "dims", x -> x[0].nanmean(new long[] {0}, false)).sample(r(3, 4));
        op(t, "diff", "", x -> x[0].diff()).sample(r(3, 5));
        op(t, "diff", "n dim", x -> x[0].diff(2, 0)).sample(r(5, 3));
        op(t, "diff", "prepend append", x -> Torch.diff(x[0], 1, 1, x[1], x[2])).sample(r(3, 4), r(3, 1), r(3, 2));
        op(t, "logcumsumexp", "", x -> x[0].logcumsumexp(1)).sample(r(3, 5));
        op(t, "cov", "", x -> x[0].cov()).sample(r(3, 6)).sample(r(5));
        op(t, "cov", "static correction 0", x -> Torch.cov(x[0], 0)).sample(r(2, 5));
        op(t, "corrcoef", "", x -> x[0].corrcoef()).sample(r(3, 6));
        op(t, "corrcoef", "static", x -> Torch.corrcoef(x[0])).sample(r(2, 5));
    }

    static void orderStatistics(List<OpInfo> t) {
        op(t, "median", "", x -> x[0].median()).sample(r(3, 4)).sample(r(5));
        opMulti(t, "median", "dim", x -> both(x[0].median(1))).sample(r(3, 5));
        opMulti(t, "median", "dim keepdim", x -> both(x[0].median(0, true))).sample(r(4, 3));
        op(t, "median", "static", x -> Torch.median(x[0])).sample(r(6));
        op(t, "nanmedian", "", x -> x[0].nanmedian()).sample(r(3, 4));
        opMulti(t, "nanmedian", "dim", x -> both(x[0].nanmedian(1))).sample(r(3, 5));
        opMulti(t, "nanmedian", "dim keepdim", x -> both(x[0].nanmedian(0, true))).sample(r(4, 3));
        opMulti(t, "kthvalue", "", x -> both(x[0].kthvalue(2))).sample(r(3, 4));
        opMulti(t, "kthvalue", "dim keepdim", x -> both(x[0].kthvalue(3, 0, true))).sample(r(4, 3));
        op(t, "quantile", "", x -> x[0].quantile(0.3)).sample(r(3, 4));
        op(t, "quantile", "dim", x -> x[0].quantile(0.75, 1, true, "linear")).sample(r(3, 5));
        op(t, "quantile", "midpoint", x -> x[0].quantile(0.4, 0, false, "midpoint")).sample(r(5, 3));
        op(t, "quantile", "tensor q", x -> x[0].quantile(Torch.tensor(new double[] {0.1, 0.5, 0.9}), 1L, false, "linear")).sample(r(2, 6));
        op(t, "quantile", "static", x -> Torch.quantile(x[0], 0.5)).sample(r(7));
        opMulti(t, "stdMean", "", x -> Torch.stdMean(x[0], null, 1, false)).sample(r(3, 4));
        opMulti(t, "stdMean", "dims", x -> Torch.stdMean(x[0], new long[] {1}, 0, true)).sample(r(3, 4));
        opMulti(t, "varMean", "", x -> Torch.varMean(x[0], new long[] {0}, 1, false)).sample(r(3, 4));
        opMulti(t, "aminmax", "", x -> Torch.aminmax(x[0])).sample(r(3, 4));
        opMulti(t, "aminmax", "dim", x -> Torch.aminmax(x[0], 1, true)).sample(r(3, 4));
    }

    /** cummax/cummin, scatter_reduce (every reduction, with and without self), mode. */
    static void scansAndScatterReduce(List<OpInfo> t) {
        opMulti(t, "cummax", "", x -> both(x[0].cummax(1))).sample(r(3, 5)).sample(r(2, 6));
        opMulti(t, "cummax", "static dim 0", x -> both(Torch.cummax(x[0], 0))).sample(r(4, 3)).sample(r());
        opMulti(t, "cummin", "", x -> both(x[0].cummin(-1))).sample(r(3, 5)).sample(r(2, 3, 4));
        opMulti(t, "cummin", "static", x -> both(Torch.cummin(x[0], 0))).sample(r(5, 2));
        for (String reduce : List.of("sum", "prod", "mean", "amax", "amin")) {
            for (boolean self : new boolean[] {true, false}) {
                String v = reduce + (self ? "" : " without self");
                // index rows send several elements to one place (0 and 2 twice) and leave others (3) alone
                op(t, "scatterReduce", v, x -> x[0].scatterReduce(0, Torch.tensor(new long[][] {{0, 1, 0, 2}, {2, 2, 0, 1}})
                        .to(x[0].device()), x[1], reduce, self)).sample(r(4, 4), r(2, 4));
            }
        }
        op(t, "scatterReduce", "dim 1, src larger than index", x -> x[0].scatterReduce(1, Torch.tensor(new long[][] {{2, 0, 2}, {1, 1, 1}})
                .to(x[0].device()), x[1], "prod")).sample(r(2, 4), r(3, 5));
        op(t, "scatterReduce", "static mean", x -> Torch.scatterReduce(x[0], 0, Torch.tensor(new long[] {1, 1, 0}).to(x[0].device()),
                x[1], "mean")).sample(r(3), r(3));
        op(t, "scatterReduce_", "amax", x -> x[0].clone().scatterReduce_(0, Torch.tensor(new long[] {1, 1, 0, 1}).to(x[0].device()),
                x[1], "amax")).sample(r(3), r(4));
        op(t, "scatterReduce_", "prod without self", x -> x[0].clone().scatterReduce_(1, Torch.tensor(new long[][] {{0, 0}, {1, 0}})
                .to(x[0].device()), x[1], "prod", false)).sample(r(2, 3), r(2, 2));
        for (String reduce : new String[] {"prod", "mean", "amax", "amin"}) {
            op(t, "indexReduce", reduce, x -> x[0].indexReduce(0, Torch.tensor(new long[] {2, 0, 2}).to(x[0].device()), x[1], reduce))
                    .sample(r(3, 2), r(3, 2));
        }
        op(t, "indexReduce", "static without self", x -> Torch.indexReduce(x[0], 1, Torch.tensor(new long[] {1, 1}).to(x[0].device()),
                x[1], "mean", false)).sample(r(2, 3), r(2, 2));
        op(t, "indexReduce_", "prod", x -> x[0].clone().indexReduce_(0, Torch.tensor(new long[] {1, 0, 1}).to(x[0].device()), x[1],
                "prod")).sample(r(2, 3), r(3, 3));
        op(t, "indexReduce_", "amin without self", x -> x[0].clone().indexReduce_(0, Torch.tensor(new long[] {1}).to(x[0].device()),
                x[1], "amin", false)).sample(r(2, 3), r(1, 3));
        // distinct random values: every value occurs once, so the mode is the minimum (stable under gradcheck's steps)
        opMulti(t, "mode", "", x -> both(x[0].mode())).sample(r(3, 5)).sample(r(4));
        opMulti(t, "mode", "dim keepdim", x -> both(x[0].mode(0, true))).sample(r(4, 3));
        opMulti(t, "mode", "dim", x -> both(x[0].mode(1))).sample(r(2, 3, 4));
        opMulti(t, "mode", "static", x -> both(Torch.mode(x[0], -1, false))).sample(r(3, 2));
        opMulti(t, "mode", "static last dim", x -> both(Torch.mode(x[0]))).sample(r(5));
    }
}
