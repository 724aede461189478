package dev.torch4j;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.optim.Adam;
import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;
import dev.torch4j.optim.SGD;
import dev.torch4j.optim.lr.ChainedScheduler;
import dev.torch4j.optim.lr.ConstantLR;
import dev.torch4j.optim.lr.CosineAnnealingLR;
import dev.torch4j.optim.lr.CosineAnnealingWarmRestarts;
import dev.torch4j.optim.lr.CyclicLR;
import dev.torch4j.optim.lr.ExponentialLR;
import dev.torch4j.optim.lr.LRScheduler;
import dev.torch4j.optim.lr.LambdaLR;
import dev.torch4j.optim.lr.LinearLR;
import dev.torch4j.optim.lr.MultiStepLR;
import dev.torch4j.optim.lr.MultiplicativeLR;
import dev.torch4j.optim.lr.OneCycleLR;
import dev.torch4j.optim.lr.PolynomialLR;
import dev.torch4j.optim.lr.ReduceLROnPlateau;
import dev.torch4j.optim.lr.SequentialLR;
import dev.torch4j.optim.lr.StepLR;
import dev.torch4j.optim.swa.SWALR;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;

import static dev.torch4j.Torch.zeros;

/**
 * The learning-rate schedulers against PyTorch over seeded random cases (scripts/goldens/fuzz_lr_goldens.py): every
 * scheduler with random arguments on SGD or Adam with 1 to 3 parameter groups, random step counts (some through
 * step(epoch), fractional for CosineAnnealingWarmRestarts), random metric series for ReduceLROnPlateau, and a
 * state_dict round trip into a fresh optimizer and scheduler at a random step. After construction and after every
 * step each group's lr, get_last_lr() and momentum (Adam's beta1) must be PyTorch's within 1e-12 relative; refused
 * arguments must raise PyTorch's message. {@code -Dt4j.fuzzLr=NAME} replays another golden file (an exploration).
 */
class FuzzLrParityTest {

    @Test
    void everyCaseMatchesPyTorch() {
        FuzzCases.assertAllMatch(Golden.cases(System.getProperty("t4j.fuzzLr", "fuzz_lr")),
                c -> " " + c.get("opt").getAsString() + " lrs " + c.get("lrs") + " " + c.get("args") + " steps " + c.get("steps")
                        + " reload " + (c.has("reload_at") ? c.get("reload_at") : ""),
                FuzzLrParityTest::run);
    }

    private static Optimizer optimizer(String opt, JsonArray lrs) {
        List<ParamGroup> groups = new ArrayList<>();
        for (JsonElement lr : lrs) groups.add(ParamGroup.of(List.<Tensor>of(zeros(1).requiresGrad_(true))).set("lr", lr.getAsDouble()));
        return opt.equals("adam") ? new Adam(groups, Adam.options(0.1)) : new SGD(groups, SGD.options(0.1).momentum(0.9));
    }

    private static int i(JsonObject a, String k) { return a.get(k).getAsInt(); }

    private static double d(JsonObject a, String k) { return a.get(k).getAsDouble(); }

    private static String s(JsonObject a, String k) { return a.get(k).getAsString(); }

    private static boolean b(JsonObject a, String k) { return a.get(k).getAsBoolean(); }

    private static int[] ints(JsonArray xs) {
        int[] r = new int[xs.size()];
        for (int j = 0; j < r.length; j++) r[j] = xs.get(j).getAsInt();
        return r;
    }

    /** The script's named lambdas. */
    private static IntToDoubleFunction lambda(String name, double p) {
        return switch (name) {
            case "pow" -> e -> Math.pow(p, e);
            case "warm" -> e -> Math.min(1.0, (e + 1) / p);
            case "inv" -> e -> 1.0 / (1.0 + p * e);
            case "stair" -> e -> Math.pow(p, Math.floorDiv(e, 3));
            case "const" -> e -> p;
            case "wave" -> e -> 1.0 + p * Math.sin(e);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static DoubleUnaryOperator scaleFn(String name) {
        return switch (name) {
            case "half" -> x -> Math.pow(0.5, x);
            case "inv" -> x -> 1.0 / (1.0 + x);
            default -> x -> 1.0;
        };
    }

    /** The scheduler a case names (the script's make). */
    static Object make(String kind, JsonObject a, Optimizer o) {
        return switch (kind) {
            case "step" -> new StepLR(o, i(a, "step_size"), d(a, "gamma"));
            case "multistep" -> new MultiStepLR(o, ints(a.getAsJsonArray("milestones")), d(a, "gamma"));
            case "exponential" -> new ExponentialLR(o, d(a, "gamma"));
            case "cosine" -> new CosineAnnealingLR(o, i(a, "T_max"), d(a, "eta_min"));
            case "warm_restarts" -> new CosineAnnealingWarmRestarts(o, i(a, "T_0"), i(a, "T_mult"), d(a, "eta_min"));
            case "lambda", "multiplicative" -> {
                List<IntToDoubleFunction> fns = new ArrayList<>();
                for (JsonElement f : a.getAsJsonArray("fns")) {
                    fns.add(lambda(f.getAsJsonArray().get(0).getAsString(), f.getAsJsonArray().get(1).getAsDouble()));
                }
                if (kind.equals("lambda")) yield fns.size() == 1 ? new LambdaLR(o, fns.getFirst()) : new LambdaLR(o, fns);
                yield fns.size() == 1 ? new MultiplicativeLR(o, fns.getFirst()) : new MultiplicativeLR(o, fns);
            }
            case "linear" -> new LinearLR(o, d(a, "start_factor"), d(a, "end_factor"), i(a, "total_iters"));
            case "constant" -> new ConstantLR(o, d(a, "factor"), i(a, "total_iters"));
            case "polynomial" -> new PolynomialLR(o, i(a, "total_iters"), d(a, "power"));
            case "cyclic" -> {
                var opts = CyclicLR.options().stepSizeUp(d(a, "step_size_up")).mode(s(a, "mode")).gamma(d(a, "gamma"))
                        .cycleMomentum(b(a, "cycle_momentum")).baseMomentum(d(a, "base_momentum")).maxMomentum(d(a, "max_momentum"));
                if (!a.get("step_size_down").isJsonNull()) opts = opts.stepSizeDown(d(a, "step_size_down"));
                if (!a.get("scale_fn").isJsonNull()) opts = opts.scaleFn(scaleFn(s(a, "scale_fn")), s(a, "scale_mode"));
                yield new CyclicLR(o, d(a, "base_lr"), d(a, "max_lr"), opts);
            }
            case "onecycle" -> new OneCycleLR(o, d(a, "max_lr"), i(a, "total_steps"), OneCycleLR.options().pctStart(d(a, "pct_start"))
                    .annealStrategy(s(a, "anneal_strategy")).cycleMomentum(b(a, "cycle_momentum")).baseMomentum(d(a, "base_momentum"))
                    .maxMomentum(d(a, "max_momentum")).divFactor(d(a, "div_factor")).finalDivFactor(d(a, "final_div_factor"))
                    .threePhase(b(a, "three_phase")));
            case "plateau" -> new ReduceLROnPlateau(o, ReduceLROnPlateau.options().mode(s(a, "mode")).factor(d(a, "factor"))
                    .patience(i(a, "patience")).threshold(d(a, "threshold")).thresholdMode(s(a, "threshold_mode"))
                    .cooldown(i(a, "cooldown")).minLr(d(a, "min_lr")).eps(d(a, "eps")));
            case "swalr" -> {
                JsonElement swa = a.get("swa_lr");
                List<Double> lrs = new ArrayList<>();
                if (swa.isJsonArray()) for (JsonElement e : swa.getAsJsonArray()) lrs.add(e.getAsDouble());
                else for (int g = 0; g < o.paramGroups().size(); g++) lrs.add(swa.getAsDouble());
                yield new SWALR(o, lrs, i(a, "anneal_epochs"), s(a, "anneal_strategy"), -1);
            }
            case "sequential", "chained" -> {
                List<LRScheduler> kids = new ArrayList<>();
                for (JsonElement c : a.getAsJsonArray("children")) {
                    kids.add((LRScheduler) make(s(c.getAsJsonObject(), "kind"), c.getAsJsonObject().getAsJsonObject("args"), o));
                }
                yield kind.equals("chained") ? new ChainedScheduler(kids) : new SequentialLR(o, kids, ints(a.getAsJsonArray("milestones")));
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static void step(Object s, Optimizer opt, JsonElement st) {
        if (st.isJsonNull()) {
            ((LRScheduler) s).step();
            return;
        }
        JsonObject o = st.getAsJsonObject();
        if (o.has("x")) { // the lrs changed from outside the scheduler first
            for (ParamGroup g : opt.paramGroups()) g.setLr(g.lr() * o.get("x").getAsDouble());
            if (o.size() == 1) {
                ((LRScheduler) s).step();
                return;
            }
        }
        if (o.has("m")) {
            ((ReduceLROnPlateau) s).step(Golden.number(o.get("m")));
            return;
        }
        String e = o.get("e").getAsString();
        if (s instanceof CosineAnnealingWarmRestarts w) w.step(Double.parseDouble(e));
        else ((LRScheduler) s).step(Integer.parseInt(e));
    }

    private static double[] lastLr(Object s) {
        return s instanceof ReduceLROnPlateau r ? r.lastLr() : ((LRScheduler) s).lastLr();
    }

    private static double momentum(ParamGroup g) {
        return g.get("betas") != null ? ((Number) ((List<?>) g.get("betas")).getFirst()).doubleValue() : g.getDouble("momentum");
    }

    /** Null when every recorded value agrees, else the first difference. */
    private static String compare(JsonObject c, int k, Optimizer o, Object s) {
        List<ParamGroup> gs = o.paramGroups();
        double[] last = lastLr(s);
        JsonArray lr = c.getAsJsonArray("lr").get(k).getAsJsonArray();
        JsonArray wantLast = c.has("last_lr") ? c.getAsJsonArray("last_lr").get(k).getAsJsonArray() : lr;
        JsonArray mom = c.has("mom") ? c.getAsJsonArray("mom").get(k).getAsJsonArray() : null; // null: every momentum 0.9
        String at = k == 0 ? "after construction" : "after step " + k;
        if (last.length != wantLast.size()) return at + ": get_last_lr() has " + last.length + " entries, PyTorch " + wantLast.size();
        for (int g = 0; g < gs.size(); g++) {
            String p = differs("lr of group " + g, Golden.number(lr.get(g)), gs.get(g).lr());
            if (p == null) p = differs("get_last_lr()[" + g + "]", Golden.number(wantLast.get(g)), last[g]);
            if (p == null) p = differs("momentum of group " + g, mom == null ? 0.9 : Golden.number(mom.get(g)), momentum(gs.get(g)));
            if (p != null) return at + ": " + p;
        }
        return null;
    }

    private static String differs(String what, double want, double got) {
        if (Double.compare(want, got) == 0 || Math.abs(want - got) <= 1e-12 * Math.abs(want) + 1e-300) return null;
        return what + " " + got + ", PyTorch " + want;
    }

    @SuppressWarnings("unchecked")
    static String run(JsonObject c) {
        String kind = c.get("java").getAsString(), opt = c.get("opt").getAsString();
        JsonArray lrs = c.getAsJsonArray("lrs");
        JsonObject a = c.getAsJsonObject("args");
        Optimizer o = optimizer(opt, lrs);
        Object s;
        try {
            s = make(kind, a, o);
        } catch (RuntimeException e) {
            if (!c.has("error")) return "torch4j raised " + e;
            String want = c.get("error").getAsString();
            boolean same = e instanceof ArithmeticException ? e.getMessage().endsWith("(PyTorch: " + want + ")") : want.equals(e.getMessage());
            return same ? null : "message \"" + e.getMessage() + "\", PyTorch \"" + want + "\"";
        }
        if (c.has("error")) return "PyTorch raised \"" + c.get("error").getAsString() + "\", torch4j constructed it";
        String p = compare(c, 0, o, s);
        if (p != null) return p;
        JsonArray steps = c.getAsJsonArray("steps");
        int reloadAt = c.get("reload_at").getAsInt();
        int errorAt = c.has("step_error") ? c.getAsJsonArray("step_error").get(0).getAsInt() : -1;
        for (int k = 0; k < steps.size(); k++) {
            try {
                step(s, o, steps.get(k));
            } catch (RuntimeException e) {
                if (k != errorAt) return "step " + (k + 1) + ": torch4j raised " + e;
                String want = c.getAsJsonArray("step_error").get(1).getAsString();
                return e.getMessage() != null && e.getMessage().contains(want) ? null : "step " + (k + 1) + ": message \"" + e.getMessage() + "\", PyTorch \"" + want + "\"";
            }
            if (k == errorAt) return "step " + (k + 1) + ": PyTorch raised \"" + c.getAsJsonArray("step_error").get(1).getAsString() + "\"";
            p = compare(c, k + 1, o, s);
            if (p != null) return p;
            if (k == reloadAt) {
                Map<String, Object> osd = o.stateDict();
                Map<String, Object> ssd = s instanceof ReduceLROnPlateau r ? r.stateDict() : ((LRScheduler) s).stateDict();
                o = optimizer(opt, lrs);
                s = make(kind, a, o);
                o.loadStateDict(osd);
                if (s instanceof ReduceLROnPlateau r) r.loadStateDict(ssd);
                else ((LRScheduler) s).loadStateDict(ssd);
                p = compare(c, k + 1, o, s);
                if (p != null) return "after the state round trip, " + p;
            }
        }
        return null;
    }
}
