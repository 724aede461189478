package dev.torch4j;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.autograd.AutogradMeta;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Differential fuzzing of views, strides, in-place writes through views and autograd through them against PyTorch
 * (scripts/goldens/fuzz_views_goldens.py, which describes a program): each program is interpreted with torch4j's
 * methods and must leave every step's shape, strides and storage offset, the view's and the root's values, version
 * counters, contiguity, view-of-base links and grad_fn names, and the leaf's gradient as PyTorch left them, or be
 * refused at the same stage with the same key part of PyTorch's message. {@code -Dt4j.fuzzViews=NAME} replays another
 * golden file (an exploratory run of the script).
 */
class FuzzViewsParityTest {
    /** The key phrases of PyTorch's messages, in the order the script's key() tries them. */
    private static final List<String> KEYS = List.of(
            "a view of a leaf Variable that requires grad is being used in an in-place operation",
            "a leaf Variable that requires grad is being used in an in-place operation",
            "is a view and is being modified inplace",
            "is a view and its base or another view of its base has been modified inplace",
            "A view was created in no_grad mode and is being modified inplace with grad mode enabled",
            "A view was created in no_grad mode and its base or another view of its base has been modified inplace",
            "has been modified by an inplace operation",
            "more than one element of the written-to tensor refers to a single memory location",
            "some elements of the input tensor and the written-to tensor refer to a single memory location",
            "view size is not compatible with input tensor's size and stride");
    private static final java.util.regex.Pattern VERSION =
            java.util.regex.Pattern.compile("operation: (\\[.*?\\]\\]).*? is at version (\\d+); expected version (\\d+)");

    @Test
    void everyProgramMatchesPyTorch() {
        List<JsonObject> cases = Golden.cases(System.getProperty("t4j.fuzzViews", "fuzz_views"));
        for (JsonObject c : cases) c.addProperty("java", c.get("mode").getAsString());
        FuzzCases.assertAllMatch(cases, FuzzViewsParityTest::describe, FuzzViewsParityTest::run);
    }

    private static String describe(JsonObject c) {
        JsonObject x = c.getAsJsonObject("x");
        return " " + x.get("dtype").getAsString() + x.get("shape") + " " + c.get("steps")
                + (c.has("pre") ? " pre " + c.get("pre") : "") + (c.has("inplace") ? " inplace " + brief(c.getAsJsonObject("inplace")) : "")
                + (c.has("nograd") ? " nograd" : "") + (c.has("clone") ? " clone" : "");
    }

    private static String brief(JsonObject p) {
        JsonObject b = p.deepCopy();
        for (String k : List.of("src", "mask", "index", "t1", "t2")) {
            if (b.has(k)) b.add(k, b.getAsJsonObject(k).get("shape"));
        }
        return b.toString();
    }

    static String key(String msg) {
        if (msg == null) return null;
        for (String k : KEYS) {
            if (msg.contains(k)) {
                if (!k.equals("has been modified by an inplace operation")) return k;
                var m = VERSION.matcher(msg);
                return k + (m.find() ? ": " + m.group(1) + " at version " + m.group(2) + "; expected " + m.group(3) : "");
            }
        }
        return null;
    }

    /** Exceptions that are torch4j's own errors, not a crash of the implementation. */
    private static boolean deliberate(Throwable t) {
        Class<?> k = t.getClass();
        return k == IllegalArgumentException.class || k == IllegalStateException.class || k == IndexOutOfBoundsException.class
                || k == UnsupportedOperationException.class || k.getName().startsWith("dev.torch4j");
    }

    private static long[] longs(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsLong();
        return v;
    }

    private static Index.Slice slice(JsonArray s) {
        return Index.slice(s.get(0).isJsonNull() ? null : s.get(0).getAsLong(), s.get(1).isJsonNull() ? null : s.get(1).getAsLong(),
                s.get(2).getAsLong());
    }

    private static Object[] items(JsonArray a, int n) {
        Object[] items = new Object[n];
        for (int i = 0; i < n; i++) {
            JsonElement it = a.get(i);
            if (it.isJsonArray()) items[i] = slice(it.getAsJsonArray());
            else if (it.isJsonPrimitive() && it.getAsJsonPrimitive().isString()) items[i] = it.getAsString().equals("none") ? Index.NONE : Index.ELLIPSIS;
            else items[i] = it.getAsLong();
        }
        return items;
    }

    private static Tensor step(Tensor t, JsonObject s) {
        String op = s.get("op").getAsString();
        JsonArray a = s.has("a") ? s.getAsJsonArray("a") : new JsonArray();
        java.util.function.IntToLongFunction l = i -> a.get(i).getAsLong();
        return switch (op) {
            case "view" -> t.view(longs(a.get(0)));
            case "reshape" -> t.reshape(longs(a.get(0)));
            case "flatten" -> t.flatten(l.applyAsLong(0), l.applyAsLong(1));
            case "unflatten" -> t.unflatten(l.applyAsLong(0), longs(a.get(1)));
            case "transpose" -> t.transpose(l.applyAsLong(0), l.applyAsLong(1));
            case "swapaxes" -> t.swapaxes(l.applyAsLong(0), l.applyAsLong(1));
            case "movedim" -> t.movedim(l.applyAsLong(0), l.applyAsLong(1));
            case "permute" -> t.permute(longs(a.get(0)));
            case "narrow" -> t.narrow(l.applyAsLong(0), l.applyAsLong(1), l.applyAsLong(2));
            case "select" -> t.select(l.applyAsLong(0), l.applyAsLong(1));
            case "index" -> t.index(items(a, a.size()));
            case "expand" -> t.expand(longs(a.get(0)));
            case "expandAs" -> t.expandAs(Torch.zeros(longs(a.get(0))));
            case "unsqueeze" -> t.unsqueeze(l.applyAsLong(0));
            case "squeeze" -> a.isEmpty() ? t.squeeze() : t.squeeze(l.applyAsLong(0));
            case "unfold" -> t.unfold(l.applyAsLong(0), l.applyAsLong(1), l.applyAsLong(2));
            case "diagonal" -> t.diagonal(l.applyAsLong(0), l.applyAsLong(1), l.applyAsLong(2));
            case "asStrided" -> t.asStrided(longs(a.get(0)), longs(a.get(1)), l.applyAsLong(2));
            case "split" -> pick(a.get(0).isJsonArray() ? t.split(longs(a.get(0)), l.applyAsLong(1)) : t.split(l.applyAsLong(0), l.applyAsLong(1)), s);
            case "chunk" -> pick(t.chunk(l.applyAsLong(0), l.applyAsLong(1)), s);
            case "unbind" -> pick(t.unbind(l.applyAsLong(0)), s);
            case "tensorSplit" -> pick(t.tensorSplit(l.applyAsLong(0), l.applyAsLong(1)), s);
            case "t" -> t.t();
            case "mT" -> t.mT();
            case "T" -> t.T();
            case "contiguous" -> t.contiguous();
            case "real" -> t.real();
            case "imag" -> t.imag();
            case "viewAsReal" -> t.viewAsReal();
            default -> throw new AssertionError("step " + op);
        };
    }

    private static Tensor pick(Tensor[] parts, JsonObject s) {
        int k = s.get("pick").getAsInt();
        if (k >= parts.length) throw new IndexOutOfBoundsException("tuple index out of range");
        return parts[k];
    }

    private static Tensor operand(JsonObject p, String name, Tensor v, Tensor base) {
        if (p.has(name)) return Golden.tensor(p.getAsJsonObject(name));
        if (!p.has("alias")) return null;
        return switch (p.get("alias").getAsString()) {
            case "self" -> v;
            case "selfT" -> v.transpose(-1, -2);
            default -> base;
        };
    }

    private static void inplace(Tensor t, JsonObject p, Tensor v, Tensor base) {
        String op = p.get("op").getAsString();
        JsonArray a = p.has("a") ? p.getAsJsonArray("a") : new JsonArray();
        Tensor src = operand(p, "src", v, base);
        boolean integral = !t.isFloatingPoint() && !t.isComplex();
        Tensor r = switch (op) {
            case "add_" -> src != null ? t.add_(src) : integral ? t.add_(a.get(0).getAsLong()) : t.add_(a.get(0).getAsDouble());
            case "sub_" -> src != null ? t.sub_(src) : integral ? t.sub_(a.get(0).getAsLong()) : t.sub_(a.get(0).getAsDouble());
            case "mul_" -> src != null ? t.mul_(src) : integral ? t.mul_(a.get(0).getAsLong()) : t.mul_(a.get(0).getAsDouble());
            case "div_" -> src != null ? t.div_(src) : t.div_(a.get(0).getAsDouble());
            case "copy_" -> t.copy_(src);
            case "addcmul_" -> t.addcmul_(operand(p, "t1", v, base), operand(p, "t2", v, base));
            case "maskedFill_" -> t.maskedFill_(operand(p, "mask", v, base), scalar(a.get(0)));
            case "indexFill_" -> t.indexFill_(a.get(0).getAsLong(), operand(p, "index", v, base), scalar(a.get(1)));
            case "indexAdd_" -> t.indexAdd_(a.get(0).getAsLong(), operand(p, "index", v, base), src);
            case "scatter_" -> t.scatter_(a.get(0).getAsLong(), operand(p, "index", v, base), src);
            case "setitem" -> {
                Object[] items = items(a, a.size() - 1);
                if (src != null) t.indexPut_(items, src);
                else if (integral && t.dtype() != DType.BOOL) t.indexPut_(items, a.get(a.size() - 1).getAsLong());
                else t.indexPut_(items, scalar(a.get(a.size() - 1)));
                yield t;
            }
            case "clamp_" -> integral ? t.clamp_(a.get(0).getAsLong(), a.get(1).getAsLong()) : t.clamp_(a.get(0).getAsDouble(), a.get(1).getAsDouble());
            case "pow_" -> t.pow_(a.get(0).getAsLong());
            case "fill_" -> t.fill_(scalar(a.get(0)));
            case "zero_" -> t.zero_();
            case "exp_" -> t.exp_();
            case "neg_" -> t.neg_();
            case "sigmoid_" -> t.sigmoid_();
            case "t_" -> t.t_();
            case "unsqueeze_" -> t.unsqueeze_(a.get(0).getAsLong());
            case "squeeze_" -> a.isEmpty() ? t.squeeze_() : t.squeeze_(a.get(0).getAsLong());
            default -> throw new AssertionError("in-place " + op);
        };
        if (r != t) throw new AssertionError(op + " returned another tensor");
    }

    private static double scalar(JsonElement e) {
        return e.getAsJsonPrimitive().isBoolean() ? (e.getAsBoolean() ? 1 : 0) : Golden.number(e);
    }

    private static String gradFn(Tensor t) { return t.gradFn() == null ? null : t.gradFn().name(); }

    /** Null when torch4j agrees with PyTorch, else what differs. */
    private static String run(JsonObject c) {
        String mode = c.get("mode").getAsString();
        JsonObject err = c.has("error") ? c.getAsJsonObject("error") : null;
        Tensor x = Golden.tensor(c.getAsJsonObject("x")).clone();
        Tensor leaf = null;
        if (mode.equals("leaf")) {
            leaf = x.requiresGrad_(true);
        } else if (mode.equals("nonleaf")) {
            leaf = x.requiresGrad_(true);
            x = c.has("clone") ? leaf.clone() : leaf.mul(1);
        }
        String stage = "chain";
        List<String> diffs = new ArrayList<>();
        try {
            Tensor v = x;
            boolean strides = !c.has("noStrides");
            if (c.has("root")) layout(c.getAsJsonObject("root"), x, "root", strides, diffs);
            JsonArray layouts = c.has("layouts") ? c.getAsJsonArray("layouts") : null;
            try (var g = c.has("nograd") ? GradMode.noGrad() : null) {
                JsonArray steps = c.getAsJsonArray("steps");
                for (int i = 0; i < steps.size(); i++) {
                    v = step(v, steps.get(i).getAsJsonObject());
                    if (layouts != null && i < layouts.size()) layout(layouts.get(i).getAsJsonObject(), v, "step " + i, strides, diffs);
                }
            }
            Tensor pre = null;
            if (c.has("pre")) {
                stage = "pre";
                JsonObject p = c.getAsJsonObject("pre");
                Tensor t = p.get("on").getAsString().equals("view") ? v : x;
                pre = switch (p.get("op").getAsString()) {
                    case "exp" -> t.exp();
                    case "sigmoid" -> t.sigmoid();
                    default -> t.mul(t);
                };
            }
            if (c.has("inplace")) {
                stage = "inplace";
                JsonObject p = c.getAsJsonObject("inplace");
                inplace(p.get("on").getAsString().equals("view") ? v : x, p, v, x);
            }
            stage = "use"; // reading a view's grad_fn regenerates its history after a write to its base, or refuses
            String viewFn = gradFn(v), baseFn = gradFn(x);
            if (err == null) {
                JsonObject want = c.getAsJsonObject("view");
                layout(want, v, "view", strides, diffs);
                values(want.getAsJsonObject("data"), v, "view", diffs);
                AutogradMeta m = v.autogradMetaOrNull();
                Tensor base = m == null ? null : m.base;
                same("view is_contiguous", want.get("contig").getAsBoolean(), v.isContiguous(), diffs);
                same("view _is_view", want.get("isView").getAsBoolean(), base != null, diffs);
                same("view _base is root", want.get("baseIsRoot").getAsBoolean(), base == x, diffs);
                same("view is root", want.get("isRoot").getAsBoolean(), v == x, diffs);
                same("view _version", want.get("version").getAsInt(), v.version(), diffs);
                same("view grad_fn", str(want.get("gradFn")), viewFn, diffs);
                JsonObject wb = c.getAsJsonObject("base");
                values(wb.getAsJsonObject("data"), x, "base", diffs);
                same("base _version", wb.get("version").getAsInt(), x.version(), diffs);
                same("base grad_fn", str(wb.get("gradFn")), baseFn, diffs);
            }
            if (!mode.equals("plain")) {
                stage = "loss";
                Tensor loss = null;
                Tensor[] ts = {v, mode.equals("nonleaf") ? x : null, pre};
                String[] ws = {"wv", "wb", "wp"};
                for (int i = 0; i < 3; i++) {
                    if (!c.has(ws[i]) || ts[i] == null) continue;
                    Tensor term = ts[i].mul(Golden.tensor(c.getAsJsonObject(ws[i]))).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                if (loss != null && loss.requiresGrad()) {
                    stage = "backward";
                    loss.backward();
                }
                if (err == null) {
                    JsonElement wg = c.get("grad");
                    if (wg == null || wg.isJsonNull()) {
                        if (leaf.grad() != null) diffs.add("leaf grad: PyTorch none, torch4j " + Arrays.toString(leaf.grad().toDoubleArray()));
                    } else if (leaf.grad() == null) {
                        diffs.add("leaf grad: torch4j none, PyTorch " + wg.getAsJsonObject().get("data"));
                    } else {
                        values(wg.getAsJsonObject(), leaf.grad(), "leaf grad", diffs);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            if (!deliberate(e)) {
                StackTraceElement[] st = e.getStackTrace();
                return "JVM error at " + stage + ": " + e + (st.length > 0 ? " at " + st[0] : "");
            }
            if (err == null) return "torch4j refused at " + stage + ": " + e.getMessage() + (diffs.isEmpty() ? "" : "; also " + diffs);
            String wantStage = err.get("stage").getAsString();
            String wantKey = str(err.get("key"));
            if (!wantStage.equals(stage) || !Objects.equals(wantKey, key(e.getMessage()))) {
                return "refused at " + stage + " (" + e.getMessage() + "), PyTorch at " + wantStage + " (" + message(err) + ")";
            }
            return diffs.isEmpty() ? null : String.join("; ", diffs);
        }
        if (err != null) {
            return "PyTorch refused at " + err.get("stage").getAsString() + " (" + message(err) + "), torch4j did not"
                    + (diffs.isEmpty() ? "" : "; also " + diffs);
        }
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }

    private static String message(JsonObject err) { return err.has("msg") ? err.get("msg").getAsString() : str(err.get("key")); }

    private static String str(JsonElement e) { return e == null || e.isJsonNull() ? null : e.getAsString(); }

    private static void same(String what, Object want, Object got, List<String> diffs) {
        if (!Objects.equals(want, got)) diffs.add(what + " " + got + ", PyTorch " + want);
    }

    /** Shape, and with {@code strides} (not for an empty leaf * 1, whose strides are TensorIterator's detail) strides and offset. */
    private static void layout(JsonObject want, Tensor t, String what, boolean strides, List<String> diffs) {
        same(what + " shape", Arrays.toString(longs(want.get("shape"))), Arrays.toString(t.shapeArray()), diffs);
        if (!strides) return;
        same(what + " stride", Arrays.toString(longs(want.get("stride"))), Arrays.toString(t.stride()), diffs);
        same(what + " storage_offset", want.get("offset").getAsLong(), t.storageOffset(), diffs);
    }

    private static void values(JsonObject want, Tensor got, String what, List<String> diffs) {
        try {
            Golden.assertClose(Golden.tensor(want), got.detach(), what);
        } catch (AssertionError e) {
            diffs.add(e.getMessage());
        }
    }
}
