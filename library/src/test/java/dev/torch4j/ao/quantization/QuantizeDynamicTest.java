package dev.torch4j.ao.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.quantized.dynamic.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.nn.Tanh;
import dev.torch4j.testing.Golden;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)} against PyTorch 1.13 (goldens/quantize_dynamic.json,
 * from scripts/goldens/quantize_dynamic_goldens.py): the quantized weights and reprs exactly, and the outputs of the
 * two engines Debian's PyTorch has (no FBGEMM there): QNNPACK's bit for bit (its arithmetic is FBGEMM's, but it
 * ignores reduce_range, so the layers run with reduceRange=false), oneDNN's (reduce_range on) within a bound the script
 * explains.
 */
class QuantizeDynamicTest {
    private static final List<JsonObject> CASES = Golden.cases("quantize_dynamic");

    private static Module floatModel(String name) {
        return switch (name) {
            case "mlp" -> new Sequential(new dev.torch4j.nn.Linear(16, 8), new ReLU(), new dev.torch4j.nn.Linear(8, 4, false));
            case "batched" -> new Sequential(new dev.torch4j.nn.Linear(32, 24));
            case "wide" -> new Sequential(new dev.torch4j.nn.Linear(384, 64), new Tanh(), new dev.torch4j.nn.Linear(64, 10));
            case "one_row" -> new Sequential(new dev.torch4j.nn.Linear(33, 17));
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Module quantized(JsonObject c) {
        Module m = floatModel(c.get("name").getAsString());
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("float_state").entrySet()) {
            sd.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()).to(DType.FLOAT32));
        }
        m.loadStateDict(sd);
        Module q = QuantizeDynamic.quantizeDynamic(m, true);
        assertSame(m, q);
        return q;
    }

    private static Tensor x(JsonObject c) { return Golden.tensor(c.getAsJsonObject("x")).to(DType.FLOAT32); }

    @Test
    void weightsAndReprsAreExactlyPyTorchs() {
        for (JsonObject c : CASES) {
            Module q = quantized(c);
            String name = c.get("name").getAsString();
            assertEquals(c.get("repr").getAsString(), q.toString(), name);
            for (JsonElement le : c.getAsJsonArray("layers")) {
                JsonObject l = le.getAsJsonObject();
                Linear lin = (Linear) q.getSubmodule(l.get("name").getAsString());
                Golden.assertExact(Golden.tensor(l.getAsJsonObject("int_repr")), lin.weight().intRepr(), name + " " + l.get("name"));
                assertEquals(l.get("scale").getAsDouble(), lin.weight().qScale(), name);
                assertEquals(l.get("zero_point").getAsLong(), lin.weight().qZeroPoint(), name);
                assertEquals(l.get("weight_repr").getAsString(), lin.weight().toString(), name);
            }
            assertTrue(q.parameters().isEmpty(), "a quantized model has no float parameters left");
        }
    }

    @Test
    void outputsMatchQnnpackBitForBitWithoutReducedRange() {
        for (JsonObject c : CASES) {
            Module q = quantized(c);
            for (var e : q.namedModules().entrySet()) {
                if (e.getValue() instanceof Linear l) q.setSubmodule(e.getKey(), new Linear(l.weight(), l.bias(), false));
            }
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("qnnpack")), q.forward(x(c)), c.get("name").getAsString());
        }
    }

    /**
     * oneDNN (reduce_range on, as FBGEMM) scales the int32 sums by one combined reciprocal scale (and quantizes the input
     * with its own reorder): on these inputs every quantized input matches and the outputs differ in the last bits
     * (at most 8 ulps of the output's largest magnitude; 7% to 70% of the elements bit-equal). An input element
     * rounding to the other side of a halfway point would move an output by one input quantum times a weight, far
     * above this bound: that does not happen here.
     */
    @Test
    void outputsMatchOnednnToTheLastBits() {
        for (JsonObject c : CASES) {
            Module q = quantized(c);
            Tensor y = q.forward(x(c)), ref = Golden.tensor(c.getAsJsonObject("onednn"));
            double bound = 8 * Math.ulp((float) ref.abs().max().item());
            double diff = y.sub(ref).abs().max().item();
            assertTrue(diff <= bound, c.get("name") + ": max |torch4j - oneDNN| " + diff + " > " + bound);
        }
    }

    @Test
    void stateDictHoldsPyTorchsTensorsAndRoundTrips(@TempDir Path dir) throws IOException {
        for (JsonObject c : CASES) {
            Module q = quantized(c);
            // PyTorch's keys, with the packed tuple as its two tensors under the packed parameters' prefix (no dtype: qint8)
            List<String> want = new ArrayList<>();
            for (JsonElement k : c.getAsJsonArray("state_keys")) {
                String key = k.getAsString();
                if (key.endsWith("._packed_params.dtype")) continue;
                if (!key.endsWith("._packed_params._packed_params")) {
                    want.add(key);
                    continue;
                }
                String base = key.substring(0, key.length() - "_packed_params".length());
                want.add(base + "weight");
                want.add(base + "bias");
            }
            Map<String, Tensor> sd = q.stateDict();
            assertEquals(want, List.copyOf(sd.keySet()), c.get("name").getAsString());
            assertEquals("tensor(1.)", sd.get("0.scale").toString()); // float32 and int64 scalars, as PyTorch writes them
            assertEquals("tensor(0)", sd.get("0.zero_point").toString());
            assertEquals(DType.QINT8, sd.get("0._packed_params.weight").dtype());
            assertEquals(4L, ((dev.torch4j.nn.StateDict) sd).version("0"), "the version that computes with reduce_range");
            assertEquals(1L, ((dev.torch4j.nn.StateDict) sd).version("0._packed_params"), "the packed parameters' tensor layout");
            Path f = dir.resolve(c.get("name").getAsString() + ".pt");
            Torch.save(sd, f);
            if (c.get("name").getAsString().equals("mlp")) checkCommittedFile(f);
            // a model quantized from other weights takes the saved ones, quantizers and all
            Module other = QuantizeDynamic.quantizeDynamic(floatModel(c.get("name").getAsString()));
            other.loadStateDict(Torch.load(f));
            Golden.assertExact(q.forward(x(c)), other.forward(x(c)), c.get("name").getAsString());
        }
    }

    /**
     * interop/quantized/dynamic_mlp.pt is the "mlp" state dict as this code writes it; quantize_dynamic_goldens.py
     * --verify loads it into PyTorch's quantize_dynamic model (load_state_dict reads the packed parameters' tensors and
     * the version that computes with reduce_range) and compares both engines' outputs with the goldens. Rewrite it with -Dt4j.quantized.writeDir=... (as
     * QuantizedCheckpointTest).
     */
    private static void checkCommittedFile(Path written) throws IOException {
        String target = System.getProperty("t4j.quantized.writeDir");
        if (target != null) java.nio.file.Files.copy(written, Path.of(target, "dynamic_mlp.pt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var in = QuantizeDynamicTest.class.getResourceAsStream("/interop/quantized/dynamic_mlp.pt")) {
            assertTrue(in != null, "missing interop/quantized/dynamic_mlp.pt");
            org.junit.jupiter.api.Assertions.assertArrayEquals(in.readAllBytes(), java.nio.file.Files.readAllBytes(written));
        }
    }

    /**
     * interop/quantized/pytorch_dynamic_mlp.pt is PyTorch's own state dict of the "mlp" case (the (weight, bias) tuples,
     * dtypes and version-4 metadata), written by quantize_dynamic_goldens.py: a model quantized from other weights takes
     * PyTorch's, computes with reduce_range as the version says, and gives oneDNN's outputs (the bound above).
     */
    @Test
    void loadsPyTorchsOwnCheckpoint() throws Exception {
        JsonObject c = CASES.stream().filter(k -> k.get("name").getAsString().equals("mlp")).findFirst().orElseThrow();
        Torch.manualSeed(11);
        Module q = QuantizeDynamic.quantizeDynamic(floatModel("mlp"));
        for (var e : q.namedModules().entrySet()) {   // the version sets reduce_range: start from the other setting
            if (e.getValue() instanceof Linear l) q.setSubmodule(e.getKey(), new Linear(l.weight(), l.bias(), false));
        }
        Path f = Path.of(QuantizeDynamicTest.class.getResource("/interop/quantized/pytorch_dynamic_mlp.pt").toURI());
        q.loadStateDict(Torch.load(f));
        for (JsonElement le : c.getAsJsonArray("layers")) {
            JsonObject l = le.getAsJsonObject();
            Linear lin = (Linear) q.getSubmodule(l.get("name").getAsString());
            Golden.assertExact(Golden.tensor(l.getAsJsonObject("int_repr")), lin.weight().intRepr(), "mlp " + l.get("name"));
            assertEquals(l.get("scale").getAsDouble(), lin.weight().qScale());
            assertTrue(lin.reduceRange(), "version 4 computes with reduce_range");
        }
        Tensor y = q.forward(x(c)), ref = Golden.tensor(c.getAsJsonObject("onednn"));
        assertTrue(y.sub(ref).abs().max().item() <= 8 * Math.ulp((float) ref.abs().max().item()), "oneDNN's outputs");
        // the same entries without metadata are PyTorch's version None: no reduce_range
        q.loadStateDict(new LinkedHashMap<>((Map<?, ?>) Torch.load(f)));
        assertTrue(!((Linear) q.getSubmodule("0")).reduceRange(), "no version: without reduce_range, as PyTorch");
    }

    @Test
    void aLinearFieldTakesTheQuantizedModule() {
        class Net extends Module {
            public dev.torch4j.nn.Linear fc = new dev.torch4j.nn.Linear(6, 3);

            @Override
            public Tensor forward(Tensor x) { return fc.forward(x); }
        }
        Torch.manualSeed(3);
        Net net = new Net();
        Tensor x = Torch.randn(4, 6), y = net.forward(x);
        Net copy = QuantizeDynamic.quantizeDynamic(net);
        assertTrue(net.fc.getClass() == dev.torch4j.nn.Linear.class, "inplace=False by default: the model stays float");
        assertTrue(net.forward(x).equal(y));
        QuantizeDynamic.quantizeDynamic(net, true);
        assertTrue(net.fc instanceof Linear);
        assertTrue(copy.fc instanceof Linear && copy.forward(x).equal(net.forward(x)), "the copy is quantized the same way");
        assertEquals("Net(\n  (fc): DynamicQuantizedLinear(in_features=6, out_features=3, dtype=torch.qint8, "
                + "qscheme=torch.per_tensor_affine)\n)", net.toString());
        assertTrue(net.forward(x).sub(y).abs().max().item() < 0.05, "quantized output near the float one");
    }
}
