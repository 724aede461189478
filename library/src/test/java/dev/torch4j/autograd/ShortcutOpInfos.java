package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

import static dev.torch4j.autograd.OpInfo.Layout.EXPANDED;
import static dev.torch4j.autograd.OpInfo.constant;
import static dev.torch4j.autograd.OpInfo.in;
import static dev.torch4j.autograd.OpInfo.mask;
import static dev.torch4j.autograd.OpInfo.offGrid;
import static dev.torch4j.autograd.OpInfo.pos;
import static dev.torch4j.autograd.OpInfo.r;
import static dev.torch4j.autograd.OpInfos.op;
import static dev.torch4j.autograd.OpInfos.opMulti;

/**
 * Op-table entries of the short forms (TensorShortcuts, ShortcutFunctions): unfold (overlapping windows), the
 * in-place forms on a non-leaf (and on a view of one), the scatters and the composed functions; and their places on
 * {@link OpInfos#NOT_DIFFERENTIABLE} and {@link OpInfos#ALIAS}.
 */
final class ShortcutOpInfos {
    private ShortcutOpInfos() {}

    static void all(List<OpInfo> t) {
        lists();
        unfold(t);
        inplace(t);
        functions(t);
    }

    private static void lists() {
        for (String n : List.of("float32", "float64", "int64", "int32", "int16", "int8", "uint8", "half", "bfloat16", "bool",
                "cfloat", "cdouble", "typeAs")) {
            OpInfos.ALIAS.put(n, "to(dtype) / to(device, dtype)");
        }
        for (String n : List.of("newZeros", "newOnes", "newFull", "newEmpty", "newTensor", "logspace", "scalarTensor", "emptyStrided")) {
            OpInfos.NOT_DIFFERENTIABLE.put(n, "creation: no tensor inputs to differentiate");
        }
        for (String n : List.of("eq_", "ne_", "lt_", "le_", "gt_", "ge_", "logicalAnd_", "logicalOr_", "logicalXor_", "isin", "isreal")) {
            OpInfos.NOT_DIFFERENTIABLE.put(n, "comparison or predicate: a 0/1 result (PyTorch's gradient is zero)");
        }
        OpInfos.NOT_DIFFERENTIABLE.put("nextafter", "PyTorch records no derivative for nextafter");
        OpInfos.NOT_DIFFERENTIABLE.put("nextafter_", "PyTorch records no derivative for nextafter_");
        OpInfos.NOT_DIFFERENTIABLE.put("histogram", "a histogram: counts (PyTorch does not differentiate it)");
        OpInfos.NOT_DIFFERENTIABLE.put("histogramdd", "a histogram: counts (PyTorch does not differentiate it)");
        OpInfos.NOT_DIFFERENTIABLE.put("bernoulli", "random sampling: the result does not depend smoothly on p");
        OpInfos.NOT_DIFFERENTIABLE.put("heaviside_", "a step function: zero gradient, as heaviside");
        OpInfos.ALIAS.put("divide", "div");
        OpInfos.ALIAS.put("divide_", "div_");
        OpInfos.ALIAS.put("trueDivide", "div");
        OpInfos.ALIAS.put("trueDivide_", "div_");
        OpInfos.ALIAS.put("multiply_", "mul_");
        OpInfos.ALIAS.put("subtract", "sub");
        OpInfos.ALIAS.put("subtract_", "sub_");
        OpInfos.ALIAS.put("rsub", "sub with the operands swapped");
        OpInfos.ALIAS.put("negative_", "neg_");
        OpInfos.ALIAS.put("absolute", "abs");
        OpInfos.ALIAS.put("absolute_", "abs_");
        OpInfos.ALIAS.put("arctan2", "atan2");
        OpInfos.ALIAS.put("arctan2_", "atan2_");
        for (String n : List.of("greater", "greaterEqual", "less", "lessEqual", "notEqual")) OpInfos.ALIAS.put(n, "gt/ge/lt/le/ne: bool result");
        OpInfos.ALIAS.put("ger", "outer");
        OpInfos.ALIAS.put("concatenate", "cat");
        OpInfos.ALIAS.put("rowStack", "vstack");
        OpInfos.ALIAS.put("ravel", "reshape(-1)");
    }

    private static void unfold(List<OpInfo> t) {
        // step < size: windows overlap and their gradients add up
        op(t, "unfold", "overlapping", x -> x[0].unfold(0, 3, 1)).sample(r(7)).sample(r(6, 2));
        op(t, "unfold", "step 2 dim 1", x -> x[0].unfold(1, 3, 2)).sample(r(2, 7)).sample(r(3, 8, 2));
        op(t, "unfold", "disjoint windows, gaps", x -> x[0].unfold(-1, 2, 3)).sample(r(3, 8));
        op(t, "unfold", "twice", x -> x[0].unfold(0, 2, 1).unfold(1, 2, 1)).sample(r(4, 3));
        // a permuting view of overlapping windows (stft frames complex data so): its derivative is the permutation
        op(t, "unfold", "then movedim", x -> x[0].unfold(1, 4, 2).movedim(-1, 2)).sample(r(1, 8, 2)).sample(r(2, 9, 3));
        op(t, "unfold", "then select", x -> x[0].unfold(0, 3, 1).select(1, 1)).sample(r(6)).sample(r(5, 2));
        op(t, "unfold", "then narrow", x -> x[0].unfold(0, 4, 1).narrow(1, 1, 2)).sample(r(7));
        op(t, "unfold", "0-d", x -> x[0].unfold(0, 1, 1)).sample(r());
    }

    private static void inplace(List<OpInfo> t) {
        op(t, "addcmul_", "", x -> x[0].clone().addcmul_(x[1], x[2], 0.5)).sample(r(3, 4), r(4), r(3, 1));
        op(t, "addcmul_", "default value", x -> x[0].clone().addcmul_(x[1], x[2])).sample(r(3), r(3), r(3));
        op(t, "addcdiv_", "", x -> x[0].clone().addcdiv_(x[1], x[2], -2)).sample(r(3, 4), r(3, 4), pos(4));
        op(t, "addcdiv_", "default value", x -> x[0].clone().addcdiv_(x[1], x[2])).sample(r(3), r(3), pos(3));
        op(t, "addmm_", "", x -> x[0].clone().addmm_(x[1], x[2], 0.5, 2)).sample(r(3, 4), r(3, 2), r(2, 4));
        op(t, "addmm_", "default", x -> x[0].clone().addmm_(x[1], x[2])).sample(r(2, 2), r(2, 3), r(3, 2));
        op(t, "addmv_", "", x -> x[0].clone().addmv_(x[1], x[2], 2, 0.5)).sample(r(3), r(3, 4), r(4));
        op(t, "addmv_", "default", x -> x[0].clone().addmv_(x[1], x[2])).sample(r(2), r(2, 3), r(3));
        op(t, "addr_", "", x -> x[0].clone().addr_(x[1], x[2], -1, 3)).sample(r(3, 4), r(3), r(4));
        op(t, "addr_", "default", x -> x[0].clone().addr_(x[1], x[2])).sample(r(2, 3), r(2), r(3));
        op(t, "baddbmm_", "", x -> x[0].clone().baddbmm_(x[1], x[2], 0.5, 1.5)).sample(r(2, 3, 4), r(2, 3, 2), r(2, 2, 4));
        op(t, "baddbmm_", "default", x -> x[0].clone().baddbmm_(x[1], x[2])).sample(r(2, 2, 2), r(2, 2, 3), r(2, 3, 2));
        op(t, "addbmm_", "", x -> x[0].clone().addbmm_(x[1], x[2], 2, -1)).sample(r(3, 4), r(2, 3, 2), r(2, 2, 4));
        op(t, "addbmm_", "default", x -> x[0].clone().addbmm_(x[1], x[2])).sample(r(2, 2), r(2, 2, 3), r(2, 3, 2));
        op(t, "lerp_", "", x -> x[0].clone().lerp_(x[1], 0.3)).sample(r(3, 4), r(4));
        op(t, "lerp_", "tensor weight", x -> x[0].clone().lerp_(x[1], x[2])).sample(r(3, 4), r(3, 4), r(4));
        op(t, "clampMin_", "", x -> x[0].clone().clampMin_(-0.25)).sample(r(3, 4));
        op(t, "clampMax_", "", x -> x[0].clone().clampMax_(0.25)).sample(r(3, 4));
        op(t, "cumsum_", "", x -> x[0].clone().cumsum_(1)).sample(r(3, 4));
        op(t, "cumprod_", "", x -> x[0].clone().cumprod_(0)).sample(r(3, 4));
        op(t, "fmod_", "", x -> x[0].clone().fmod_(x[1])).sample(r(3, 4), pos(4));
        op(t, "fmod_", "scalar", x -> x[0].mul(3.0).fmod_(1.7)).sample(offGrid(3, 4));
        op(t, "hypot_", "", x -> x[0].clone().hypot_(x[1])).sample(r(3, 4), r(4));
        op(t, "copysign_", "", x -> x[0].clone().copysign_(x[1])).sample(r(3, 4), r(4));
        op(t, "xlogy_", "", x -> x[0].clone().xlogy_(x[1])).sample(r(3, 4), pos(3, 4));
        op(t, "frac_", "", x -> x[0].mul(2.5).frac_()).sample(r(3, 4));
        op(t, "sinc_", "", x -> x[0].clone().sinc_()).sample(r(3, 4));
        op(t, "deg2rad_", "", x -> x[0].clone().deg2rad_()).sample(r(3, 4));
        op(t, "rad2deg_", "", x -> x[0].clone().rad2deg_()).sample(r(3, 4));
        op(t, "logit_", "", x -> x[0].mul(0.4).add(0.5).logit_()).sample(r(3, 4));
        op(t, "logit_", "eps", x -> x[0].mul(0.4).add(0.5).logit_(1e-3)).sample(r(3, 4));
        op(t, "conjPhysical_", "real", x -> x[0].clone().conjPhysical_()).sample(r(3, 4));
        // igamma is differentiable in its second argument only, as in PyTorch
        op(t, "igamma", "", x -> Torch.fullLike(x[0], 1.5).igamma(x[0].add(2.0))).sample(r(3, 4));
        op(t, "igamma_", "", x -> Torch.fullLike(x[0], 1.5).igamma_(x[0].add(2.0))).sample(r(3, 4));
        op(t, "igammac", "", x -> Torch.igammac(Torch.fullLike(x[0], 2.5), x[0].add(1.5))).sample(r(4));
        op(t, "igammac_", "", x -> Torch.fullLike(x[0], 2.5).igammac_(x[0].add(1.5))).sample(r(4));
        op(t, "hardshrink", "", x -> x[0].mul(3).hardshrink()).sample(r(3, 4));
        op(t, "hardshrink", "lambd", x -> Torch.hardshrink(x[0].mul(3), 0.8)).sample(r(3, 4));
        op(t, "prelu", "", x -> x[0].prelu(x[1])).sample(r(2, 3, 4), r(3));
        op(t, "narrowCopy", "", x -> x[0].narrowCopy(1, 1, 2)).sample(r(3, 4));
        op(t, "mH", "", x -> x[0].mH()).sample(r(2, 3, 4));
        op(t, "adjoint", "", x -> Torch.adjoint(x[0])).sample(r(3, 4));
        op(t, "H", "", x -> x[0].H()).sample(r(3, 4));
        // the torch.* linear algebra that predates torch.linalg (more in LinalgGradCheckTest and LegacyLinalgGoldenTest)
        op(t, "cholesky", "", x -> x[0].matmul(x[0].mT()).add(eye3(x[0]).mul(3)).cholesky()).sample(r(3, 3));
        opMulti(t, "qr", "", x -> x[0].qr()).sample(r(4, 3)).skip(EXPANDED, SINGULAR);
        opMulti(t, "svd", "", x -> {
            Tensor[] d = x[0].svd();
            return new Tensor[] {d[0].abs(), d[1], d[2].abs()};
        }).sample(r(4, 3)).skip(EXPANDED, SINGULAR);
        op(t, "slogdet", "", x -> x[0].add(eye3(x[0]).mul(3)).slogdet()[1]).sample(r(3, 3));
        op(t, "lu", "", x -> Torch.lu(x[0].add(eye3(x[0]).mul(3)))[0]).sample(r(3, 3));
        op(t, "luSolve", "", x -> {
            Tensor[] f = x[0].add(eye3(x[0]).mul(3)).lu();
            return x[1].luSolve(f[0], f[1]);
        }).sample(r(3, 3), r(3, 2));
        opMulti(t, "luUnpack", "", x -> {
            Tensor[] f = Torch.lu(x[0]), d = Torch.luUnpack(f[0], f[1]);
            return new Tensor[] {d[1], d[2]};
        }).sample(r(3, 4)).skip(EXPANDED, SINGULAR);
        // the randomized SVDs: reseeded inside so that every evaluation projects with the same Gaussian matrix
        opMulti(t, "svdLowrank", "", x -> {
            Torch.manualSeed(0);
            Tensor[] d = Torch.svdLowrank(x[0], 2, 1, null);
            return new Tensor[] {d[0].abs(), d[1], d[2].abs()};
        }).sample(r(5, 4)).skip(EXPANDED, SINGULAR);
        opMulti(t, "pcaLowrank", "", x -> {
            Torch.manualSeed(0);
            Tensor[] d = Torch.pcaLowrank(x[0], 2L, true, 1);
            return new Tensor[] {d[0].abs(), d[1], d[2].abs()};
        }).sample(r(6, 3)).skip(EXPANDED, SINGULAR);
        // ormqr: 2.x's derivative (1.13 has none), here through householder_product, in A, tau and C
        op(t, "ormqr", "", x -> x[0].ormqr(x[1].mul(0.5).add(1.2), x[2])).sample(r(4, 3), r(3), r(4, 2));
        op(t, "ormqr", "right transposed", x -> Torch.ormqr(x[0], x[1].mul(0.5).add(1.2), x[2], false, true))
                .sample(r(3, 4), r(3), r(2, 3));
        op(t, "triangularSolve", "", x -> x[1].triangularSolve(x[0].triu().add(eye3(x[0]).mul(3)))[0]).sample(r(3, 3), r(3, 2));
        op(t, "digamma_", "", x -> x[0].clone().digamma_()).sample(pos(3, 4));
        op(t, "lgamma_", "", x -> x[0].clone().lgamma_()).sample(pos(3, 4));
        op(t, "polygamma_", "", x -> x[0].clone().polygamma_(1)).sample(pos(3, 4));
        op(t, "erfinv_", "", x -> x[0].clone().erfinv_()).sample(in(-0.9, 0.9, 3, 4));
        op(t, "mvlgamma_", "", x -> x[0].clone().mvlgamma_(2)).sample(in(1, 3, 3, 4));
        op(t, "i0_", "", x -> x[0].clone().i0_()).sample(r(3, 4));
        op(t, "nanToNum_", "", x -> x[0].clone().nanToNum_()).sample(r(3, 4));
        op(t, "nanToNum_", "values", x -> x[0].clone().nanToNum_(1.0, 2.0, -2.0)).sample(r(3));
        op(t, "renorm_", "", x -> x[0].clone().renorm_(2, 0, 0.5)).sample(r(3, 4));
        op(t, "floatPower_", "", x -> x[0].clone().floatPower_(x[1])).sample(pos(3, 4), r(4));
        op(t, "floatPower_", "scalar", x -> x[0].clone().floatPower_(2.5)).sample(pos(3, 4));
        op(t, "tril_", "", x -> x[0].clone().tril_(1)).sample(r(3, 4));
        op(t, "tril_", "default", x -> x[0].clone().tril_()).sample(r(3, 3));
        op(t, "triu_", "", x -> x[0].clone().triu_(-1)).sample(r(3, 4));
        op(t, "triu_", "default", x -> x[0].clone().triu_()).sample(r(3, 3));
        op(t, "ldexp_", "", x -> x[0].clone().ldexp_(x[1])).sample(r(4), constant(Torch.tensor(new double[] {0, 2, -1, 3})));
        op(t, "fillDiagonal_", "wrap", x -> x[0].mul(1.0).fillDiagonal_(2.0, true)).sample(r(7, 3));
        op(t, "fillDiagonal_", "", x -> x[0].mul(1.0).fillDiagonal_(2.0)).sample(r(3, 4)).sample(r(3, 3, 3));
        Tensor m34 = mask(new boolean[] {true, false, false, true, true, true, false, false, true, false, true, false}, 3, 4);
        op(t, "maskedScatter", "", x -> x[1].maskedScatter(x[0], x[2])).sample(m34, r(3, 4), r(8)).sample(m34, r(4), r(3, 3));
        op(t, "maskedScatter_", "", x -> x[1].clone().maskedScatter_(x[0], x[2])).sample(m34, r(3, 4), r(7));
        op(t, "addcmul_", "view of a non-leaf (CopySlices)", x -> {
            Tensor y = x[0].mul(1.0);
            y.narrow(1, 1, 2).addcmul_(x[1], x[2]);
            return y;
        }).sample(r(3, 4), r(3, 2), r(2));
        op(t, "digamma_", "view of a non-leaf (CopySlices)", x -> {
            Tensor y = x[0].mul(2.0);
            y.select(0, 1).digamma_();
            return y;
        }).sample(pos(3, 4));
    }

    private static void functions(List<OpInfo> t) {
        op(t, "cross", "dim", x -> x[0].cross(x[1], 1)).sample(r(4, 3), r(4, 3)).sample(r(2, 3), r(1, 3));
        op(t, "cross", "default dim static", x -> Torch.cross(x[0], x[1])).sample(r(3, 4), r(3, 4));
        op(t, "cross", "static dim", x -> Torch.cross(x[0], x[1], 0)).sample(r(3, 2), r(3, 2));
        op(t, "dist", "", x -> x[0].dist(x[1])).sample(r(3, 4), r(4));
        op(t, "dist", "p=3 static", x -> Torch.dist(x[0], x[1], 3)).sample(r(3, 4), r(3, 4));
        op(t, "dist", "static", x -> Torch.dist(x[0], x[1])).sample(r(5), r(5));
        op(t, "ldexp", "", x -> x[0].ldexp(x[1])).sample(r(4), constant(Torch.tensor(new double[] {0, 2, -1, 3})));
        op(t, "ldexp", "static", x -> Torch.ldexp(x[0], x[1])).sample(r(3, 2), constant(Torch.tensor(new double[] {1, -2})));
        opMulti(t, "frexp", "", x -> x[0].frexp()).sample(r(3, 4)).sample(in(100, 1000, 5));
        opMulti(t, "frexp", "static", x -> Torch.frexp(x[0])).sample(r(4));
        op(t, "diagonalScatter", "", x -> x[0].diagonalScatter(x[1])).sample(r(3, 3), r(3));
        op(t, "diagonalScatter", "offset", x -> x[0].diagonalScatter(x[1], -1, 0, 1)).sample(r(3, 4), r(2));
        op(t, "diagonalScatter", "static", x -> Torch.diagonalScatter(x[0], x[1])).sample(r(2, 3), r(2));
        op(t, "diagonalScatter", "static dims", x -> Torch.diagonalScatter(x[0], x[1], 0, 1, 2)).sample(r(2, 3, 3), r(2, 3));
        op(t, "selectScatter", "", x -> x[0].selectScatter(x[1], 1, 0)).sample(r(3, 3), r(3));
        op(t, "selectScatter", "static", x -> Torch.selectScatter(x[0], x[1], 0, -1)).sample(r(3, 2), r(2));
        op(t, "sliceScatter", "", x -> x[0].sliceScatter(x[1], 0, 1L, 5L, 2)).sample(r(5, 3), r(2, 3));
        op(t, "sliceScatter", "default", x -> x[0].sliceScatter(x[1])).sample(r(2, 3), r(2, 3));
        op(t, "sliceScatter", "static", x -> Torch.sliceScatter(x[0], x[1], 1, null, 2L, 1)).sample(r(3, 4), r(3, 2));
        op(t, "sumToSize", "", x -> x[0].sumToSize(3, 1)).sample(r(2, 3, 4)).sample(r(3, 4));
        op(t, "columnStack", "", x -> Torch.columnStack(x[0], x[1], x[2])).sample(r(3), r(3, 2), r(3));
        opMulti(t, "hsplit", "", x -> x[0].hsplit(2)).sample(r(3, 4));
        opMulti(t, "hsplit", "indices static", x -> Torch.hsplit(x[0], new long[] {1, 3})).sample(r(5));
        opMulti(t, "hsplit", "static", x -> Torch.hsplit(x[0], 2)).sample(r(2, 4));
        opMulti(t, "hsplit", "indices", x -> x[0].hsplit(new long[] {1})).sample(r(2, 3));
        opMulti(t, "vsplit", "", x -> x[0].vsplit(2)).sample(r(4, 3));
        opMulti(t, "vsplit", "indices static", x -> Torch.vsplit(x[0], new long[] {1})).sample(r(3, 2));
        opMulti(t, "vsplit", "static", x -> Torch.vsplit(x[0], 3)).sample(r(3, 2));
        opMulti(t, "vsplit", "indices", x -> x[0].vsplit(new long[] {2})).sample(r(3, 2));
        opMulti(t, "dsplit", "", x -> x[0].dsplit(2)).sample(r(2, 2, 4));
        opMulti(t, "dsplit", "indices static", x -> Torch.dsplit(x[0], new long[] {1})).sample(r(2, 2, 3));
        opMulti(t, "dsplit", "static", x -> Torch.dsplit(x[0], 3)).sample(r(1, 2, 3));
        opMulti(t, "dsplit", "indices", x -> x[0].dsplit(new long[] {2})).sample(r(1, 2, 3));
        op(t, "combinations", "", x -> Torch.combinations(x[0])).sample(r(4));
        op(t, "combinations", "r=3", x -> Torch.combinations(x[0], 3)).sample(r(5));
        op(t, "combinations", "with replacement", x -> Torch.combinations(x[0], 2, true)).sample(r(3));
        opMulti(t, "gradient", "", x -> Torch.gradient(x[0])).sample(r(4, 5)).sample(r(3));
        opMulti(t, "gradient", "spacing edge 2", x -> Torch.gradient(x[0], new double[] {2.0, 0.5}, null, 2)).sample(r(4, 5));
        opMulti(t, "gradient", "scalar spacing dim", x -> Torch.gradient(x[0], 1.5, new long[] {1}, 2)).sample(r(3, 4));
        opMulti(t, "gradient", "coordinates", x -> Torch.gradient(x[0], new Tensor[] {x[1]}, new long[] {1}, 2))
                .sample(r(3, 4), constant(Torch.tensor(new double[] {0, 1, 1.5, 3})));
        opMulti(t, "gradient", "coordinates edge 1", x -> Torch.gradient(x[0], new Tensor[] {x[1]}, new long[] {0}, 1))
                .sample(r(4, 2), constant(Torch.tensor(new double[] {-1, 0.5, 1, 4})));
        op(t, "chainMatmul", "", x -> Torch.chainMatmul(x[0], x[1], x[2])).sample(r(2, 3), r(3, 4), r(4, 2));
        op(t, "chainMatmul", "one matrix", x -> Torch.chainMatmul(x[0])).sample(r(2, 3));
    }

    private static final String SINGULAR = "an expanded matrix repeats its rows: rank 1, where these factorizations have no gradient (or refuse)";

    private static Tensor eye3(Tensor like) { return Torch.eye(3).to(like.device(), like.dtype()); }
}
