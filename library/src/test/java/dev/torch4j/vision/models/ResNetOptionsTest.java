package dev.torch4j.vision.models;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.ops.FrozenBatchNorm2d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.torch4j.Torch.manualSeed;
import static dev.torch4j.Torch.rand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ResNet's options, ResNeXt and Wide ResNet against torchvision 0.14 (scripts/goldens/vision_resnet_options_goldens.py). */
class ResNetOptionsTest {
    private static final JsonObject G = Golden.namedCases("vision_resnet_options");

    private static ResNet reduced() {
        return new ResNet(ResNet.Block.BOTTLENECK, new int[] {1, 1, 2, 1},
                ResNet.options().numClasses(10).groups(4).widthPerGroup(8).replaceStrideWithDilation(false, false, true));
    }

    private static final Map<String, Supplier<ResNet>> BUILDS = Map.of(
            "resnext50_32x4d", ResNet::resnext50_32x4d,
            "wide_resnet50_2", ResNet::wideResnet50_2,
            "resnet50_dilated", () -> ResNet.resnet50(null, ResNet.options().replaceStrideWithDilation(false, true, true)),
            "resnet50_frozen_bn", () -> ResNet.resnet50(null, ResNet.options().normLayer(FrozenBatchNorm2d::new)),
            "resnet18_zero_init_residual", () -> ResNet.resnet18(null, ResNet.options().zeroInitResidual(true).numClasses(10)),
            "resnet50_zero_init_residual_frozen",
            () -> ResNet.resnet50(null, ResNet.options().zeroInitResidual(true).normLayer(FrozenBatchNorm2d::new)),
            "reduced", ResNetOptionsTest::reduced);

    /** The same draws, names, shapes and repr after the same seed; with an eval case, its output on perturbed statistics. */
    @ParameterizedTest
    @ValueSource(strings = {"resnext50_32x4d", "wide_resnet50_2", "resnet50_dilated", "resnet50_frozen_bn",
        "resnet18_zero_init_residual", "resnet50_zero_init_residual_frozen", "reduced"})
    void isTorchvisionsAfterTheSameSeed(String name) {
        manualSeed(0);
        ResNet model = BUILDS.get(name).get();
        ModelGoldens.checkBuild(G.getAsJsonObject(name), name, model);
        JsonObject eval = G.has(name + "_eval") ? G.getAsJsonObject(name + "_eval") : G.getAsJsonObject(name).getAsJsonObject("eval");
        if (eval == null) return;
        ModelGoldens.perturbBuffers(model);
        // logits up to about 50 after 50 layers: PyTorch's own float32 output is 3e-5 off its float64 one
        ModelGoldens.checkEval(eval, name, model, 1e-5, 1e-4, name.equals("reduced") ? 2 : 1, 3, 32, 32);
    }

    /** The reduced grouped, dilated model in train mode: batch statistics, and every parameter's gradient of out.sum(). */
    @Test
    void trainsAsTorchvision() {
        JsonObject g = G.getAsJsonObject("reduced").getAsJsonObject("train");
        manualSeed(0);
        ResNet model = reduced();
        Tensor x = rand(2, 3, 32, 32);
        assertEquals(g.get("input_sum").getAsDouble(), x.to(DType.FLOAT64).sum().item(), 1e-9, "the same input");
        Tensor out = model.call(x);
        // PyTorch's own float32 output is 3e-6 off its float64 one
        Golden.assertClose(Golden.tensor(g.getAsJsonObject("out")), out.detach(), 1e-5, 1e-5, "train-mode output");
        out.sum().backward();
        Map<String, Tensor> params = model.namedParameters();
        List<String> names = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("grads")) names.add(e.getAsJsonArray().get(0).getAsString());
        assertEquals(names, new ArrayList<>(params.keySet()));
        for (JsonElement e : g.getAsJsonArray("grads")) {
            JsonArray o = e.getAsJsonArray();
            String k = o.get(0).getAsString();
            double[] ss = ModelGoldens.sums(params.get(k).grad().reshape(-1));
            double sumsq = o.get(2).getAsDouble();
            // float32 noise in train-mode batch norm's backward, as in ModelGoldens.checkFixture
            assertEquals(sumsq, ss[1], 1e-3 * sumsq + 1e-12, k + ".grad sum of squares");
            assertEquals(o.get(1).getAsDouble(), ss[0], 1e-3 * Math.sqrt(params.get(k).numel() * sumsq) + 1e-12, k + ".grad sum");
        }
    }

    /** Every new enum's parameter count is the Java model's (and torchvision's, for the 101-layer models). */
    @Test
    void parameterCountsAreTheWeightsEnums() {
        record Entry(String name, Weights[] weights, Supplier<ResNet> build) {}
        for (Entry e : List.of(new Entry("resnext50_32x4d", ResNeXt50_32X4DWeights.values(), ResNet::resnext50_32x4d),
                new Entry("resnext101_32x8d", ResNeXt101_32X8DWeights.values(), ResNet::resnext101_32x8d),
                new Entry("resnext101_64x4d", ResNeXt101_64X4DWeights.values(), ResNet::resnext101_64x4d),
                new Entry("wide_resnet50_2", WideResNet50_2Weights.values(), ResNet::wideResnet50_2),
                new Entry("wide_resnet101_2", WideResNet101_2Weights.values(), ResNet::wideResnet101_2))) {
            long n = 0;
            for (Tensor p : e.build.get().parameters()) n += p.numel();
            assertEquals(G.getAsJsonObject(e.name).get("num_params").getAsLong(), n, e.name);
            for (Weights w : e.weights) assertEquals(w.numParams(), n, e.name + " " + w.name());
        }
        assertEquals(ResNeXt101_32X8DWeights.IMAGENET1K_V2, ResNeXt101_32X8DWeights.DEFAULT);
        assertEquals("https://download.pytorch.org/models/resnext50_32x4d-1a0047aa.pth", ResNeXt50_32X4DWeights.DEFAULT.url());
    }

    @Test
    void theNormLayerIsTheFactorys() {
        ResNet model = reduced();
        assertInstanceOf(BatchNorm2d.class, model.bn1);
        ResNet frozen = ResNet.resnet18(null, ResNet.options().normLayer(FrozenBatchNorm2d::new));
        assertInstanceOf(FrozenBatchNorm2d.class, ((ResNet.BasicBlock) frozen.layer4.get(0)).bn2);
        assertInstanceOf(FrozenBatchNorm2d.class, ((ResNet.BasicBlock) frozen.layer4.get(0)).downsample.get(1));
    }

    @Test
    void refusesWhatTorchvisionRefuses() {
        JsonObject e = G.getAsJsonObject("errors");
        check(e, "basic_groups", IllegalArgumentException.class,
                () -> new ResNet(ResNet.Block.BASIC, new int[] {1, 1, 1, 1}, ResNet.options().groups(2)));
        check(e, "basic_dilation", UnsupportedOperationException.class,
                () -> ResNet.resnet18(null, ResNet.options().replaceStrideWithDilation(false, false, true)));
        check(e, "dilation_length", IllegalArgumentException.class,
                () -> ResNet.resnet50(null, ResNet.options().replaceStrideWithDilation(false, true)));
        check(e, "resnext_groups", IllegalArgumentException.class, () -> ResNet.resnext50_32x4d(null, ResNet.options().groups(2)));
    }

    private static void check(JsonObject errors, String name, Class<? extends RuntimeException> type, Runnable build) {
        assertEquals(errors.getAsJsonArray(name).get(1).getAsString(), assertThrows(type, build::run).getMessage(), name);
    }
}
