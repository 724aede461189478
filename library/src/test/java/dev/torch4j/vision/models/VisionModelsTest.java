package dev.torch4j.vision.models;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Linear;
import dev.torch4j.optim.SGD;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ResNets and MobileNetV2 against torchvision 0.14 built after the same seed (scripts/goldens/vision_models_goldens.py). */
class VisionModelsTest {
    private static final JsonObject G = Golden.namedCases("vision_models");

    private static void checkBuild(String name, Supplier<? extends dev.torch4j.nn.Module> build) {
        JsonObject g = G.getAsJsonObject(name);
        manualSeed(0);
        dev.torch4j.nn.Module model = build.get();
        assertEquals(g.get("repr").getAsString(), model.toString(), name + " repr");
        Map<String, Tensor> state = model.stateDict();
        List<String> keys = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("entries")) keys.add(e.getAsJsonObject().get("key").getAsString());
        assertEquals(keys, new ArrayList<>(state.keySet()), name + " state-dict keys");
        for (JsonElement e : g.getAsJsonArray("entries")) {
            JsonObject o = e.getAsJsonObject();
            String k = o.get("key").getAsString();
            Tensor t = state.get(k);
            long[] shape = new long[o.getAsJsonArray("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = o.getAsJsonArray("shape").get(i).getAsLong();
            assertArrayEquals(shape, t.shapeArray(), k);
            double[] v = t.reshape(-1).toDoubleArray();
            for (int i = 0; i < o.getAsJsonArray("first").size(); i++) {
                assertEquals(o.getAsJsonArray("first").get(i).getAsDouble(), v[i], 0.0, k + " element " + i + " (the same random bits)");
            }
            double sum = 0;
            for (double x : v) sum += x;
            assertEquals(o.get("sum").getAsDouble(), sum, 1e-9 * Math.max(1, Math.abs(sum)) + 1e-9, k + " sum");
        }
        long n = 0;
        for (Tensor p : model.parameters()) n += p.numel();
        assertEquals(g.get("num_params").getAsLong(), n, name + " parameters");
    }

    @Test
    void resnet18IsTorchvisionsAfterTheSameSeed() { checkBuild("resnet18", ResNet::resnet18); }

    @Test
    void resnet50IsTorchvisionsAfterTheSameSeed() { checkBuild("resnet50", ResNet::resnet50); }

    @Test
    void mobilenetV2IsTorchvisionsAfterTheSameSeedAndComputesItsOutputs() {
        checkBuild("mobilenet_v2", MobileNetV2::mobilenetV2);
        manualSeed(0);
        MobileNetV2 model = MobileNetV2.mobilenetV2();
        model.eval();
        JsonObject g = G.getAsJsonObject("mobilenet_v2_eval");
        Tensor x = rand(2, 3, 64, 64); // the draw after the model's, as the golden script makes it
        assertEquals(g.get("input_sum").getAsDouble(), x.to(dev.torch4j.DType.FLOAT64).sum().item(), 1e-9, "the same input");
        try (var ignored = noGrad()) {
            Golden.assertClose(Golden.tensor(g.getAsJsonObject("out")), model.call(x), 1e-4, 1e-6, "eval-mode logits");
        }
    }

    @Test
    void mobilenetV3IsTorchvisionsAfterTheSameSeedAndComputesItsOutputs() {
        for (String name : new String[] {"mobilenet_v3_small", "mobilenet_v3_large"}) {
            Supplier<MobileNetV3> build = name.endsWith("small") ? MobileNetV3::mobilenetV3Small : MobileNetV3::mobilenetV3Large;
            checkBuild(name, build);
            manualSeed(0);
            MobileNetV3 model = build.get();
            model.eval();
            JsonObject g = G.getAsJsonObject(name + "_eval");
            Tensor x = rand(2, 3, 64, 64);
            assertEquals(g.get("input_sum").getAsDouble(), x.to(dev.torch4j.DType.FLOAT64).sum().item(), 1e-9, name + ": the same input");
            try (var ignored = noGrad()) {
                Golden.assertClose(Golden.tensor(g.getAsJsonObject("out")), model.call(x), 1e-4, 1e-6, name + " eval-mode logits");
            }
        }
    }

    /** The blitz's autograd tutorial on resnet18: forward, backward, one SGD step, then a frozen body and a new head. */
    @Test
    void autogradTutorialOnResnet18() {
        JsonObject g = G.getAsJsonObject("resnet18_autograd_tutorial");
        manualSeed(0);
        ResNet model = ResNet.resnet18();
        Tensor data = rand(1, 3, 64, 64);
        Tensor labels = rand(1, 1000);
        Tensor prediction = model.call(data); // forward pass
        Tensor loss = prediction.sub(labels).sum();
        loss.backward(); // backward pass
        SGD optim = new SGD(model.parameters(), SGD.options(1e-2).momentum(0.9));
        optim.step(); // gradient descent
        Golden.assertClose(Golden.tensor(g.getAsJsonObject("prediction")), prediction.detach(), 1e-4, 1e-5, "prediction");
        Golden.assertClose(Golden.tensor(g.getAsJsonObject("loss")), loss.detach(), 1e-4, 1e-3, "loss");
        double gradSum = model.conv1.weight.grad().to(dev.torch4j.DType.FLOAT64).sum().item();
        assertEquals(g.get("conv1_grad_sum").getAsDouble(), gradSum, 1e-3 * Math.abs(gradSum) + 1e-3, "conv1.weight.grad sum");
        Golden.assertClose(Golden.tensor(g.getAsJsonObject("layer4_bn2_grad")), ((dev.torch4j.nn.BatchNorm2d) ((ResNet.BasicBlock) model.layer4.get(1)).bn2).weight.grad(),
                1e-3, 1e-4, "layer4[1].bn2.weight.grad");
        Golden.assertClose(Golden.tensor(g.getAsJsonObject("fc_bias_after")), model.fc.namedParameters().get("bias").detach(), 1e-5, 1e-6,
                "fc.bias after the step");
        Golden.assertClose(Golden.tensor(g.getAsJsonObject("running_mean_bn1")), ((dev.torch4j.nn.BatchNorm2d) model.bn1).runningMean(), 1e-5, 1e-6, "bn1.running_mean");

        for (Tensor param : model.parameters()) param.requiresGrad_(false);
        model.fc = new Linear(512, 10);
        SGD optimizer = new SGD(model.parameters(), SGD.options(1e-2).momentum(0.9));
        Tensor out = model.call(data);
        out.sum().backward();
        List<String> withGrad = new ArrayList<>();
        model.namedParameters().forEach((k, p) -> { if (p.grad() != null) withGrad.add(k); });
        List<String> want = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("frozen")) want.add(e.getAsString());
        assertEquals(want, withGrad, "only the new head gets gradients");
        // features of the stepped network: the step's float32 gradient sums (other orders than PyTorch's) show here
        Golden.assertClose(Golden.tensor(g.getAsJsonObject("new_fc_weight_grad")), model.fc.namedParameters().get("weight").grad(), 1e-3, 1e-5,
                "the new fc.weight's gradient");
        assertEquals(2, optimizer.paramGroups().getFirst().params().stream().filter(Tensor::requiresGrad).count());
    }
}
