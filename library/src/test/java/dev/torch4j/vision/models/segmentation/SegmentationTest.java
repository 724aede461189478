package dev.torch4j.vision.models.segmentation;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.hub.Hub;
import dev.torch4j.nn.Module;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.models.IntermediateLayerGetter;
import dev.torch4j.vision.models.MobileNetV3;
import dev.torch4j.vision.models.MobileNetV3LargeWeights;
import dev.torch4j.vision.models.ModelGoldens;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.models.SemanticSegmentation;
import dev.torch4j.vision.models.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.torch4j.Index.ALL;
import static dev.torch4j.Torch.manualSeed;
import static dev.torch4j.Torch.noGrad;
import static dev.torch4j.Torch.rand;
import static dev.torch4j.Torch.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The MobileNetV3-based segmentation models, IntermediateLayerGetter, the SemanticSegmentation preset and the weights
 * enums against torchvision 0.14 (scripts/goldens/vision_segmentation_goldens.py).
 */
class SegmentationTest {
    private static final JsonObject G = Golden.namedCases("vision_segmentation");

    /**
     * The model built after {@code manualSeed(0)} has torchvision's state dict (keys, shapes, draws), repr and
     * parameter count, which is its weights enum's; then, with perturbed running statistics, its eval-mode
     * outputs on {@code rand(1, 3, 48, 64)} match (sums and a strided slice of each).
     */
    static void checkModel(JsonObject g, String name, Supplier<? extends Module> build, Weights weights) {
        manualSeed(0);
        Module model = build.get();
        ModelGoldens.checkBuild(g, name, model);
        assertEquals(weights.numParams(), g.get("num_params").getAsLong(), name + ": the enum's parameter count");
        ModelGoldens.perturbBuffers(model); // nothing drawn since the build: the golden's rebuilt model draws the same
        model.eval();
        JsonObject e = g.getAsJsonObject("eval");
        Tensor x = rand(1, 3, 48, 64);
        assertEquals(e.get("input_sum").getAsDouble(), x.to(DType.FLOAT64).sum().item(), 1e-9, name + ": the same input");
        try (var ignored = noGrad()) {
            Map<String, Tensor> out = forwardDict(model, x);
            JsonObject want = e.getAsJsonObject("out");
            assertEquals(new ArrayList<>(want.keySet()), new ArrayList<>(out.keySet()), name + " outputs");
            for (String k : want.keySet()) checkOutput(want.getAsJsonObject(k), out.get(k), name + " " + k);
        }
    }

    static Map<String, Tensor> forwardDict(Module model, Tensor x) {
        return model instanceof SimpleSegmentationModel s ? s.forwardDict(x) : ((LRASPP) model).forwardDict(x);
    }

    /**
     * Shape, sum and sum of squares (float64), and the slice {@code [:, ::4, ::5, ::7]}, within 1e-5 of the largest
     * magnitude: untrained models reach 5e4 (fcn_resnet101), and PyTorch's own float32 outputs are 1e-6 of it off
     * its float64 ones.
     */
    static void checkOutput(JsonObject want, Tensor got, String what) {
        assertArrayEquals(ModelGoldens.longs(want.getAsJsonArray("shape")), got.shapeArray(), what + " shape");
        double atol = 1e-5 * got.abs().max().item();
        double[] ss = ModelGoldens.sums(got.reshape(-1));
        double sumsq = want.get("sumsq").getAsDouble();
        assertEquals(sumsq, ss[1], 1e-5 * sumsq + 2 * atol * Math.sqrt(got.numel() * sumsq), what + " sum of squares");
        assertEquals(want.get("sum").getAsDouble(), ss[0], 1e-5 * Math.sqrt(got.numel() * sumsq) + atol, what + " sum");
        Tensor s = got.index(ALL, slice(null, null, 4), slice(null, null, 5), slice(null, null, 7));
        Golden.assertClose(Golden.tensor(want.getAsJsonObject("slice")), s, 1e-5, atol, what + " [:, ::4, ::5, ::7]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deeplabv3_mobilenet_v3_large", "lraspp_mobilenet_v3_large"})
    void isTorchvisionsAfterTheSameSeedAndComputesItsOutputs(String name) {
        if (name.startsWith("deeplabv3")) {
            checkModel(G.getAsJsonObject(name), name, () -> DeepLabV3.deeplabv3MobilenetV3Large(null, null, true, null),
                    DeepLabV3MobileNetV3LargeWeights.DEFAULT);
        } else {
            checkModel(G.getAsJsonObject(name), name, LRASPP::lrasppMobilenetV3Large, LRASPPMobileNetV3LargeWeights.DEFAULT);
        }
    }

    /** {@code mobilenet_v3_small(dilated=True)}: the last three blocks dilated, not strided. */
    @Test
    void dilatedMobileNetV3SmallIsTorchvisions() {
        JsonObject g = G.getAsJsonObject("mobilenet_v3_small_dilated");
        manualSeed(0);
        MobileNetV3 model = MobileNetV3.mobilenetV3Small(null, true);
        ModelGoldens.checkBuild(g, "mobilenet_v3_small_dilated", model);
        ModelGoldens.perturbBuffers(model);
        ModelGoldens.checkEval(g.getAsJsonObject("eval"), "mobilenet_v3_small_dilated", model, 1, 3, 48, 64);
    }

    /** torchvision's defaults without weights: 21 classes, no auxiliary head. */
    @Test
    void defaultsAreTorchvisions() {
        for (String name : new String[] {"fcn_resnet50", "deeplabv3_mobilenet_v3_large"}) {
            JsonObject g = G.getAsJsonObject("default_" + name);
            SimpleSegmentationModel m = name.startsWith("fcn") ? FCN.fcnResnet50() : DeepLabV3.deeplabv3MobilenetV3Large();
            long n = 0;
            for (Tensor p : m.parameters()) n += p.numel();
            assertEquals(g.get("num_params").getAsLong(), n, name + " parameters");
            assertEquals(g.get("keys").getAsInt(), m.stateDict().size(), name + " state-dict entries");
            assertNull(m.aux_classifier, name + " has no auxiliary head");
            assertEquals(21, m.classifier.namedParameters().get("4.weight").size(0));
        }
    }

    /**
     * The LRASPP in train mode (5 classes, a batch of two), in float64: its output and every parameter's gradient of
     * out.sum(). Several are zero in exact arithmetic (a batch-norm bias feeding a train-mode batch norm), so
     * gradients are compared within 1e-9 of the largest one besides 1e-6 relative.
     */
    @Test
    void lrasppTrainsAsTorchvision() {
        JsonObject g = G.getAsJsonObject("lraspp_train");
        manualSeed(0);
        LRASPP model = LRASPP.lrasppMobilenetV3Large(null, 5L, null).to(DType.FLOAT64);
        Tensor x = rand(2, 3, 48, 64);
        assertEquals(g.get("input_sum").getAsDouble(), x.to(DType.FLOAT64).sum().item(), 1e-9, "the same input");
        Tensor out = model.forwardDict(x.to(DType.FLOAT64)).get("out");
        checkOutput(g.getAsJsonObject("out"), out.detach(), "train-mode out");
        out.sum().backward();
        Map<String, Tensor> params = model.namedParameters();
        List<String> names = new ArrayList<>();
        double scale = 0;
        for (JsonElement e : g.getAsJsonArray("grads")) {
            names.add(e.getAsJsonArray().get(0).getAsString());
            scale = Math.max(scale, Math.sqrt(e.getAsJsonArray().get(2).getAsDouble()));
        }
        assertEquals(names, new ArrayList<>(params.keySet()));
        for (JsonElement e : g.getAsJsonArray("grads")) {
            JsonArray o = e.getAsJsonArray();
            String k = o.get(0).getAsString();
            double[] ss = ModelGoldens.sums(params.get(k).grad().reshape(-1));
            double sumsq = o.get(2).getAsDouble(), n = params.get(k).numel();
            assertEquals(Math.sqrt(sumsq), Math.sqrt(ss[1]), 1e-6 * Math.sqrt(sumsq) + 1e-9 * scale, k + ".grad norm");
            assertEquals(o.get(1).getAsDouble(), ss[0], 1e-6 * Math.sqrt(n * sumsq) + 1e-9 * scale * Math.sqrt(n), k + ".grad sum");
        }
    }

    /** resnet18 with layer1 and layer3 named: the children up to layer3 only, and the two outputs. */
    @Test
    void intermediateLayerGetterIsTorchvisions() {
        JsonObject g = G.getAsJsonObject("getter");
        manualSeed(0);
        Map<String, String> layers = new LinkedHashMap<>();
        layers.put("layer1", "feat1");
        layers.put("layer3", "feat2");
        IntermediateLayerGetter getter = new IntermediateLayerGetter(ResNet.resnet18(), layers);
        Tensor x = rand(1, 3, 64, 64);
        ModelGoldens.checkBuild(g, "getter", getter);
        getter.eval();
        JsonObject want = g.getAsJsonObject("eval");
        assertEquals(want.get("input_sum").getAsDouble(), x.to(DType.FLOAT64).sum().item(), 1e-9, "the same input");
        try (var ignored = noGrad()) {
            Map<String, Tensor> out = getter.forwardDict(x);
            JsonObject o = want.getAsJsonObject("out");
            assertEquals(new ArrayList<>(o.keySet()), new ArrayList<>(out.keySet()));
            for (String k : o.keySet()) {
                JsonObject w = o.getAsJsonObject(k);
                assertArrayEquals(ModelGoldens.longs(w.getAsJsonArray("shape")), out.get(k).shapeArray(), k + " shape");
                double[] ss = ModelGoldens.sums(out.get(k).reshape(-1));
                assertEquals(w.get("sumsq").getAsDouble(), ss[1], 1e-5 * w.get("sumsq").getAsDouble(), k + " sum of squares");
                assertEquals(w.get("sum").getAsDouble(), ss[0], 1e-5 * Math.abs(w.get("sum").getAsDouble()), k + " sum");
            }
        }
        assertThrows(UnsupportedOperationException.class, () -> getter.call(x));
    }

    /**
     * The preset on a float image (upscaled: antialiasing plays no part) as torchvision computes it; on the uint8
     * image within one level, since PyTorch 2.x resamples uint8 in fixed point (torch4j does too) where 1.13
     * interpolated in float and rounded.
     */
    @Test
    void presetIsTorchvisions() {
        var t = FCNResNet50Weights.DEFAULT.transforms();
        assertInstanceOf(SemanticSegmentation.class, t);
        assertEquals(G.getAsJsonObject("preset").get("repr").getAsString(), t.toString());
        for (String name : new String[] {"preset_float", "preset"}) {
            JsonObject g = G.getAsJsonObject(name);
            double tol = name.equals("preset") ? 1 / 255.0 / 0.224 + 1e-6 : 1e-5;
            Tensor y = t.apply(Golden.tensor(g.getAsJsonObject("image")));
            assertArrayEquals(ModelGoldens.longs(g.getAsJsonArray("shape")), y.shapeArray());
            Golden.assertClose(Golden.tensor(g.getAsJsonObject("slice")), y.index(ALL, slice(null, null, 37), slice(null, null, 53)), 0, tol,
                    name + " [:, ::37, ::53]");
            double[] ss = ModelGoldens.sums(y.reshape(-1));
            assertEquals(g.get("sum").getAsDouble(), ss[0], tol * y.numel() / 100, name + " sum"); // a level on under 1% of the pixels
            assertEquals(g.get("sumsq").getAsDouble(), ss[1], 1e-3 * ss[1], name + " sum of squares");
        }
    }

    @Test
    void weightsHoldTorchvisionsFacts() {
        assertEquals("https://download.pytorch.org/models/deeplabv3_mobilenet_v3_large-fc3c493d.pth", DeepLabV3MobileNetV3LargeWeights.DEFAULT.url());
        assertEquals(DeepLabV3ResNet101Weights.COCO_WITH_VOC_LABELS_V1, DeepLabV3ResNet101Weights.DEFAULT);
        for (SegmentationWeights w : List.<SegmentationWeights>of(FCNResNet50Weights.DEFAULT, FCNResNet101Weights.DEFAULT,
                DeepLabV3ResNet50Weights.DEFAULT, DeepLabV3ResNet101Weights.DEFAULT, DeepLabV3MobileNetV3LargeWeights.DEFAULT,
                LRASPPMobileNetV3LargeWeights.DEFAULT)) {
            assertEquals(21, w.categories().size());
            assertEquals("__background__", w.categories().getFirst());
            assertEquals("tvmonitor", w.categories().getLast());
            assertEquals(21, w.numClasses());
            assertEquals(G.getAsJsonObject("preset").get("repr").getAsString(), w.transforms().toString());
        }
        assertEquals(Map.of("miou", 57.9, "pixel_acc", 91.2), LRASPPMobileNetV3LargeWeights.DEFAULT.metrics());
    }

    /**
     * Weights and backbone weights come from the hub cache (placed there first: no network in tests); given both,
     * torchvision ignores the backbone's.
     */
    @Test
    void buildersLoadWeightsFromTheHubCache(@TempDir Path dir) throws IOException {
        Hub.setDir(dir);
        try {
            Path cache = Files.createDirectories(dir.resolve("checkpoints"));
            manualSeed(1);
            LRASPP source = LRASPP.lrasppMobilenetV3Large();
            Torch.save(source.stateDict(), cache.resolve("lraspp_mobilenet_v3_large-d234d4ea.pth"));
            assertSameState(source.stateDict(), LRASPP.lrasppMobilenetV3Large(LRASPPMobileNetV3LargeWeights.DEFAULT).stateDict(), "");
            MobileNetV3 backbone = MobileNetV3.mobilenetV3Large();
            Torch.save(backbone.stateDict(), cache.resolve("mobilenet_v3_large-8738ca79.pth"));
            DeepLabV3 model = DeepLabV3.deeplabv3MobilenetV3Large(null, null, true, MobileNetV3LargeWeights.IMAGENET1K_V1);
            assertSameState(backbone.features.stateDict(), model.backbone.stateDict(), "features.");
            LRASPP pretrained = LRASPP.lrasppMobilenetV3Large(LRASPPMobileNetV3LargeWeights.DEFAULT, null, MobileNetV3LargeWeights.IMAGENET1K_V1);
            assertSameState(source.stateDict(), pretrained.stateDict(), "");
        } finally {
            Hub.setDir(null);
        }
    }

    /** Every entry of {@code got} equals {@code want}'s, bit for bit. */
    private static void assertSameState(Map<String, Tensor> want, Map<String, Tensor> got, String what) {
        assertEquals(want.keySet(), got.keySet(), what + " keys");
        for (String k : want.keySet()) Golden.assertExact(want.get(k), got.get(k), what + k);
    }

    @Test
    void refusesWhatTorchvisionRefuses() {
        JsonObject e = G.getAsJsonObject("errors");
        // raised before anything is downloaded, as torchvision raises them
        assertEquals(e.getAsJsonArray("num_classes").get(1).getAsString(), assertThrows(IllegalArgumentException.class,
                () -> FCN.fcnResnet50(FCNResNet50Weights.DEFAULT, 10L, null, null)).getMessage());
        assertEquals(e.getAsJsonArray("aux_loss").get(1).getAsString(), assertThrows(IllegalArgumentException.class,
                () -> DeepLabV3.deeplabv3Resnet50(DeepLabV3ResNet50Weights.DEFAULT, null, false, null)).getMessage());
        assertEquals(e.getAsJsonArray("return_layers").get(1).getAsString(), assertThrows(IllegalArgumentException.class,
                () -> new IntermediateLayerGetter(ResNet.resnet18(), Map.of("layer5", "x"))).getMessage());
    }
}
