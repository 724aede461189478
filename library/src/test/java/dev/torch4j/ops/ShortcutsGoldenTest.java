package dev.torch4j.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The short forms (dtype conversions, new_*, unfold, in-place variants, aliases and composed torch functions)
 * against PyTorch (scripts/goldens/shortcuts_goldens.py): values and dtypes, gradients of the sum in float64 where
 * the script recorded them, and PyTorch's error messages. Every in-place case also checks that the method returns
 * self and bumps its version.
 */
class ShortcutsGoldenTest {
    private static final Map<String, Function<Tensor[], Object>> OPS = new HashMap<>();
    private static final Map<String, Executable> ERRORS = new HashMap<>();

    /** The in-place op on a copy of self: returns self, bumps the version. */
    private static Tensor ip(Tensor self, UnaryOperator<Tensor> op) {
        Tensor s = self.detach().clone();
        int v = s.version();
        Tensor r = op.apply(s);
        assertSame(s, r, "an in-place op returns self");
        assertTrue(s.version() > v, "an in-place op bumps the version");
        return s;
    }

    static {
        OPS.put("convert_float", x -> x[0].float32());
        OPS.put("convert_double", x -> x[0].float64());
        OPS.put("convert_long", x -> x[0].int64());
        OPS.put("convert_int", x -> x[0].int32());
        OPS.put("convert_short", x -> x[0].int16());
        OPS.put("convert_char", x -> x[0].int8());
        OPS.put("convert_byte", x -> x[0].uint8());
        OPS.put("convert_half", x -> x[0].half());
        OPS.put("convert_bfloat16", x -> x[0].bfloat16());
        OPS.put("convert_bool", x -> x[0].bool());
        OPS.put("new_tensor", x -> x[0].newTensor(new double[][] {{1.7, -2.2}}));
        OPS.put("new_full", x -> x[0].newFull(new long[] {2, 2}, 3.25));
        OPS.put("type_as", x -> x[0].typeAs(Torch.zeros(1).int64()));

        OPS.put("unfold_overlap", x -> x[0].unfold(0, 3, 1));
        OPS.put("unfold_step2", x -> x[0].unfold(0, 3, 2));
        OPS.put("unfold_2d", x -> x[0].unfold(1, 2, 1));
        OPS.put("unfold_3d_dim0", x -> x[0].unfold(0, 2, 3));
        OPS.put("unfold_0d", x -> x[0].unfold(0, 1, 1));
        Tensor v7 = Torch.zeros(7);
        ERRORS.put("unfold_size", () -> v7.unfold(0, 8, 1));
        ERRORS.put("unfold_step", () -> v7.unfold(0, 2, 0));

        OPS.put("addcmul_", x -> ip(x[0], s -> s.addcmul_(x[1], x[2], 0.5)));
        OPS.put("addcdiv_", x -> ip(x[0], s -> s.addcdiv_(x[1], x[2], -2)));
        OPS.put("addmm_", x -> ip(x[0], s -> s.addmm_(x[1], x[2], 0.5, 2)));
        OPS.put("addmv_", x -> ip(x[0], s -> s.addmv_(x[1], x[2], 2, 0.5)));
        OPS.put("addr_", x -> ip(x[0], s -> s.addr_(x[1], x[2], -1, 3)));
        OPS.put("baddbmm_", x -> ip(x[0], s -> s.baddbmm_(x[1], x[2], 0.5, 1.5)));
        OPS.put("addbmm_", x -> ip(x[0], s -> s.addbmm_(x[1], x[2], 2, -1)));
        OPS.put("lerp_", x -> ip(x[0], s -> s.lerp_(x[1], 0.3)));
        OPS.put("lerp_tensor", x -> ip(x[0], s -> s.lerp_(x[1], x[2])));
        OPS.put("clamp_min_", x -> ip(x[0], s -> s.clampMin_(-0.2)));
        OPS.put("clamp_max_", x -> ip(x[0], s -> s.clampMax_(0.1)));
        Map<String, java.util.function.BinaryOperator<Tensor>> cmp = Map.of("eq_", Tensor::eq_, "ne_", Tensor::ne_, "lt_", Tensor::lt_,
                "le_", Tensor::le_, "gt_", Tensor::gt_, "ge_", Tensor::ge_, "logical_and_", Tensor::logicalAnd_,
                "logical_or_", Tensor::logicalOr_, "logical_xor_", Tensor::logicalXor_);
        cmp.forEach((n, f) -> {
            OPS.put(n, x -> ip(x[0], s -> f.apply(s, x[1])));
            OPS.put(n + "int", x -> ip(x[0], s -> f.apply(s, x[1])));
        });
        OPS.put("cumsum_", x -> ip(x[0], s -> s.cumsum_(1)));
        OPS.put("cumsum_int", x -> ip(x[0], s -> s.cumsum_(0)));
        OPS.put("cumprod_", x -> ip(x[0], s -> s.cumprod_(0)));
        OPS.put("fmod_", x -> ip(x[0], s -> s.fmod_(x[1])));
        OPS.put("fmod_scalar", x -> ip(x[0], s -> s.fmod_(1.5)));
        OPS.put("hypot_", x -> ip(x[0], s -> s.hypot_(x[1])));
        OPS.put("copysign_", x -> ip(x[0], s -> s.copysign_(x[1])));
        OPS.put("xlogy_", x -> ip(x[0], s -> s.xlogy_(x[1])));
        OPS.put("frac_", x -> ip(x[0], Tensor::frac_));
        OPS.put("digamma_", x -> ip(x[0], Tensor::digamma_));
        OPS.put("lgamma_", x -> ip(x[0], Tensor::lgamma_));
        OPS.put("polygamma_", x -> ip(x[0], s -> s.polygamma_(2)));
        OPS.put("erfinv_", x -> ip(x[0], Tensor::erfinv_));
        OPS.put("mvlgamma_", x -> ip(x[0], s -> s.mvlgamma_(2)));
        OPS.put("i0_", x -> ip(x[0], Tensor::i0_));
        OPS.put("nan_to_num_", x -> ip(x[0], s -> s.nanToNum_(2.0, null, -5.0)));
        OPS.put("renorm_", x -> ip(x[0], s -> s.renorm_(2, 0, 1.0)));
        OPS.put("heaviside_", x -> ip(x[0], s -> s.heaviside_(x[1])));
        OPS.put("float_power_", x -> ip(x[0], s -> s.floatPower_(x[1])));
        OPS.put("tril_", x -> ip(x[0], s -> s.tril_(1)));
        OPS.put("triu_", x -> ip(x[0], s -> s.triu_(-1)));
        OPS.put("fill_diagonal_wrap", x -> ip(x[0], s -> s.fillDiagonal_(5.0, true)));
        OPS.put("fill_diagonal_", x -> ip(x[0], s -> s.fillDiagonal_(5.0)));
        OPS.put("fill_diagonal_3d", x -> ip(x[0], s -> s.fillDiagonal_(2.0)));
        OPS.put("masked_scatter", x -> x[0].maskedScatter(x[1], x[2]));
        OPS.put("masked_scatter_bcast", x -> x[0].maskedScatter(x[1], x[2]));
        OPS.put("masked_scatter_", x -> ip(x[0], s -> s.maskedScatter_(x[1], x[2])));
        Tensor ints = Torch.tensor(new long[][] {{1, -2, 3}, {4, 0, -6}});
        ERRORS.put("inplace_cast", () -> ints.clone().digamma_());
        ERRORS.put("inplace_shape", () -> Torch.zeros(4).addcmul_(Torch.ones(3, 4), Torch.ones(4)));
        ERRORS.put("float_power_dtype", () -> Torch.ones(3).floatPower_(2));
        ERRORS.put("fill_diagonal_1d", () -> Torch.zeros(3).fillDiagonal_(1));
        ERRORS.put("fill_diagonal_unequal", () -> Torch.zeros(3, 3, 2).fillDiagonal_(1));
        Tensor mask = Torch.ones(3, 4).bool();
        ERRORS.put("masked_scatter_source", () -> Torch.zeros(3, 4).maskedScatter(mask, Torch.zeros(3)));

        OPS.put("column_stack", Torch::columnStack);
        OPS.put("row_stack", Torch::rowStack);
        OPS.put("hsplit", x -> Torch.hsplit(x[0], 3));
        OPS.put("hsplit_idx", x -> Torch.hsplit(x[0], new long[] {1, 4}));
        OPS.put("vsplit", x -> Torch.vsplit(x[0], 2));
        OPS.put("dsplit", x -> Torch.dsplit(x[0], new long[] {3}));
        ERRORS.put("hsplit_div", () -> Torch.hsplit(Torch.zeros(4, 6), 4));
        ERRORS.put("vsplit_dim", () -> Torch.vsplit(Torch.zeros(4), 2));
        OPS.put("combinations", x -> Torch.combinations(x[0]));
        OPS.put("combinations_r3", x -> Torch.combinations(x[0], 3));
        OPS.put("combinations_repl", x -> Torch.combinations(x[0], 2, true));
        OPS.put("combinations_r0", x -> Torch.combinations(x[0], 0));
        OPS.put("combinations_r5", x -> Torch.combinations(x[0], 5));
        ERRORS.put("combinations_2d", () -> Torch.combinations(Torch.zeros(2, 2)));
        OPS.put("cross_dim", x -> Torch.cross(x[0], x[1], 1));
        OPS.put("cross_default", x -> Torch.cross(x[0], x[1]));
        OPS.put("logspace", x -> Torch.logspace(-2, 3, 11));
        OPS.put("logspace_base2_f64", x -> Torch.logspace(0.5, 7.25, 10, 2, Torch.dtype(DType.FLOAT64)));
        OPS.put("isin", x -> Torch.isin(x[0], x[1]));
        OPS.put("isin_invert", x -> Torch.isin(x[0], x[1], false, true));
        OPS.put("isin_float", x -> Torch.isin(x[0], x[1]));
        OPS.put("isreal", x -> Torch.isreal(Torch.viewAsComplex(x[0])));
        OPS.put("frexp", x -> Torch.frexp(x[0]));
        OPS.put("frexp_f32", x -> x[0].frexp());
        OPS.put("frexp_grad", x -> Torch.frexp(x[0])[0]);
        ERRORS.put("frexp_int", () -> Torch.frexp(ints));
        OPS.put("ldexp", x -> Torch.ldexp(x[0], x[1]));
        OPS.put("ldexp_int", x -> x[0].ldexp(x[1]));
        OPS.put("nextafter", x -> Torch.nextafter(x[0], x[1]));
        OPS.put("nextafter_f32", x -> x[0].nextafter(x[1]));
        OPS.put("gradient", x -> Torch.gradient(x[0]));
        OPS.put("gradient_spacing_edge2", x -> Torch.gradient(x[0], new double[] {2.0, 0.5}, null, 2));
        OPS.put("gradient_dim", x -> Torch.gradient(x[0], 1.5, new long[] {1}, 1));
        OPS.put("gradient_coords", x -> Torch.gradient(x[0], new Tensor[] {x[1]}, new long[] {1}, 2));
        OPS.put("gradient_coords_e1", x -> Torch.gradient(x[0], new Tensor[] {x[1]}, new long[] {0}, 1));
        ERRORS.put("gradient_small", () -> Torch.gradient(Torch.zeros(2), 1.0, null, 2));
        OPS.put("dist", x -> Torch.dist(x[0], x[1]));
        OPS.put("dist_p3", x -> x[0].dist(x[1], 3));
        OPS.put("dist_inf", x -> Torch.dist(x[0], x[1], Double.POSITIVE_INFINITY));
        OPS.put("bernoulli", x -> {
            Torch.manualSeed(11);
            return Torch.bernoulli(x[0]);
        });
        OPS.put("bernoulli_f64", x -> {
            Torch.manualSeed(11);
            return x[0].bernoulli();
        });
        OPS.put("diagonal_scatter", x -> Torch.diagonalScatter(x[0], x[1], 1, 0, 1));
        OPS.put("select_scatter", x -> Torch.selectScatter(x[0], x[1], 1, 0));
        OPS.put("slice_scatter", x -> Torch.sliceScatter(x[0], x[1], 0, 1L, 5L, 2));
        ERRORS.put("slice_scatter_size", () -> Torch.sliceScatter(Torch.zeros(5, 3), Torch.zeros(3, 3), 0, 1L, 5L, 2));
        OPS.put("sum_to_size", x -> x[0].sumToSize(3, 1));
        ERRORS.put("sum_to_size_bad", () -> Torch.zeros(2, 3).sumToSize(4));
        OPS.put("histogram", x -> Torch.histogram(x[0], 4));
        OPS.put("histogram_range_w_density", x -> Torch.histogram(x[0], 3, new double[] {0, 3}, x[1], true));
        OPS.put("histogram_edges", x -> Torch.histogram(x[0], x[1], null, false));
        OPS.put("histogram_same", x -> x[0].histogram(4));
        OPS.put("histogram_f64", x -> Torch.histogram(x[0], 7));
        OPS.put("chain_matmul", x -> Torch.chainMatmul(x[0], x[1], x[2]));
        OPS.put("rsub", x -> Torch.rsub(x[0], x[1], 2));
        OPS.put("is_nonzero", x -> Torch.tensor(new boolean[] {Torch.tensor(new double[] {0.5}).isNonzero(), Torch.isNonzero(Torch.tensor(0L))}));
        ERRORS.put("is_nonzero_many", () -> Torch.tensor(new long[] {1, 2}).isNonzero());
    }

    private static Tensor[] outputs(Object o) { return o instanceof Tensor t ? new Tensor[] {t} : (Tensor[]) o; }

    private static void compare(Tensor want, Tensor got, String what) {
        assertEquals(want.dtype(), got.dtype(), what + ": dtype");
        if (!want.isFloatingPoint()) Golden.assertExact(want, got, what);
        else if (want.dtype() == DType.FLOAT64) Golden.assertClose(want, got.detach(), 1e-12, 1e-14, what);
        else Golden.assertClose(want, got.detach().to(want.dtype()), 2e-6, 1e-7, what);
    }

    @Test
    void matchPyTorch() {
        JsonObject cases = Golden.namedCases("shortcuts");
        int values = 0, grads = 0, errors = 0;
        List<String> missing = new ArrayList<>();
        for (var entry : cases.entrySet()) {
            String name = entry.getKey();
            JsonObject c = entry.getValue().getAsJsonObject();
            if (c.has("error")) {
                Executable e = ERRORS.get(name);
                if (e == null) {
                    missing.add(name);
                    continue;
                }
                RuntimeException ex = assertThrows(RuntimeException.class, e, name);
                assertTrue(ex.getMessage().contains(c.get("expect").getAsString()), name + ": " + ex.getMessage());
                errors++;
                continue;
            }
            Function<Tensor[], Object> f = OPS.get(name);
            if (f == null) {
                missing.add(name);
                continue;
            }
            JsonArray ins = c.getAsJsonArray("inputs");
            Tensor[] x = new Tensor[ins.size()];
            boolean grad = c.has("grads");
            for (int i = 0; i < x.length; i++) {
                x[i] = Golden.tensor(ins.get(i).getAsJsonObject());
                if (grad && x[i].isFloatingPoint()) x[i].requiresGrad_(true);
            }
            Tensor[] got = outputs(f.apply(x));
            JsonElement out = c.get("output");
            List<JsonObject> want = new ArrayList<>();
            if (out.isJsonArray()) out.getAsJsonArray().forEach(o -> want.add(o.getAsJsonObject()));
            else want.add(out.getAsJsonObject());
            assertEquals(want.size(), got.length, name + ": outputs");
            for (int i = 0; i < got.length; i++) compare(Golden.tensor(want.get(i)), got[i], name + " output " + i);
            values++;
            if (!grad) continue;
            Tensor sum = null;
            for (Tensor o : got) if (o.isFloatingPoint()) sum = sum == null ? o.sum() : sum.add(o.sum());
            sum.backward();
            JsonArray gs = c.getAsJsonArray("grads");
            for (int i = 0; i < x.length; i++) {
                if (gs.get(i).isJsonNull()) {
                    if (x[i].isFloatingPoint()) assertNull(x[i].grad(), name + " grad " + i);
                    continue;
                }
                compare(Golden.tensor(gs.get(i).getAsJsonObject()), x[i].grad(), name + " grad " + i);
            }
            grads++;
        }
        if (!missing.isEmpty()) fail("golden cases without a Java call: " + missing);
        assertEquals(135, values + errors);
        assertTrue(grads >= 20, "gradient cases: " + grads);
    }

    /** What the goldens do not show: factories' dtype and device, layouts, and the in-place autograd rules. */
    @Test
    void factoriesLayoutsAndInplaceRules() {
        Tensor i = Torch.tensor(new long[] {1, 2});
        Tensor z = i.newZeros(2, 3);
        assertEquals(DType.INT64, z.dtype());
        assertEquals(List.of(2L, 3L), List.of(z.size(0), z.size(1)));
        assertEquals(6.0, Torch.ones(2).float64().newOnes(2, 3).sum().item());
        assertEquals(DType.FLOAT64, Torch.ones(2).float64().newEmpty(4).dtype());
        assertEquals(DType.COMPLEX64, Torch.ones(2).cfloat().dtype());
        assertEquals(DType.COMPLEX128, Torch.ones(2).cdouble().dtype());
        Tensor st = Torch.scalarTensor(2.5);
        assertEquals(0, st.dim());
        assertEquals(DType.FLOAT32, st.dtype());
        Tensor es = Torch.emptyStrided(new long[] {2, 3}, new long[] {1, 2});
        assertEquals(List.of(1L, 2L), List.of(es.stride(0), es.stride(1)));
        assertEquals(dev.torch4j.Size.of(2, 3, 4), Torch.broadcastShapes(new long[] {3, 1}, new long[] {1, 4}, new long[] {2, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Torch.broadcastShapes(new long[] {3}, new long[] {4}));
        assertEquals(10, Torch.zeros(2, 5).nelement());
        assertEquals(2, Torch.zeros(2, 5).ndimension());
        assertTrue(Torch.isSameSize(Torch.zeros(2, 5), Torch.ones(2, 5)));
        assertTrue(!Torch.isSigned(Torch.zeros(1).uint8()) && Torch.isSigned(Torch.zeros(1)));

        // unfold is a view: writes show through, and overlapping windows share storage
        Tensor base = Torch.arange(6.0);
        Tensor w = base.unfold(0, 3, 1);
        assertSame(base.storage(), w.storage());
        base.set(2L, 10.0);
        assertEquals(10.0, w.get(1L, 1L).item());
        // a leaf that requires grad may not be modified in place (the op's name in the message)
        Tensor leaf = Torch.ones(3).requiresGrad_(true);
        var e = assertThrows(IllegalStateException.class, () -> leaf.addcmul_(Torch.ones(3), Torch.ones(3)));
        assertTrue(e.getMessage().startsWith("addcmul_: a leaf Variable that requires grad"), e.getMessage());
        // an in-place form on a non-leaf: gradients flow to self's history and to the other inputs
        Tensor a = Torch.tensor(new double[] {1, 2, 3}).requiresGrad_(true), b = Torch.tensor(new double[] {4, 5, 6}).requiresGrad_(true);
        Tensor y = a.mul(2.0);
        assertSame(y, y.addcmul_(b, b, 0.5));
        y.sum().backward();
        assertEquals(List.of(2.0, 2.0, 2.0), java.util.Arrays.stream(a.grad().toDoubleArray()).boxed().toList());
        assertEquals(List.of(4.0, 5.0, 6.0), java.util.Arrays.stream(b.grad().toDoubleArray()).boxed().toList());
        // bernoulli from an explicit generator: the same draws as after manualSeed of the default one
        Tensor p = Torch.full(new long[] {50}, 0.5);
        Torch.manualSeed(3);
        Tensor d1 = Torch.bernoulli(p);
        Tensor d2 = Torch.bernoulli(p, new dev.torch4j.Generator().manualSeed(3));
        assertTrue(d1.equal(d2));
        assertThrows(IllegalArgumentException.class, () -> Torch.bernoulli(Torch.full(new long[] {2}, 1.5)));
        assertThrows(IllegalArgumentException.class, () -> Torch.zeros(3).maskedScatter(Torch.ones(3), Torch.ones(3)));
        assertThrows(IllegalArgumentException.class, () -> Torch.cross(Torch.zeros(2, 2), Torch.zeros(2, 2)));
    }
}
