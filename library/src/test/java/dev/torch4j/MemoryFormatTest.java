package dev.torch4j;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Conv3d;
import dev.torch4j.nn.ConvTranspose2d;
import dev.torch4j.nn.Flatten;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;
import dev.torch4j.nn.Utils;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Memory formats against PyTorch (scripts/goldens/memory_format_goldens.py): is_contiguous per format, the strides of
 * clone/empty_like (preserve_format), contiguous(format), clone(format) and to(memory_format=...) (aliasing included)
 * over layouts from channels-last to sliced and expanded ones, PyTorch's errors, random *_like draws in memory order,
 * Module.to(memory_format) and convert_conv2d_weight_memory_format; and that ops give channels-last inputs the
 * contiguous inputs' values and gradients.
 */
class MemoryFormatTest {
    private static final Map<String, MemoryFormat> FORMATS = Map.of("contiguous_format", MemoryFormat.CONTIGUOUS,
            "channels_last", MemoryFormat.CHANNELS_LAST, "channels_last_3d", MemoryFormat.CHANNELS_LAST_3D,
            "preserve_format", MemoryFormat.PRESERVE);

    private static long[] longs(JsonElement e) {
        List<Long> l = new ArrayList<>();
        e.getAsJsonArray().forEach(x -> l.add(x.getAsLong()));
        return l.stream().mapToLong(Long::longValue).toArray();
    }

    /** {@code torch.arange(extent).as_strided(size, stride)}, as the golden script builds it. */
    private static Tensor strided(long[] size, long[] stride) {
        long extent = 1;
        boolean empty = false;
        for (int i = 0; i < size.length; i++) {
            empty |= size[i] == 0;
            extent += (size[i] - 1) * stride[i];
        }
        return arange(empty ? 1 : extent).to(DType.FLOAT32).asStrided(size, stride, 0);
    }

    /** Strides of {@code f(t)}, or null when it throws; "alias" when it returns {@code t} itself and {@code alias} asks. */
    private static Object outcome(Tensor t, Function<Tensor, Tensor> f) { return outcome(t, f, false); }

    private static Object outcome(Tensor t, Function<Tensor, Tensor> f, boolean alias) {
        try {
            Tensor r = f.apply(t);
            Golden.assertExact(t.contiguous(), r.contiguous(), "values never change");
            return alias && r == t ? "alias" : List.of(java.util.Arrays.stream(r.stride()).boxed().toArray());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Object expected(JsonElement e) {
        if (e.isJsonNull()) return null;
        if (e.isJsonPrimitive()) return e.getAsString();
        return List.of(java.util.Arrays.stream(longs(e)).boxed().toArray());
    }

    @Test
    void layoutsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("memory_format")) {
            if (!c.get("kind").getAsString().equals("layout")) continue;
            long[] size = longs(c.get("size")), stride = longs(c.get("stride"));
            Tensor t = strided(size, stride);
            String what = java.util.Arrays.toString(size) + "@" + java.util.Arrays.toString(stride);
            for (var e : c.getAsJsonObject("is_contiguous").entrySet()) {
                assertEquals(e.getValue().getAsBoolean(), t.isContiguous(FORMATS.get(e.getKey())), what + " is_contiguous " + e.getKey());
            }
            assertEquals(t.isContiguous(), t.isContiguous(MemoryFormat.PRESERVE), what);
            assertEquals(expected(c.get("clone")), outcome(t, x -> x.clone(MemoryFormat.PRESERVE)), what + " clone");
            assertEquals(expected(c.get("empty_like")), outcome(t, x -> {
                Tensor r = emptyLike(x, MemoryFormat.PRESERVE);
                return r.copy_(x);
            }), what + " empty_like");
            for (String k : List.of("contiguous_format", "channels_last", "channels_last_3d")) {
                MemoryFormat f = FORMATS.get(k);
                assertEquals(expected(c.getAsJsonObject("contiguous").get(k)), outcome(t, x -> x.contiguous(f)), what + " contiguous " + k);
                assertEquals(expected(c.getAsJsonObject("to").get(k)), outcome(t, x -> x.to(f), true), what + " to " + k);
                assertEquals(expected(c.getAsJsonObject("clone_format").get(k)), outcome(t, x -> x.clone(f)), what + " clone " + k);
            }
            assertEquals(expected(c.getAsJsonObject("contiguous").get("preserve_format")), outcome(t, x -> x.contiguous(MemoryFormat.PRESERVE)),
                    what + " contiguous preserve_format");
            n++;
        }
        assertEquals(15, n);
    }

    @Test
    void errorsAndNames() {
        JsonObject errors = Golden.cases("memory_format").stream().filter(c -> c.get("kind").getAsString().equals("errors"))
                .findFirst().orElseThrow().getAsJsonObject("errors");
        assertEquals(errors.get("channels_last_rank3").getAsString(), assertThrows(IllegalArgumentException.class,
                () -> randn(3, 4, 5).contiguous(MemoryFormat.CHANNELS_LAST)).getMessage());
        assertEquals(errors.get("channels_last_3d_rank4").getAsString(), assertThrows(IllegalArgumentException.class,
                () -> randn(3, 4, 5, 6).contiguous(MemoryFormat.CHANNELS_LAST_3D)).getMessage());
        assertEquals(errors.get("contiguous_preserve").getAsString(), assertThrows(IllegalArgumentException.class,
                () -> randn(3, 4).t().contiguous(MemoryFormat.PRESERVE)).getMessage());
        assertEquals(errors.get("empty_like_rank2").getAsString(), assertThrows(IllegalArgumentException.class,
                () -> emptyLike(randn(3, 4), MemoryFormat.CHANNELS_LAST)).getMessage());
        assertEquals("torch.channels_last", MemoryFormat.CHANNELS_LAST.toString());
        assertEquals("preserve_format", MemoryFormat.PRESERVE.pyName());
    }

    @Test
    void likeFactoriesAndConversions() {
        Tensor x = randn(2, 3, 4, 5).contiguous(MemoryFormat.CHANNELS_LAST);
        assertArrayEquals(new long[] {60, 1, 15, 3}, x.stride());
        for (Tensor r : List.of(zerosLike(x, MemoryFormat.PRESERVE), onesLike(x, MemoryFormat.PRESERVE), fullLike(x, 2.5, MemoryFormat.PRESERVE),
                emptyLike(x, TensorOptions.DEFAULT.dtype(DType.FLOAT64), MemoryFormat.PRESERVE))) {
            assertArrayEquals(new long[] {60, 1, 15, 3}, r.stride());
        }
        Golden.assertExact(full(new long[] {2, 3, 4, 5}, 2.5), fullLike(x, 2.5, MemoryFormat.PRESERVE).contiguous(), "full_like values");
        Tensor z = zerosLike(x, TensorOptions.DEFAULT.requiresGrad(true), MemoryFormat.CONTIGUOUS);
        assertTrue(z.requiresGrad() && z.isLeaf() && z.isContiguous());
        // to with a dtype: converted and laid out; gradients flow back through the copy
        Tensor leaf = randn(2, 3, 4, 5).requiresGrad_(true);
        Tensor y = leaf.to(DType.FLOAT64, MemoryFormat.CHANNELS_LAST);
        assertEquals(DType.FLOAT64, y.dtype());
        assertArrayEquals(new long[] {60, 1, 15, 3}, y.stride());
        assertEquals("ToCopyBackward0", y.gradFn().name());
        y.mul(arange(120).view(2, 3, 4, 5).to(DType.FLOAT64)).sum().backward();
        Golden.assertExact(arange(120).view(2, 3, 4, 5).to(DType.FLOAT32), leaf.grad(), "gradient through to(channels_last)");
        Tensor c = leaf.clone(MemoryFormat.CHANNELS_LAST);
        assertEquals("CloneBackward0", c.gradFn().name());
        assertSame(c, c.to(Device.CPU, DType.FLOAT32, MemoryFormat.CHANNELS_LAST));
        Tensor p = Torch.clone(c, MemoryFormat.PRESERVE);
        assertArrayEquals(c.stride(), p.stride());
        assertSame(p, p.contiguous(MemoryFormat.CHANNELS_LAST));
    }

    @Test
    void randomLikeDrawsInMemoryOrder() {
        JsonObject c = Golden.cases("memory_format").stream().filter(j -> j.get("kind").getAsString().equals("random")).findFirst().orElseThrow();
        manualSeed(c.get("seed").getAsLong());
        Tensor x = empty(2, 3, 4, 5).contiguous(MemoryFormat.CHANNELS_LAST);
        Tensor u = randLike(x, MemoryFormat.PRESERVE);
        assertArrayEquals(longs(c.get("rand_stride")), u.stride());
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("rand")), u, "rand_like");
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("randn")), randnLike(x, MemoryFormat.PRESERVE), "randn_like");
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("randn_small")),
                randnLike(empty(1, 3, 2, 2).contiguous(MemoryFormat.CHANNELS_LAST), MemoryFormat.PRESERVE), "randn_like, Box-Muller path");
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("after")), randn(3), "the stream afterwards");
    }

    private static Sequential net() {
        return new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4), new ConvTranspose2d(4, 2, 2), new Flatten(), new Linear(8, 2));
    }

    private static void checkStrides(String kind, Module m) {
        JsonObject c = Golden.cases("memory_format").stream().filter(j -> j.get("kind").getAsString().equals(kind)).findFirst().orElseThrow();
        Map<String, Tensor> sd = m.stateDict();
        List<String> keys = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("strides")) {
            String k = e.getAsJsonArray().get(0).getAsString();
            keys.add(k);
            assertArrayEquals(longs(e.getAsJsonArray().get(1)), sd.get(k).stride(), kind + " " + k);
        }
        assertEquals(keys, new ArrayList<>(sd.keySet()));
    }

    @Test
    void modulesTakeTheFormat() {
        Sequential m = net();
        Tensor w = m.namedParameters().get("0.weight");
        Tensor before = w.detach().clone();
        Tensor x = randn(2, 3, 3, 3);
        Tensor out = m.call(x);
        assertSame(m, m.to(MemoryFormat.CHANNELS_LAST));
        checkStrides("module_to", m);
        assertSame(w, m.namedParameters().get("0.weight"), "the parameter object survives, as PyTorch's param.data = ...");
        Golden.assertExact(before, w.detach().contiguous(), "values unchanged");
        Golden.assertClose(out, m.call(x), 1e-6, 1e-6, "same outputs");
        Sequential m2 = net();
        assertSame(m2, Utils.convertConv2dWeightMemoryFormat(m2, MemoryFormat.CHANNELS_LAST));
        checkStrides("convert_conv2d", m2);
        Conv3d c3 = Utils.convertConv3dWeightMemoryFormat(new Conv3d(2, 3, 2), MemoryFormat.CHANNELS_LAST_3D);
        assertTrue(c3.weight.isContiguous(MemoryFormat.CHANNELS_LAST_3D));
        assertEquals("required rank 4 tensor to use channels_last format",
                assertThrows(IllegalArgumentException.class, () -> new Conv3d(2, 3, 2).to(MemoryFormat.CHANNELS_LAST)).getMessage());
    }

    /** Note [channels-last inputs]: every op reads any strides, so a channels-last input gives the contiguous input's values. */
    @Test
    void opsTakeChannelsLastInputs() {
        manualSeed(1);
        Tensor x = randn(shape(2, 3, 6, 5), dtype(DType.FLOAT64)), w = randn(shape(4, 3, 3, 3), dtype(DType.FLOAT64)), b = randn(shape(4), dtype(DType.FLOAT64));
        Tensor gamma = randn(shape(4), dtype(DType.FLOAT64)), beta = randn(shape(4), dtype(DType.FLOAT64)), other = randn(shape(2, 4, 4, 3), dtype(DType.FLOAT64));
        Function<Tensor[], Tensor> net = in -> {
            Tensor y = Functional.conv2d(in[0], in[1], in[2], new long[] {1}, new long[] {0}, new long[] {1}, 1);
            y = Functional.batchNorm(y, null, null, in[3], in[4], true, 0.1, 1e-5);
            y = y.add(in[5]).relu();
            return Functional.maxPool2d(y, 2);
        };
        Tensor[] plain = {x, w, b, gamma, beta, other};
        Tensor[] nhwc = {x.contiguous(MemoryFormat.CHANNELS_LAST), w.contiguous(MemoryFormat.CHANNELS_LAST), b, gamma, beta,
                other.contiguous(MemoryFormat.CHANNELS_LAST)};
        assertFalse(nhwc[0].isContiguous());
        // results come back row-major (PyTorch would keep channels-last here): see docs/ARCHITECTURE.md
        assertTrue(Functional.conv2d(nhwc[0], nhwc[1]).isContiguous());
        assertTrue(nhwc[0].relu().isContiguous());
        Tensor[] g1 = run(net, plain), g2 = run(net, nhwc);
        for (int i = 0; i < g1.length; i++) Golden.assertClose(g1[i], g2[i], 1e-12, 1e-12, "output/gradient " + i);
    }

    private static Tensor[] run(Function<Tensor[], Tensor> f, Tensor[] inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) leaves[i] = inputs[i].detach().requiresGrad_(true);
        Tensor out = f.apply(leaves);
        out.pow(2).sum().backward();
        Tensor[] r = new Tensor[inputs.length + 1];
        r[0] = out.detach();
        for (int i = 0; i < inputs.length; i++) r[i + 1] = leaves[i].grad();
        return r;
    }
}
