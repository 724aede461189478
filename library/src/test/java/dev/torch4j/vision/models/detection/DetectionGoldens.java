package dev.torch4j.vision.models.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.models.ModelGoldens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Checks shared by the detection models' golden tests. */
final class DetectionGoldens {
    private DetectionGoldens() {}

    /** A state dict equal to torchvision's: the same keys in the same order, each tensor within 1e-6. */
    static void checkState(JsonObject want, Map<String, Tensor> state, String what) {
        assertEquals(new ArrayList<>(want.keySet()), new ArrayList<>(state.keySet()), what + " keys");
        for (var e : want.entrySet()) {
            Golden.assertClose(Golden.tensor(e.getValue().getAsJsonObject()), state.get(e.getKey()), 1e-6, 1e-7, what + " " + e.getKey());
        }
    }

    /** The golden scripts' two images, {@code rand(3, 120, 150)} and {@code rand(3, 100, 90)} after the seed, checked against {@code g}'s {@code input_sums}. */
    static List<Tensor> images(JsonObject g, long seed) {
        Torch.manualSeed(seed);
        List<Tensor> images = List.of(Torch.rand(3, 120, 150), Torch.rand(3, 100, 90));
        JsonArray sums = g.getAsJsonArray("input_sums");
        for (int i = 0; i < images.size(); i++) {
            assertEquals(sums.get(i).getAsDouble(), images.get(i).to(DType.FLOAT64).sum().item(), 1e-6, "the same image " + i);
        }
        return images;
    }

    /**
     * A training step's losses (the given keys, in order) within 1e-3 of {@code g}'s {@code losses}, then, after
     * backward of their sum, the sums and sums of squares of {@code g}'s {@code grads} within 2%.
     */
    static void checkLossesAndGrads(JsonObject g, Map<String, Tensor> losses, List<String> keys, Module m) {
        assertEquals(keys, new ArrayList<>(losses.keySet()));
        Tensor total = null;
        for (var e : g.getAsJsonObject("losses").entrySet()) {
            // float32 noise: PyTorch's float32 and float64 losses differ by up to about 1e-4 of themselves
            double want = e.getValue().getAsDouble();
            assertEquals(want, losses.get(e.getKey()).item(), 1e-3 * Math.abs(want), e.getKey());
            total = total == null ? losses.get(e.getKey()) : total.add(losses.get(e.getKey()));
        }
        total.backward();
        Map<String, Tensor> params = m.namedParameters();
        for (var e : g.getAsJsonObject("grads").entrySet()) {
            Tensor grad = params.get(e.getKey()).grad();
            assertNotNull(grad, e.getKey() + " has a gradient");
            double[] ss = ModelGoldens.sums(grad.reshape(-1));
            double sum = e.getValue().getAsJsonArray().get(0).getAsDouble(), sumsq = e.getValue().getAsJsonArray().get(1).getAsDouble();
            assertEquals(sumsq, ss[1], 2e-2 * sumsq + 1e-20, e.getKey() + ".grad sum of squares");
            assertEquals(sum, ss[0], 2e-2 * Math.sqrt(grad.numel() * sumsq) + 1e-20, e.getKey() + ".grad sum");
        }
    }

    /**
     * Masks ({@code [N, 1, H, W]}) against a golden's {@code mask_shape} and per-mask summaries (sum, sum of
     * squares, every 7th row and column), as the Mask R-CNN golden scripts write them.
     */
    static void checkMasks(JsonObject w, Tensor masks, String what) {
        List<Long> shape = new ArrayList<>();
        for (JsonElement e : w.getAsJsonArray("mask_shape")) shape.add(e.getAsLong());
        assertEquals(shape, Arrays.stream(masks.shapeArray()).boxed().toList(), "masks' shape of " + what);
        JsonArray ms = w.getAsJsonArray("masks");
        for (int k = 0; k < ms.size(); k++) {
            JsonObject mk = ms.get(k).getAsJsonObject();
            Tensor mask = masks.select(0, k).select(0, 0);
            double[] ss = ModelGoldens.sums(mask.reshape(-1));
            // float32 noise: PyTorch's float32 and float64 masks differ by under 1e-3 per pixel
            assertEquals(mk.get("sum").getAsDouble(), ss[0], 1e-3 * mask.numel() * 1e-2 + 1e-3, "mask sum " + what + "/" + k);
            assertEquals(mk.get("sumsq").getAsDouble(), ss[1], 1e-2 * Math.abs(mk.get("sumsq").getAsDouble()) + 1e-3, "mask sum of squares " + what + "/" + k);
            Tensor strided = mask.index(Torch.slice(null, null, 7), Torch.slice(null, null, 7));
            Golden.assertClose(Golden.tensor(mk.getAsJsonObject("strided")), strided, 0, 2e-3, "every 7th pixel of mask " + what + "/" + k);
        }
    }

    /** The golden scripts' target masks: a filled ellipse inside each box (pixel centres), uint8 {@code [N, h, w]}. */
    static Tensor ellipses(Tensor boxes, long h, long w) {
        Tensor ys = Torch.arange(h).to(DType.FLOAT32).add(0.5).view(-1, 1), xs = Torch.arange(w).to(DType.FLOAT32).add(0.5).view(1, -1);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < boxes.size(0); i++) {
            double[] b = boxes.get(i).toDoubleArray();
            double cx = (b[0] + b[2]) / 2, cy = (b[1] + b[3]) / 2, rx = (b[2] - b[0]) / 2, ry = (b[3] - b[1]) / 2;
            out.add(xs.sub(cx).div(rx).square().add(ys.sub(cy).div(ry).square()).le(1.0).to(DType.UINT8));
        }
        return Torch.stack(out, 0);
    }
}
