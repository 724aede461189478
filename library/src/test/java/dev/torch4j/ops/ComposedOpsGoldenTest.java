package dev.torch4j.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The composed shape, arithmetic and order-statistics functions against PyTorch (scripts/goldens/composed_goldens.py). */
class ComposedOpsGoldenTest {
    private static final Map<String, Function<Tensor[], Object>> CALLS = new HashMap<>();

    static {
        CALLS.put("repeat", x -> x[0].repeat(2, 1, 3));
        CALLS.put("lerp_high", x -> x[0].lerp(x[1], 0.7));
        CALLS.put("lerp_tensor", x -> x[0].lerp(x[1], x[2]));
        CALLS.put("fliplr", x -> Torch.fliplr(x[0]));
        CALLS.put("flipud", x -> x[0].flipud());
        CALLS.put("diagflat", x -> Torch.diagflat(x[0], -1));
        CALLS.put("msort", x -> Torch.msort(x[0]));
        CALLS.put("inner", x -> Torch.inner(x[0], x[1]));
        CALLS.put("inner_scalar", x -> x[0].inner(x[1]));
        CALLS.put("vander", x -> Torch.vander(x[0]));
        CALLS.put("vander_n_increasing", x -> Torch.vander(x[0], 3L, true));
        CALLS.put("renorm", x -> Torch.renorm(x[0], 2, 0, 1.0));
        CALLS.put("renorm_p1_dim1", x -> x[0].renorm(1, 1, 0.5));
        CALLS.put("histc", x -> Torch.histc(x[0], 4, -1, 1));
        CALLS.put("histc_auto", x -> x[0].histc(3, 0, 0));
        CALLS.put("nanquantile", x -> Torch.nanquantile(x[0], Torch.tensor(new double[] {0, 0.3, 0.5, 1}, Torch.dtype(dev.torch4j.DType.FLOAT64)), 1L, false, "linear"));
        CALLS.put("nanquantile_all", x -> x[0].nanquantile(0.25, null, false, "nearest"));
        CALLS.put("trapezoid", x -> Torch.trapezoid(x[0]));
        CALLS.put("trapezoid_dx", x -> Torch.trapezoid(x[0], 0.5, 0));
        CALLS.put("trapezoid_x", x -> Torch.trapezoid(x[0], x[1], -1));
        CALLS.put("cumulative_trapezoid", x -> Torch.cumulativeTrapezoid(x[0], 2.0, -1));
        CALLS.put("cumulative_trapezoid_x", x -> Torch.cumulativeTrapezoid(x[0], x[1], 0));
        CALLS.put("put", x -> x[0].put(x[1], x[2], false));
        CALLS.put("put_accumulate", x -> x[0].put(x[1], x[2], true));
        CALLS.put("tile", x -> Torch.tile(x[0], 2));
        CALLS.put("movedim", x -> x[0].movedim(new long[] {0, 1}, new long[] {2, 0}));
        CALLS.put("unflatten", x -> x[0].unflatten(1, 2, -1));
        CALLS.put("rot90", x -> x[0].rot90());
        CALLS.put("rot90_k3", x -> x[0].rot90(-1, 2, 0));
        CALLS.put("diag_embed", x -> x[0].diagEmbed());
        CALLS.put("diag_embed_offset", x -> x[0].diagEmbed(-1, 0, 2));
        CALLS.put("diag_embed_pos", x -> x[0].diagEmbed(2, -2, -1));
        CALLS.put("take_along_dim", x -> x[0].takeAlongDim(x[1], 1));
        CALLS.put("kron", x -> Torch.kron(x[0], x[1]));
        CALLS.put("kron_mixed", x -> Torch.kron(x[0], x[1]));
        CALLS.put("tensordot", x -> Torch.tensordot(x[0], x[1], 2));
        CALLS.put("tensordot_dims", x -> Torch.tensordot(x[0], x[1], new long[] {0, 2}, new long[] {1, 0}));
        CALLS.put("block_diag", x -> Torch.blockDiag(x));
        CALLS.put("cartesian_prod", x -> Torch.cartesianProd(x));
        CALLS.put("tril_indices", x -> Torch.trilIndices(4, 3, 1));
        CALLS.put("triu_indices", x -> Torch.triuIndices(3, 5, -1));
        CALLS.put("tensor_split", x -> x[0].tensorSplit(3, 1));
        CALLS.put("tensor_split_indices", x -> Torch.tensorSplit(x[0], new long[] {1, 3, 9}, 0));
        CALLS.put("atleast_3d", x -> Torch.atleast3d(x[0]));
        CALLS.put("lerp", x -> Torch.lerp(x[0], x[1], 0.3));
        CALLS.put("addcdiv", x -> Torch.addcdiv(x[0], x[1], x[2], 2.0));
        CALLS.put("baddbmm", x -> Torch.baddbmm(x[0], x[1], x[2], 0.5, 2.0));
        CALLS.put("addbmm", x -> Torch.addbmm(x[0], x[1], x[2], 0.5, 2.0));
        CALLS.put("addr", x -> Torch.addr(x[0], x[1], x[2], 2.0, -1.0));
        CALLS.put("logaddexp", x -> Torch.logaddexp(x[0], x[1]));
        CALLS.put("logaddexp2", x -> x[0].logaddexp2(x[1]));
        CALLS.put("hypot", x -> Torch.hypot(x[0], x[1]));
        CALLS.put("xlogy", x -> Torch.xlogy(x[0], x[1]));
        CALLS.put("logit_eps", x -> Torch.logit(x[0], 0.1));
        CALLS.put("sinc", x -> x[0].sinc());
        CALLS.put("frac", x -> x[0].frac());
        CALLS.put("copysign", x -> x[0].copysign(x[1]));
        CALLS.put("heaviside", x -> x[0].heaviside(x[1]));
        CALLS.put("fmod", x -> Torch.fmod(x[0], x[1]));
        CALLS.put("fmod_int", x -> Torch.fmod(x[0], x[1]));
        CALLS.put("float_power", x -> x[0].floatPower(x[1]));
        CALLS.put("nansum", x -> x[0].nansum(new long[] {1}, false));
        CALLS.put("nanmean", x -> x[0].nanmean(new long[] {1}, false));
        CALLS.put("diff", x -> x[0].diff(2, 0));
        CALLS.put("diff_prepend_append", x -> Torch.diff(x[0], 1, 1, x[1], x[2]));
        CALLS.put("diff_bool", x -> x[0].diff());
        CALLS.put("logcumsumexp", x -> x[0].logcumsumexp(1));
        CALLS.put("cov", x -> x[0].cov());
        CALLS.put("cov_1d", x -> x[0].cov());
        CALLS.put("corrcoef", x -> x[0].corrcoef());
        CALLS.put("median", x -> x[0].median());
        CALLS.put("median_dim", x -> x[0].median(1));
        CALLS.put("median_nan", x -> x[0].median());
        CALLS.put("nanmedian", x -> x[0].nanmedian());
        CALLS.put("nanmedian_dim", x -> Torch.nanmedian(x[0], 1));
        CALLS.put("nanmedian_dim0_keepdim", x -> Torch.nanmedian(x[0], 0, true));
        CALLS.put("nanmedian_dim_int", x -> x[0].nanmedian(-1));
        CALLS.put("nanmedian_dim_0d", x -> x[0].nanmedian(0));
        CALLS.put("sinc_", x -> x[0].clone().sinc_());
        CALLS.put("igamma", x -> Torch.igamma(x[0], x[1]));
        CALLS.put("range", x -> Torch.range(0, 1, 0.3));
        CALLS.put("histogramdd", x -> Torch.histogramdd(x[0], new long[] {2, 3}));
        CALLS.put("histogramdd_range_weight_density", x -> Torch.histogramdd(x[0], new long[] {3, 2}, new double[] {0, 1, 2, 4}, x[1], true));
        CALLS.put("histogramdd_edges", x -> Torch.histogramdd(x[0], new Tensor[] {Torch.fromArray(new double[] {0, 0.3, 1}),
                Torch.fromArray(new double[] {2, 2.5, 3.5, 5})}, null, false));
        CALLS.put("histogramdd_3d_batched", x -> Torch.histogramdd(x[0], new long[] {2, 2, 2}));
        CALLS.put("range_down", x -> Torch.range(5, 1, -2));
        CALLS.put("as_tensor_long", x -> Torch.asTensor(new long[][] {{1, 2}, {3, 4}}));
        CALLS.put("nuclear_norm", x -> Torch.nuclearNorm(x[0]));
        CALLS.put("igammac_", x -> x[0].clone().igammac_(x[1]));
        CALLS.put("hardshrink_method", x -> x[0].hardshrink(0.7));
        CALLS.put("prelu_method", x -> x[0].prelu(x[1]));
        CALLS.put("deg2rad_", x -> x[0].clone().deg2rad_());
        CALLS.put("rad2deg_", x -> x[0].clone().rad2deg_());
        CALLS.put("logit_eps_", x -> x[0].clone().logit_(0.2));
        CALLS.put("narrow_copy", x -> Torch.narrowCopy(x[0], 1, 1, 2));
        CALLS.put("split_with_sizes", x -> Torch.splitWithSizes(x[0], new long[] {1, 3}, 1));
        CALLS.put("aminmax_method", x -> x[0].aminmax());
        CALLS.put("bincount_method", x -> x[0].bincount(x[1], 6));
        CALLS.put("adjoint_real", x -> Torch.adjoint(x[0]));
        CALLS.put("clip_", x -> x[0].clone().clip_(-0.5, 0.25));
        CALLS.put("kthvalue", x -> x[0].kthvalue(2, 0, true));
        for (String interp : new String[] {"linear", "lower", "higher", "midpoint", "nearest"}) {
            CALLS.put("quantile_" + interp, x -> x[0].quantile(Torch.fromArray(new double[] {0.0, 0.25, 0.5, 0.6, 1.0}),
                    1L, false, interp));
        }
        CALLS.put("quantile_all", x -> x[0].quantile(0.3));
        CALLS.put("quantile_keepdim", x -> x[0].quantile(0.3, 0, true, "linear"));
        CALLS.put("quantile_nan", x -> x[0].quantile(0.5, 1, false, "linear"));
        CALLS.put("std_mean", x -> Torch.stdMean(x[0], new long[] {1}, 0, true));
        CALLS.put("var_mean", x -> Torch.varMean(x[0], new long[] {0}, 1, false));
        CALLS.put("aminmax", x -> Torch.aminmax(x[0], 1, true));
    }

    private static Tensor[] flatten(Object r) {
        if (r instanceof Tensor t) return new Tensor[] {t};
        if (r instanceof ValuesIndices vi) return new Tensor[] {vi.values(), vi.indices()};
        return (Tensor[]) r;
    }

    @Test
    void matchPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("composed")) {
            String name = c.get("name").getAsString();
            assertTrue(CALLS.containsKey(name), "no Java call for " + name);
            JsonArray in = c.getAsJsonArray("inputs");
            Tensor[] x = new Tensor[in.size()];
            for (int i = 0; i < x.length; i++) x[i] = Golden.tensor(in.get(i).getAsJsonObject());
            Tensor[] out = flatten(CALLS.get(name).apply(x));
            JsonArray expect = c.getAsJsonArray("outputs");
            assertEquals(expect.size(), out.length, name + ": outputs");
            int k = 0;
            for (JsonElement e : expect) {
                Tensor want = Golden.tensor(e.getAsJsonObject());
                if (want.isFloatingPoint()) Golden.assertClose(want, out[k], 1e-12, 1e-12, name + " output " + k);
                else Golden.assertExact(want, out[k], name + " output " + k);
                k++;
            }
            n++;
        }
        assertEquals(CALLS.size(), n);
    }

    @Test
    void nanmedianOfARowOfNaNAndErrors() {
        Tensor x = Torch.fromArray(new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1, 2, 3, Double.NaN}).reshape(2, 4);
        ValuesIndices m = x.nanmedian(1);
        assertTrue(Double.isNaN(m.values().toDoubleArray()[0]));
        assertEquals(2.0, m.values().toDoubleArray()[1]);
        assertEquals(1, m.indices().toLongArray()[1]);
        assertEquals(0, m.indices().toLongArray()[0]); // PyTorch: where std::nth_element left a NaN (2 here)
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Torch.zeros(2, 0).nanmedian(1));
        assertEquals("median(): Expected reduction dim 1 to have non-zero size.", e.getMessage());
        IndexOutOfBoundsException d = org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> Torch.zeros(2, 3).nanmedian(2));
        assertEquals("nanmedian: Dimension out of range (expected to be in range of [-2, 1], but got 2)", d.getMessage());
    }
}
