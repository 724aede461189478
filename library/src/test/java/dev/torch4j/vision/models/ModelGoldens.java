package dev.torch4j.vision.models;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.testing.Golden;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks shared by the model tests against scripts/goldens/vision_models2_goldens.py: a seeded build against its
 * per-entry checksums, an eval-mode output, and a torchvision state dict (torch.save'd) loaded strictly. Public for
 * the segmentation and video models' tests.
 */
public final class ModelGoldens {
    private ModelGoldens() {}

    /** Loose enough for float32 rounding (a last-bit difference in a truncated normal), far too tight for other draws. */
    private static final double RTOL = 1e-6;

    /**
     * The model built after {@code manualSeed(0)} has torchvision's repr, state-dict keys, shapes and parameter count,
     * and every entry its sum, sum of squares and sampled elements (the same random draws in the same order).
     */
    public static void checkBuild(JsonObject g, String name, Module model) {
        if (g.has("repr")) {
            assertEquals(g.get("repr").getAsString(), model.toString(), name + " repr");
        } else {
            String r = model.toString();
            assertEquals(g.get("repr_len").getAsInt(), r.length(), name + " repr length");
            assertEquals(g.get("repr_sha256").getAsString(), sha256(r), name + " repr (SHA-256)");
        }
        Map<String, Tensor> state = model.stateDict();
        List<String> keys = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("entries")) keys.add(e.getAsJsonArray().get(0).getAsString());
        assertEquals(keys, new ArrayList<>(state.keySet()), name + " state-dict keys");
        for (JsonElement e : g.getAsJsonArray("entries")) {
            JsonArray o = e.getAsJsonArray();
            String k = o.get(0).getAsString();
            Tensor t = state.get(k);
            assertArrayEquals(longs(o.get(1).getAsJsonArray()), t.shapeArray(), name + " " + k + " shape");
            Tensor flat = t.reshape(-1);
            for (JsonElement s : o.get(4).getAsJsonArray()) {
                long i = s.getAsJsonArray().get(0).getAsLong();
                double want = s.getAsJsonArray().get(1).getAsDouble(), got = flat.get(i).item();
                assertEquals(want, got, RTOL * Math.abs(want) + 1e-12, name + " " + k + " element " + i);
            }
            double[] ss = sums(flat);
            double sumsq = o.get(3).getAsDouble();
            assertEquals(sumsq, ss[1], RTOL * sumsq + 1e-12, name + " " + k + " sum of squares");
            // rounding in n elements moves the sum by at most about rtol * sum|x| <= rtol * sqrt(n * sumsq)
            assertEquals(o.get(2).getAsDouble(), ss[0], RTOL * Math.sqrt(flat.numel() * sumsq) + 1e-12, name + " " + k + " sum");
        }
        long n = 0;
        for (Tensor p : model.parameters()) n += p.numel();
        assertEquals(g.get("num_params").getAsLong(), n, name + " parameters");
    }

    /** Sum and sum of squares in float64, a million elements at a time (the big layers would need a GB as doubles). */
    public static double[] sums(Tensor flat) {
        double s = 0, sq = 0;
        long n = flat.numel();
        for (long off = 0; off < n; off += 1 << 20) {
            for (double x : flat.narrow(0, off, Math.min(1 << 20, n - off)).toDoubleArray()) {
                s += x;
                sq += x * x;
            }
        }
        return new double[] {s, sq};
    }

    /** Running statistics redrawn as the golden script's perturb_buffers does: var from U(0.5, 1.5), mean from U(-0.5, 0.5). */
    public static void perturbBuffers(Module model) {
        try (var ignored = noGrad()) {
            for (var e : model.stateDict().entrySet()) {
                Tensor v = e.getValue();
                if (e.getKey().endsWith("running_var")) v.copy_(rand(v.shapeArray()).add(0.5));
                else if (e.getKey().endsWith("running_mean")) v.copy_(rand(v.shapeArray()).sub(0.5));
            }
        }
    }

    /** Eval mode on {@code rand(shape)} drawn right after the build (as the golden script draws it), within 1e-5. */
    public static void checkEval(JsonObject g, String name, Module model, long... shape) { checkEval(g, name, model, 1e-5, shape); }

    /** {@link #checkEval(JsonObject, String, Module, long...)} within {@code rtol} (and 1e-6 absolute). */
    static void checkEval(JsonObject g, String name, Module model, double rtol, long... shape) { checkEval(g, name, model, rtol, 1e-6, shape); }

    /** {@link #checkEval(JsonObject, String, Module, long...)} within {@code rtol} and {@code atol}. */
    public static void checkEval(JsonObject g, String name, Module model, double rtol, double atol, long... shape) {
        model.eval();
        Tensor x = rand(shape);
        assertEquals(g.get("input_sum").getAsDouble(), x.to(DType.FLOAT64).sum().item(), 1e-9, name + ": the same input");
        try (var ignored = noGrad()) {
            Tensor out = model.call(x);
            Golden.assertClose(Golden.tensor(g.getAsJsonObject("out")), out, rtol, atol, name + " eval-mode output");
        }
    }

    /**
     * The torchvision state dict in the golden (torch.save'd, perturbed off its initialisation) loads strictly into
     * {@code model}; then the eval-mode output, and the train-mode output with every gradient of its sum.
     */
    public static void checkFixture(JsonObject g, String name, Module model, Path dir, long... shape) throws IOException {
        assertEquals(g.get("repr").getAsString(), model.toString(), name + " repr");
        assertEquals("<All keys matched successfully>", model.loadStateDict(fixtureStateDict(g, dir)).toString(), name + " strict load");
        manualSeed(1);
        Tensor x = rand(shape);
        assertEquals(g.get("input_sum").getAsDouble(), x.to(DType.FLOAT64).sum().item(), 1e-9, name + ": the same input");
        model.eval();
        try (var ignored = noGrad()) {
            Golden.assertClose(Golden.tensor(g.getAsJsonObject("out")), model.call(x), 1e-5, 1e-6, name + " eval-mode output");
        }
        model.train();
        Tensor x2 = rand(shape);
        assertEquals(g.get("train_input_sum").getAsDouble(), x2.to(DType.FLOAT64).sum().item(), 1e-9, name + ": the same train input");
        Tensor out = model.call(x2);
        Golden.assertClose(Golden.tensor(g.getAsJsonObject("train_out")), out.detach(), 1e-5, 1e-6, name + " train-mode output");
        out.sum().backward();
        checkGrads(g, name, model);
    }

    /**
     * A seeded model (built right before) in train mode on {@code rand(shape)} drawn next, both then converted to
     * float64: its output and every parameter's gradient of the output's sum, against the golden script's train_case
     * (float64 too: in float32 a deep model's train-mode batch norms leave its first gradients to rounding).
     */
    public static void checkTrain(JsonObject g, String name, Module model, long... shape) {
        Tensor x = rand(shape);
        assertEquals(g.get("input_sum").getAsDouble(), x.to(DType.FLOAT64).sum().item(), 1e-9, name + ": the same train input");
        model.to(DType.FLOAT64);
        model.train();
        Tensor out = model.call(x.to(DType.FLOAT64));
        Golden.assertClose(Golden.tensor(g.getAsJsonObject("out")), out.detach(), 1e-6, 1e-9, name + " train-mode output");
        out.sum().backward();
        checkGrads(g, name, model);
    }

    static void checkGrads(JsonObject g, String name, Module model) {
        Map<String, Tensor> params = model.namedParameters();
        List<String> names = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("grads")) names.add(e.getAsJsonArray().get(0).getAsString());
        assertEquals(names, new ArrayList<>(params.keySet()), name + " parameters");
        // float32 noise: train-mode batch norm's backward cancels, so PyTorch's own float32 and float64 gradients of the
        // first batch norm of the reduced DenseNet differ by 1e-4 of sqrt(n * sumsq); 1e-3 still catches a wrong formula
        for (JsonElement e : g.getAsJsonArray("grads")) {
            JsonArray o = e.getAsJsonArray();
            String k = o.get(0).getAsString();
            Tensor grad = params.get(k).grad();
            assertNotNull(grad, name + " " + k + " has a gradient");
            double[] ss = sums(grad.reshape(-1));
            double sumsq = o.get(2).getAsDouble();
            assertEquals(sumsq, ss[1], 1e-3 * sumsq + 1e-12, name + " " + k + ".grad sum of squares");
            // 1e-6 absolute: a bias right before a train-mode batch norm has a zero gradient in exact arithmetic, float32 noise here
            assertEquals(o.get(1).getAsDouble(), ss[0], 1e-3 * Math.sqrt(grad.numel() * sumsq) + 1e-6, name + " " + k + ".grad sum");
        }
    }

    /**
     * The golden script's deterministic value of the {@code i}-th state-dict entry: 0.1 * sin(arange(n) + i), running
     * variances 1 + 0.5 * sin(arange(n) + i), integer entries zeros.
     */
    static Tensor deterministic(String key, long[] shape, DType dtype, int i) {
        long n = 1;
        for (long s : shape) n *= s;
        if (!dtype.isFloatingPoint()) return zeros(dev.torch4j.Size.of(shape), dtype(dtype));
        Tensor t = arange(0, n, 1, dtype(DType.FLOAT64)).add(i).sin();
        t = key.endsWith("running_var") ? t.mul(0.5).add(1) : t.mul(0.1);
        return t.to(dtype).reshape(shape);
    }

    /** Every floating state-dict entry set to its {@link #deterministic} value, as the script's deterministic_fill. */
    static <M extends Module> M deterministicFill(M model) {
        int i = 0;
        try (var ignored = noGrad()) {
            for (var e : model.stateDict().entrySet()) {
                Tensor v = e.getValue();
                if (v.dtype().isFloatingPoint()) v.copy_(deterministic(e.getKey(), v.shapeArray(), v.dtype(), i));
                i++;
            }
        }
        return model;
    }

    /** The fixture's state dict, read by {@code Torch.load} from the file torch.save wrote. */
    @SuppressWarnings("unchecked")
    static Map<String, Tensor> fixtureStateDict(JsonObject g, Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "state_dict", ".pth");
        Files.write(file, Base64.getDecoder().decode(g.get("pth_base64").getAsString()));
        return (Map<String, Tensor>) load(file);
    }

    /** A training step's forward and backward: the output has {@code classes} columns and every parameter a finite gradient. */
    public static void checkTrainStep(Module model, long classes, long... shape) {
        model.train();
        Tensor out = model.call(rand(shape));
        assertArrayEquals(new long[] {shape[0], classes}, out.shapeArray(), "output shape");
        out.square().mean().backward();
        boolean anyNonZero = false;
        for (var e : model.namedParameters().entrySet()) {
            Tensor grad = e.getValue().grad();
            assertNotNull(grad, e.getKey() + " has a gradient");
            double[] ss = sums(grad.reshape(-1));
            assertTrue(Double.isFinite(ss[1]), e.getKey() + " has a finite gradient");
            anyNonZero |= ss[1] > 0;
        }
        assertTrue(anyNonZero, "some gradient is not zero");
    }

    public static long[] longs(JsonArray a) {
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsLong();
        return v;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
