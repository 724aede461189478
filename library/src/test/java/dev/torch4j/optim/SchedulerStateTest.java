package dev.torch4j.optim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
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
import dev.torch4j.optim.lr.StatefulLambda;
import dev.torch4j.optim.lr.StepLR;
import dev.torch4j.optim.swa.SWALR;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import static dev.torch4j.Torch.zeros;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The schedulers' stateDict / loadStateDict against PyTorch (scripts/goldens/lr_state_goldens.py): checkpoints written
 * by torch.save resume here with PyTorch's learning rates, and the state dict after k steps has PyTorch 2.x's keys,
 * values and (int vs float) types.
 */
class SchedulerStateTest {
    private static final List<JsonObject> CASES = Golden.cases("lr_state");
    // the metrics ReduceLROnPlateau is stepped with, as in the script
    private static final double[] METRICS = {1.0, 0.9, 0.95, 0.96, 0.97, 0.97, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.61, 0.62, 0.6, 0.7};

    /** The script's Warmup: a callable object whose attributes LambdaLR saves. */
    static final class Warmup implements StatefulLambda {
        long warmup;
        double scale;

        Warmup(long warmup, double scale) {
            this.warmup = warmup;
            this.scale = scale;
        }

        @Override
        public double applyAsDouble(int epoch) { return scale * Math.min(1.0, (epoch + 1) / (double) warmup); }

        @Override
        public Map<String, Object> stateDict() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("warmup", warmup);
            m.put("scale", scale);
            return m;
        }

        @Override
        public void loadStateDict(Map<String, ?> s) {
            warmup = ((Number) s.get("warmup")).longValue();
            scale = ((Number) s.get("scale")).doubleValue();
        }
    }

    private static Optimizer optimizer(String kind) {
        Tensor w0 = zeros(1).requiresGrad_(true), w1 = zeros(1).requiresGrad_(true);
        List<ParamGroup> groups = List.of(ParamGroup.of(List.of(w0)).set("lr", 0.5), ParamGroup.of(List.of(w1)).set("lr", 0.2));
        return kind.equals("adam") ? new Adam(groups, Adam.options(0.5)) : new SGD(groups, SGD.options(0.5).momentum(0.9));
    }

    private static int i(JsonObject a, String k) { return a.get(k).getAsInt(); }

    private static double d(JsonObject a, String k) { return a.get(k).getAsDouble(); }

    private static String s(JsonObject a, String k) { return a.get(k).getAsString(); }

    /** The scheduler a case names (the script's make). */
    private static Object make(String kind, JsonObject a, Optimizer opt) {
        return switch (kind) {
            case "step" -> new StepLR(opt, i(a, "step_size"), d(a, "gamma"));
            case "multistep" -> {
                JsonArray ms = a.getAsJsonArray("milestones");
                int[] m = new int[ms.size()];
                for (int j = 0; j < m.length; j++) m[j] = ms.get(j).getAsInt();
                yield new MultiStepLR(opt, m, d(a, "gamma"));
            }
            case "constant" -> new ConstantLR(opt, d(a, "factor"), i(a, "total_iters"));
            case "linear" -> new LinearLR(opt, d(a, "start_factor"), d(a, "end_factor"), i(a, "total_iters"));
            case "exponential" -> new ExponentialLR(opt, d(a, "gamma"));
            case "polynomial" -> new PolynomialLR(opt, i(a, "total_iters"), d(a, "power"));
            case "cosine" -> new CosineAnnealingLR(opt, i(a, "T_max"), d(a, "eta_min"));
            case "warm_restarts" -> new CosineAnnealingWarmRestarts(opt, i(a, "T_0"), i(a, "T_mult"), d(a, "eta_min"));
            case "cyclic" -> new CyclicLR(opt, d(a, "base_lr"), d(a, "max_lr"), CyclicLR.options().stepSizeUp(d(a, "step_size_up"))
                    .stepSizeDown(d(a, "step_size_down")).mode(s(a, "mode")).gamma(d(a, "gamma"))
                    .cycleMomentum(a.get("cycle_momentum").getAsBoolean()).baseMomentum(d(a, "base_momentum")).maxMomentum(d(a, "max_momentum")));
            case "onecycle" -> new OneCycleLR(opt, d(a, "max_lr"), i(a, "total_steps"), OneCycleLR.options().pctStart(d(a, "pct_start"))
                    .annealStrategy(s(a, "anneal_strategy")).threePhase(a.get("three_phase").getAsBoolean()));
            case "lambda_pow" -> new LambdaLR(opt, e -> Math.pow(d(a, "gamma"), e));
            case "lambda_object" -> new LambdaLR(opt, List.<IntToDoubleFunction>of(new Warmup(i(a, "warmup"), d(a, "scale")), e -> Math.pow(0.5, e)));
            case "multiplicative" -> new MultiplicativeLR(opt, e -> d(a, "factor"));
            case "plateau" -> {
                JsonElement minLr = a.get("min_lr");
                var o = ReduceLROnPlateau.options().mode(s(a, "mode")).factor(d(a, "factor")).patience(i(a, "patience"))
                        .threshold(d(a, "threshold")).thresholdMode(s(a, "threshold_mode")).cooldown(i(a, "cooldown"));
                if (minLr.isJsonArray()) { // a list of min_lrs: the constructor takes a scalar, the state the list
                    ReduceLROnPlateau r = new ReduceLROnPlateau(opt, o);
                    Map<String, Object> sd = r.stateDict();
                    List<Object> lrs = new ArrayList<>();
                    for (JsonElement e : minLr.getAsJsonArray()) lrs.add(e.getAsDouble());
                    sd.put("min_lrs", lrs);
                    sd.put("default_min_lr", null);
                    r.loadStateDict(sd);
                    yield r;
                }
                yield new ReduceLROnPlateau(opt, o.minLr(minLr.getAsDouble()));
            }
            case "swalr" -> {
                List<Double> swa = new ArrayList<>();
                for (JsonElement e : a.getAsJsonArray("swa_lr")) swa.add(e.getAsDouble());
                yield new SWALR(opt, swa, i(a, "anneal_epochs"), s(a, "anneal_strategy"), -1);
            }
            case "sequential", "chained" -> {
                List<LRScheduler> children = new ArrayList<>();
                for (JsonElement c : a.getAsJsonArray("children")) {
                    children.add((LRScheduler) make(s(c.getAsJsonObject(), "kind"), c.getAsJsonObject().getAsJsonObject("args"), opt));
                }
                if (kind.equals("chained")) yield new ChainedScheduler(children);
                JsonArray ms = a.getAsJsonArray("milestones");
                int[] m = new int[ms.size()];
                for (int j = 0; j < m.length; j++) m[j] = ms.get(j).getAsInt();
                yield new SequentialLR(opt, children, m);
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static void step(Object s, int i) {
        if (s instanceof ReduceLROnPlateau r) r.step(METRICS[i]);
        else ((LRScheduler) s).step();
    }

    private static Map<String, Object> stateDict(Object s) {
        return s instanceof ReduceLROnPlateau r ? r.stateDict() : ((LRScheduler) s).stateDict();
    }

    private static void loadStateDict(Object s, Map<String, ?> sd) {
        if (s instanceof ReduceLROnPlateau r) r.loadStateDict(sd);
        else ((LRScheduler) s).loadStateDict(sd);
    }

    private static double momentum(ParamGroup g) {
        return g.get("betas") != null ? ((Number) ((List<?>) g.get("betas")).getFirst()).doubleValue() : g.getDouble("momentum");
    }

    /** Steps k..k+m-1 and compares each step's lrs (and momenta) with the golden's. */
    private static void checkNextSteps(JsonObject c, Optimizer opt, Object s, String what) {
        String name = c.get("name").getAsString() + " " + what;
        int k = i(c, "k"), m = i(c, "m");
        JsonArray lrs = c.getAsJsonArray("lrs");
        JsonArray moms = c.has("momenta") ? c.getAsJsonArray("momenta") : null;
        for (int n = 0; n < m; n++) {
            opt.step();
            step(s, k + n);
            for (int g = 0; g < 2; g++) {
                double want = lrs.get(n).getAsJsonArray().get(g).getAsDouble(), got = opt.paramGroups().get(g).lr();
                assertEquals(want, got, 1e-13 * Math.abs(want) + 1e-16, name + ": lr of group " + g + " at step " + (k + n + 1));
                if (moms != null) {
                    double wm = moms.get(n).getAsJsonArray().get(g).getAsDouble();
                    assertEquals(wm, momentum(opt.paramGroups().get(g)), 1e-13, name + ": momentum of group " + g + " at step " + (k + n + 1));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> checkpoint(String name) throws Exception {
        var url = SchedulerStateTest.class.getResource("/lr_state/" + name + ".pt");
        if (url == null) throw new IllegalStateException("missing /lr_state/" + name + ".pt: run scripts/goldens/lr_state_goldens.py");
        try {
            return (Map<String, Object>) Torch.load(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void pytorchCheckpointsResumeWithPyTorchsLearningRates() throws Exception {
        for (JsonObject c : CASES) {
            Map<String, Object> ckpt = checkpoint(c.get("name").getAsString());
            Optimizer opt = optimizer(s(c, "opt"));
            // built with other hyperparameters where the class allows it: the loaded state replaces them
            Object s = make(s(c, "kind"), c.getAsJsonObject("fresh"), opt);
            opt.loadStateDict((Map<String, Object>) ckpt.get("optimizer"));
            loadStateDict(s, (Map<String, ?>) ckpt.get("scheduler"));
            checkNextSteps(c, opt, s, "resumed from PyTorch's checkpoint");
        }
    }

    @Test
    void stateDictAfterKStepsIsPyTorchs() {
        for (JsonObject c : CASES) {
            Optimizer opt = optimizer(s(c, "opt"));
            Object s = make(s(c, "kind"), c.getAsJsonObject("args"), opt);
            for (int n = 0; n < i(c, "k"); n++) {
                opt.step();
                step(s, n);
            }
            assertPython(c.getAsJsonObject("state"), stateDict(s), c.get("name").getAsString());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void stateDictsMadeHereRoundTripThroughTorchSaveAndResume(@TempDir Path dir) throws Exception {
        for (JsonObject c : CASES) {
            String name = c.get("name").getAsString();
            Optimizer opt = optimizer(s(c, "opt"));
            Object s = make(s(c, "kind"), c.getAsJsonObject("args"), opt);
            for (int n = 0; n < i(c, "k"); n++) {
                opt.step();
                step(s, n);
            }
            Map<String, Object> sd = stateDict(s);
            Path file = dir.resolve(name + ".pt");
            Torch.save(Map.of("scheduler", sd, "optimizer", opt.stateDict()), file);
            Map<String, Object> ckpt = (Map<String, Object>) Torch.load(file);
            // ints come back as Longs, floats as Doubles, lists as lists: what stateDict wrote
            assertEquals(sd, ckpt.get("scheduler"), name + ": Torch.save / Torch.load round trip");

            Map<String, Object> loaded = new LinkedHashMap<>((Map<String, Object>) ckpt.get("scheduler"));
            loaded.put("verbose", false); // 1.13 to 2.6 wrote it: ignored
            Optimizer opt2 = optimizer(s(c, "opt"));
            Object s2 = make(s(c, "kind"), c.getAsJsonObject("fresh"), opt2);
            opt2.loadStateDict((Map<String, Object>) ckpt.get("optimizer"));
            loadStateDict(s2, loaded);
            assertEquals(sd, stateDict(s2), name + ": the loaded scheduler's state dict");
            checkNextSteps(c, opt2, s2, "resumed from torch4j's checkpoint");
        }
    }

    @Test
    void loadStateDictRejectsValuesOfTheWrongType() {
        StepLR s = new StepLR(optimizer("sgd"), 3);
        var e = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(Map.of("step_size", 2.5)));
        assertEquals("step_size: expected an int, got Double 2.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(Map.of("base_lrs", 0.1)));
        assertEquals("base_lrs: expected a list, got Double 0.1", e.getMessage());
        s.loadStateDict(Map.of("step_size", 4.0, "gamma", 1L)); // an integral float is an int, an int a float
        assertEquals(4, s.stepSize);
        assertEquals(1.0, s.gamma);
        var p = new ReduceLROnPlateau(optimizer("sgd"));
        e = assertThrows(IllegalArgumentException.class, () -> p.loadStateDict(Map.of("mode", "median")));
        assertEquals("mode median is unknown!", e.getMessage());
    }

    // ---- comparison with the JSON of PyTorch's state dict

    /** {@code got} equals PyTorch's value {@code want}: same keys, ints as Longs, floats as Doubles (to 1e-13), None as null. */
    private static void assertPython(JsonElement want, Object got, String where) {
        if (want.isJsonNull()) {
            assertNull(got, where);
        } else if (want.isJsonObject()) {
            Map<?, ?> m = assertInstanceOf(Map.class, got, where);
            Map<String, Object> byName = new LinkedHashMap<>();
            m.forEach((k, v) -> byName.put(String.valueOf(k), v)); // JSON's keys are strings (MultiStepLR's are ints)
            assertEquals(want.getAsJsonObject().keySet(), byName.keySet(), where + ": keys");
            for (var e : want.getAsJsonObject().entrySet()) assertPython(e.getValue(), byName.get(e.getKey()), where + "." + e.getKey());
        } else if (want.isJsonArray()) {
            List<?> l = assertInstanceOf(List.class, got, where);
            assertEquals(want.getAsJsonArray().size(), l.size(), where + ": length");
            for (int j = 0; j < l.size(); j++) assertPython(want.getAsJsonArray().get(j), l.get(j), where + "[" + j + "]");
        } else {
            JsonPrimitive p = want.getAsJsonPrimitive();
            if (p.isBoolean()) {
                assertEquals(p.getAsBoolean(), got, where);
            } else if (p.isString() && !p.getAsString().equals("Infinity") && !p.getAsString().equals("-Infinity")) {
                assertEquals(p.getAsString(), got, where);
            } else if (p.getAsString().matches("-?\\d+")) {
                assertEquals(p.getAsLong(), assertInstanceOf(Long.class, got, where + ": a Python int"), where);
            } else {
                double w = p.getAsDouble(), g = assertInstanceOf(Double.class, got, where + ": a Python float");
                assertEquals(w, g, 1e-13 * Math.abs(w) + 1e-16, where);
            }
        }
    }
}
