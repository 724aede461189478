package dev.torch4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.io.OnnxFile;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.LogSoftmax;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.testing.Golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * ONNX files exported by PyTorch 1.13 (resources/onnx, scripts/goldens/onnx_goldens.py) run by {@link OnnxModel}
 * against the exported modules' outputs in goldens/onnx.json.
 */
class OnnxModelTest {
    static JsonObject golden(String name) {
        for (JsonObject c : Golden.cases("onnx")) if (c.get("name").getAsString().equals(name)) return c;
        throw new IllegalStateException("no onnx golden " + name);
    }

    static byte[] bytes(String file) {
        try (InputStream in = OnnxModelTest.class.getResourceAsStream("/onnx/" + file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OnnxModel load(String name) {
        try {
            return new OnnxModel(OnnxFile.parse(bytes(name + ".onnx"), name + ".onnx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Tensor> tensors(JsonObject run, String key) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : run.getAsJsonArray(key)) out.add(Golden.tensor(e.getAsJsonObject()));
        return out;
    }

    /** Every run of a golden model: PyTorch's outputs, to float32's default tolerance (atol 1e-5 absorbs summation order). */
    static void check(OnnxModel m, JsonObject c, dev.torch4j.Device device) {
        for (JsonElement r : c.getAsJsonArray("runs")) {
            JsonObject run = r.getAsJsonObject();
            Tensor[] in = tensors(run, "inputs").stream().map(t -> t.to(device)).toArray(Tensor[]::new);
            Tensor[] out;
            try (var g = GradMode.noGrad()) {
                out = m.forwardAll(in);
            }
            List<Tensor> expected = tensors(run, "outputs");
            assertEquals(expected.size(), out.length, c.get("name").getAsString());
            for (int k = 0; k < out.length; k++) {
                assertEquals(device, out[k].device());
                Golden.assertClose(expected.get(k), out[k].cpu(), 1e-5, 2e-5, c.get("name").getAsString() + " output " + k);
            }
        }
    }

    @Test
    void exportedModelsGivePyTorchsOutputs() {
        for (String name : List.of("mlp", "cnn", "mobile", "transformer", "ops", "ops2", "opset17", "recurrent", "unique", "groupnorm18",
                "opset21")) {
            JsonObject c = golden(name);
            OnnxModel m = load(name);
            assertEquals(c.get("opset").getAsLong(), m.opset(), name);
            check(m, c, dev.torch4j.Device.CPU);
        }
    }

    @Test
    void quantizedModelsRunInQdqForm() {
        // PyTorch sums int32s where the QDQ graph convolves dequantized floats: an output may sit one step away
        JsonObject c = golden("quantized");
        double step = c.get("output_scale").getAsDouble();
        OnnxModel m = load("quantized");
        JsonObject run = c.getAsJsonArray("runs").get(0).getAsJsonObject();
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = m.forwardAll(tensors(run, "inputs").toArray(Tensor[]::new))[0];
        }
        Tensor want = tensors(run, "outputs").get(0);
        Golden.assertClose(want, out, 0, step * 1.001, "quantized CNN");
        // on the quantization grid: every output is an integer number of steps from the others
        Tensor steps = out.sub(want).div(step);
        assertTrue(steps.sub(steps.round()).abs().max().item() < 1e-3, "off the grid: " + steps);
    }

    @Test
    void dynamicAxesTakeOtherShapes() {
        // the transformer was exported with batch and sequence dynamic; its second run is [3, 7, 16], not [2, 5, 16]
        JsonObject c = golden("transformer");
        assertEquals(2, c.getAsJsonArray("runs").size());
        assertEquals(List.of("src"), load("transformer").inputNames());
        assertEquals("[3, 7, 16]", Arrays.toString(tensors(c.getAsJsonArray("runs").get(1).getAsJsonObject(), "inputs").get(0).shapeArray()));
    }

    @Test
    void initializersKeepStateDictNamesAndLoadIntoAJavaModel() {
        JsonObject c = golden("mlp");
        OnnxModel onnx = load("mlp");
        List<String> expected = new ArrayList<>();
        for (JsonElement k : c.getAsJsonArray("state_keys")) {
            if (!k.getAsString().endsWith("num_batches_tracked")) expected.add(k.getAsString()); // not exported
        }
        assertEquals(expected, new ArrayList<>(onnx.stateDict().keySet()));
        assertEquals(List.of("x"), onnx.inputNames());
        assertEquals(List.of("logp"), onnx.outputNames());

        Sequential java = new Sequential(new Linear(8, 16), new BatchNorm1d(16), new ReLU(), new Linear(16, 4), new LogSoftmax(1));
        // strict: BatchNorm keeps its own num_batches_tracked when a state dict lacks it, as PyTorch 2.x's does
        assertEquals("<All keys matched successfully>", java.loadStateDict(onnx.stateDict()).toString());
        java.eval();
        JsonObject run = c.getAsJsonArray("runs").get(0).getAsJsonObject();
        Tensor x = tensors(run, "inputs").get(0);
        try (var g = GradMode.noGrad()) {
            Golden.assertClose(tensors(run, "outputs").get(0), java.call(x), "mlp loaded into nn.Sequential");
        }

        // the ONNX model trains: its float initializers are parameters, with the Java model's gradients
        Tensor lossOnnx = onnx.call(x).sum(), lossJava = java.call(x).sum();
        lossOnnx.backward();
        lossJava.backward();
        Tensor g0 = onnx.namedParameters().get("0.weight").grad();
        assertNotNull(g0);
        Golden.assertClose(java.namedParameters().get("0.weight").grad(), g0, 1e-5, 1e-6, "0.weight gradient");
    }

    @Test
    void malformedFilesAreIOExceptionsNamingTheFile() {
        byte[] b = bytes("mlp.onnx");
        for (int cut : new int[] {b.length - 1, b.length / 2, 7}) {
            var e = assertThrows(IOException.class, () -> OnnxFile.parse(Arrays.copyOf(b, cut), "cut.onnx"));
            assertTrue(e.getMessage().startsWith("cut.onnx: "), e.getMessage());
        }
        var e = assertThrows(IOException.class, () -> OnnxFile.parse(new byte[] {0x0a, 0x7f, 1, 2}, "junk.onnx"));
        assertTrue(e.getMessage().contains("malformed protobuf"), e.getMessage());
    }

    @Test
    void externalDataIsReadFromBesideTheModel() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(OnnxModelTest.class.getResource("/onnx/external/mlp_ext.onnx").toURI()).getParent();
        OnnxModel ext = OnnxModel.load(dir.resolve("mlp_ext.onnx"));
        OnnxModel inline = load("mlp");
        assertEquals(inline.stateDict().keySet(), ext.stateDict().keySet());
        for (var e : inline.stateDict().entrySet()) assertTrue(e.getValue().equal(ext.stateDict().get(e.getKey())), e.getKey());
        check(ext, golden("mlp"), dev.torch4j.Device.CPU);
        // without the model's folder there is nowhere to look
        var none = assertThrows(IOException.class, () -> OnnxFile.parse(java.nio.file.Files.readAllBytes(dir.resolve("mlp_ext.onnx")), "mlp_ext.onnx"));
        assertTrue(none.getMessage().contains("is stored in 'mlp_ext.data' beside the model"), none.getMessage());
        // a location outside the model's folder is refused before anything is read
        var escape = assertThrows(IOException.class, () -> OnnxModel.load(dir.resolve("escape.onnx")));
        assertTrue(escape.getMessage().contains("external data location '../cnn.onnx' leaves the model's folder"), escape.getMessage());
    }

    @Test
    void aNodeThatCannotRunIsNamed() {
        OnnxModel m = load("bad_unsqueeze");
        var e = assertThrows(OnnxOpException.class, () -> m.forward(Torch.zeros(2)));
        assertEquals("Unsqueeze (node 'grow'): axes are required", e.getMessage());
    }

    @Test
    void dropoutInTrainingModeDropsAndScales() {
        OnnxModel m = load("dropout_train");
        Torch.manualSeed(3);
        Tensor x = Torch.rand(64).add(1.0);
        Tensor[] out = m.forwardAll(x);
        Tensor kept = out[1];
        assertEquals(dev.torch4j.DType.BOOL, kept.dtype());
        // kept elements doubled (1 / (1 - 0.5)), dropped ones zero, and some of each
        assertTrue(out[0].equal(Torch.where(kept, x.mul(2.0), Torch.zerosLike(x))));
        long n = kept.sum().itemLong();
        assertTrue(n > 10 && n < 54, "kept " + n + " of 64");
    }

    @Test
    void torchLoadOfAnOnnxFilePointsHere() throws Exception {
        java.nio.file.Path p = java.nio.file.Files.createTempFile("model", ".bin");
        try {
            java.nio.file.Files.write(p, bytes("mlp.onnx"));
            var e = assertThrows(IOException.class, () -> Torch.load(p));
            assertTrue(e.getMessage().endsWith("; it looks like an ONNX model, which dev.torch4j.onnx.OnnxModel.load runs"), e.getMessage());
        } finally {
            java.nio.file.Files.deleteIfExists(p);
        }
    }

    @Test
    void inputsAreCheckedByCountAndName() {
        OnnxModel m = load("ops");
        assertEquals(2, m.inputNames().size());
        var e = assertThrows(IllegalArgumentException.class, () -> m.forwardAll(Torch.zeros(2, 3, 4, 5)));
        assertTrue(e.getMessage().startsWith("this ONNX model takes 2 inputs"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> m.run(java.util.Map.of("x", Torch.zeros(1))));
        assertTrue(e2.getMessage().startsWith("missing input"), e2.getMessage());
    }
}
