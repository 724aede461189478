package dev.torch4j.vision.models;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.hub.Hub;
import dev.torch4j.nn.Module;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The pretrained-weight tables (scripts/codegen/vision_weights.py): each entry's parameter count is the Java model's
 * (so the architectures match torchvision's), the presets transform images as torchvision 0.14's do
 * (scripts/goldens/vision_weights_goldens.py), and a factory given weights loads them from the hub cache.
 */
class PretrainedWeightsTest {
    private record Entry(Weights[] weights, Function<Long, Module> build) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry(AlexNetWeights.values(), AlexNet::alexnet),
            new Entry(ConvNeXtTinyWeights.values(), ConvNeXt::convnextTiny),
            new Entry(DenseNet121Weights.values(), DenseNet::densenet121),
            new Entry(DenseNet169Weights.values(), DenseNet::densenet169),
            new Entry(DenseNet201Weights.values(), DenseNet::densenet201),
            new Entry(DenseNet161Weights.values(), DenseNet::densenet161),
            new Entry(MobileNetV2Weights.values(), MobileNetV2::mobilenetV2),
            new Entry(MobileNetV3LargeWeights.values(), MobileNetV3::mobilenetV3Large),
            new Entry(MobileNetV3SmallWeights.values(), MobileNetV3::mobilenetV3Small),
            new Entry(ResNet18Weights.values(), ResNet::resnet18),
            new Entry(ResNet34Weights.values(), ResNet::resnet34),
            new Entry(ResNet50Weights.values(), ResNet::resnet50),
            new Entry(SqueezeNet1_0Weights.values(), SqueezeNet::squeezenet1_0),
            new Entry(SqueezeNet1_1Weights.values(), SqueezeNet::squeezenet1_1));

    /** Models up to ~30M parameters are built here (the larger ones would take hundreds of MB per test run). */
    @Test
    void parameterCountsAreTorchvisions() {
        List<String> failures = new ArrayList<>();
        for (Entry e : ENTRIES) {
            Weights w = e.weights()[0];
            Module m = e.build().apply(w.numClasses());
            long n = 0;
            for (Tensor p : m.parameters()) n += p.numel();
            if (n != w.numParams()) failures.add(w.getClass().getSimpleName() + ": " + n + " parameters, torchvision's " + w.numParams());
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
    }

    @Test
    void tablesHoldTorchvisionsFacts() {
        assertEquals(ResNet50Weights.IMAGENET1K_V2, ResNet50Weights.DEFAULT);
        assertEquals("https://download.pytorch.org/models/resnet18-f37072fd.pth", ResNet18Weights.DEFAULT.url());
        List<String> cats = ResNet18Weights.DEFAULT.categories();
        assertEquals(1000, cats.size());
        assertEquals("tench", cats.getFirst());
        assertEquals("toilet tissue", cats.getLast());
        assertNull(VGG16Weights.IMAGENET1K_FEATURES.categories());
        assertEquals(1000, VGG16Weights.IMAGENET1K_FEATURES.numClasses());
        assertEquals(80.858, ResNet50Weights.IMAGENET1K_V2.metrics().get("acc@1"));
        for (Weights[] ws : List.of(AlexNetWeights.values(), VGG19BnWeights.values(), ViTL32Weights.values(), ConvNeXtLargeWeights.values())) {
            for (Weights w : ws) assertTrue(w.url().matches("https://download\\.pytorch\\.org/models/.*-[0-9a-f]{8,}\\.pth"), w.url());
        }
    }

    @Test
    void presetsTransformAsTorchvision() {
        Torch.manualSeed(0);
        Map<String, Tensor> images = new LinkedHashMap<>();
        images.put("u8", Torch.randint(0, 256, Size.of(3, 300, 400), Torch.dtype(DType.UINT8)));
        images.put("f32", Torch.rand(2, 3, 250, 260));
        Map<String, Weights> byName = Map.of("ResNet50_Weights", ResNet50Weights.IMAGENET1K_V2,
                "MobileNet_V3_Small_Weights", MobileNetV3SmallWeights.IMAGENET1K_V1, "ConvNeXt_Tiny_Weights", ConvNeXtTinyWeights.IMAGENET1K_V1,
                "VGG16_Weights", VGG16Weights.IMAGENET1K_FEATURES, "ViT_B_16_Weights", ViTB16Weights.IMAGENET1K_SWAG_LINEAR_V1,
                "EfficientNet_B1_Weights", EfficientNetB1Weights.IMAGENET1K_V2, "EfficientNet_V2_L_Weights", EfficientNetV2LWeights.IMAGENET1K_V1,
                "RegNet_Y_16GF_Weights", RegNetY_16GFWeights.IMAGENET1K_SWAG_E2E_V1);
        for (JsonObject c : Golden.cases("vision_weights")) {
            Weights w = byName.get(c.get("enum").getAsString());
            assertEquals(c.get("name").getAsString(), w.name());
            assertEquals(c.get("repr").getAsString(), w.transforms().toString());
            JsonObject outs = c.getAsJsonObject("outputs");
            for (String k : images.keySet()) {
                Tensor out = w.transforms().apply(images.get(k));
                Tensor every14 = out.index(dev.torch4j.Index.ELLIPSIS, dev.torch4j.Index.slice(null, null, 14), dev.torch4j.Index.slice(null, null, 14));
                String what = w + " " + k;
                Golden.assertClose(Golden.tensor(outs.getAsJsonObject(k).getAsJsonObject("every14")), every14, 1e-5, 1e-5, what);
                double sum = outs.getAsJsonObject(k).get("sum").getAsDouble();
                assertEquals(sum, out.to(DType.FLOAT64).sum().item(), 1e-6 * out.to(DType.FLOAT64).abs().sum().item(), what + ": sum");
            }
        }
    }

    /** A factory given weights reads them from the hub cache (placed there first: no network in tests). */
    @Test
    void factoriesLoadFromTheHubCache(@TempDir Path dir) throws IOException {
        Hub.setDir(dir);
        try {
            Torch.manualSeed(1);
            ResNet source = ResNet.resnet18();
            Path file = dir.resolve("checkpoints").resolve("resnet18-f37072fd.pth");
            Files.createDirectories(file.getParent());
            Torch.save(source.stateDict(), file);
            ResNet loaded = ResNet.resnet18(ResNet18Weights.IMAGENET1K_V1);
            Map<String, Tensor> want = source.stateDict(), got = loaded.stateDict();
            assertEquals(want.keySet(), got.keySet());
            for (String k : want.keySet()) Golden.assertExact(want.get(k), got.get(k), k);
        } finally {
            Hub.setDir(null);
        }
    }
}
