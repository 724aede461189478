package dev.torch4j.ao.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.qat.Embedding;
import dev.torch4j.ao.nn.qat.EmbeddingBag;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;
import dev.torch4j.optim.SGD;
import dev.torch4j.testing.Golden;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * QAT embeddings against PyTorch 1.13 (goldens/qat_embedding.json, from scripts/goldens/qat_embedding_goldens.py): a
 * model of an 8-bit and a 4-bit QAT Embedding and a 4-bit QAT EmbeddingBag, made by prepare_qat with the embedding QAT
 * mapping, trained three SGD steps (outputs, losses, weight gradients, fake-quantizer parameters), then converted with
 * the embedding static mapping (quantized weights and outputs bit for bit); reprs and PyTorch's error messages.
 */
class QatEmbeddingTest {
    private static final Map<String, JsonObject> CASES = new LinkedHashMap<>();

    static {
        for (JsonObject c : Golden.cases("qat_embedding")) CASES.put(c.get("name").getAsString(), c);
    }

    private static Tensor t(JsonObject c, String key) { return Golden.tensor(c.getAsJsonObject(key)); }

    private static Tensor f32(JsonObject c, String key) { return t(c, key).to(DType.FLOAT32); }

    private static Sequential model() {
        JsonObject init = CASES.get("qat").getAsJsonObject("init");
        Map<String, Module> named = new LinkedHashMap<>();
        named.put("emb", new dev.torch4j.nn.Embedding(12, 6));
        named.put("emb4", new dev.torch4j.nn.Embedding(12, 6));
        named.put("bag", new dev.torch4j.nn.EmbeddingBag(12, 6, "sum"));
        Sequential m = new Sequential(named);
        for (String n : named.keySet()) named.get(n).loadStateDict(Map.of("weight", f32(init, n + ".weight")));
        QuantizeStatic.setQconfig(named.get("emb"), Defaults.defaultEmbeddingQatQconfig());
        QuantizeStatic.setQconfig(named.get("emb4"), Defaults.defaultEmbeddingQatQconfig4bit());
        QuantizeStatic.setQconfig(named.get("bag"), Defaults.defaultEmbeddingQatQconfig4bit());
        return m;
    }

    @Test
    void trainsAndConvertsAsPyTorch() {
        JsonObject c = CASES.get("qat");
        Sequential m = model();
        Module prepared = QuantizeStatic.prepareQat(m, QuantizationMappings.getEmbeddingQatModuleMappings(), false);
        assertEquals(c.get("prepared_repr").getAsString(), prepared.toString());
        Tensor idx = t(c, "idx"), offsets = t(c, "offsets"), psw = f32(c, "psw");
        JsonArray targets = c.getAsJsonArray("targets");
        Tensor[] tg = new Tensor[3];
        for (int i = 0; i < 3; i++) tg[i] = Golden.tensor(targets.get(i).getAsJsonObject()).to(DType.FLOAT32);
        var opt = new SGD(prepared.parameters(), SGD.options(0.5));
        String[] names = {"emb", "emb4", "bag"};
        for (int step = 0; step < 3; step++) {
            JsonObject want = c.getAsJsonArray("steps").get(step).getAsJsonObject();
            opt.zeroGrad();
            Tensor e = prepared.getSubmodule("emb").call(idx), e4 = prepared.getSubmodule("emb4").call(idx);
            Tensor b = prepared.getSubmodule("bag").call(idx, offsets, psw);
            Tensor loss = e.mul(tg[0]).sum().add(e4.mul(tg[1]).sum()).add(b.mul(tg[2]).sum());
            loss.backward();
            Golden.assertExact(f32(want, "emb"), e, "step " + step + " emb");
            Golden.assertExact(f32(want, "emb4"), e4, "step " + step + " emb4");
            // F.embedding_bag's weighted float32 sums may round apart from PyTorch's in the last place
            Golden.assertClose(f32(want, "bag"), b, 1e-6, 1e-6, "step " + step + " bag");
            assertEquals(want.get("loss").getAsDouble(), loss.item(), 1e-4 * Math.abs(loss.item()), "step " + step + " loss");
            for (String n : names) {
                Tensor g = prepared.getSubmodule(n).namedParameters().get("weight").grad();
                Golden.assertExact(f32(want.getAsJsonObject("grads"), n), g, "step " + step + " " + n + " grad");
            }
            opt.step();
        }
        for (String n : names) {
            FakeQuantize fq = (FakeQuantize) prepared.getSubmodule(n + ".weight_fake_quant");
            JsonObject w = c.getAsJsonObject("fake_quant").getAsJsonObject(n);
            Golden.assertExact(f32(w, "scale"), fq.scale(), n + " scale");
            Golden.assertExact(f32(w, "zero_point"), fq.zeroPoint(), n + " zero_point");
            Golden.assertExact(f32(c.getAsJsonObject("trained"), n), prepared.getSubmodule(n).namedParameters().get("weight"), n + " trained");
        }
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (var k : c.getAsJsonArray("state_keys")) keys.add(k.getAsString());
        assertEquals(keys, new java.util.ArrayList<>(prepared.stateDict().keySet()));
        var emb = ((Embedding) prepared.getSubmodule("emb")).toFloat();
        var bag = ((EmbeddingBag) prepared.getSubmodule("bag")).toFloat();
        assertEquals(c.getAsJsonObject("to_float").get("emb").getAsString(), emb.toString());
        assertEquals(c.getAsJsonObject("to_float").get("bag").getAsString(), bag.toString());
        Golden.assertExact(f32(c.getAsJsonObject("trained"), "bag"), bag.weight, "to_float weight");
        assertEquals(true, bag.isTraining());

        Module q = QuantizeStatic.convert(prepared, QuantizationMappings.getEmbeddingStaticQuantModuleMappings(), false);
        assertEquals(c.get("converted_repr").getAsString(), q.toString());
        JsonObject out = c.getAsJsonObject("converted_out"), weights = c.getAsJsonObject("converted_weights");
        Golden.assertExact(f32(out, "emb"), q.getSubmodule("emb").call(idx), "converted emb");
        Golden.assertExact(f32(out, "emb4"), q.getSubmodule("emb4").call(idx), "converted emb4");
        Golden.assertExact(f32(out, "bag"), q.getSubmodule("bag").call(idx, offsets, psw), "converted bag");
        for (String n : names) {
            Tensor w = ((dev.torch4j.ao.nn.quantized.Embedding) q.getSubmodule(n)).weight();
            QuantizedEmbeddingTest.assertQuantized(weights.getAsJsonObject(n), w, n);
        }
        // the default mappings leave embeddings as they are, as PyTorch's do
        Module plain = QuantizeStatic.prepareQat(model());
        assertEquals(dev.torch4j.nn.Embedding.class, plain.getSubmodule("emb").getClass());
    }

    @Test
    void reprsAndErrorsAreTorchs() {
        JsonObject reprs = CASES.get("reprs");
        assertEquals(reprs.get("fake_quant").getAsString(), Defaults.defaultEmbeddingFakeQuant().toString());
        assertEquals(reprs.get("fake_quant_4bit").getAsString(), Defaults.defaultEmbeddingFakeQuant4bit().toString());
        assertEquals(reprs.get("qat_bag").getAsString(), new EmbeddingBag(5, 4, "mean", Defaults.defaultEmbeddingQatQconfig4bit()).toString());

        JsonObject errs = CASES.get("errors").getAsJsonObject("errors");
        QConfig wrongQ = Defaults.defaultQatQconfig();
        var plain = new dev.torch4j.nn.Embedding(3, 2);
        var none = new dev.torch4j.nn.Embedding(3, 2);
        QuantizeStatic.setQconfig(none, null);
        var wrong = new dev.torch4j.nn.Embedding(3, 2);
        QuantizeStatic.setQconfig(wrong, wrongQ);
        var wrongBag = new dev.torch4j.nn.EmbeddingBag(3, 2);
        QuantizeStatic.setQconfig(wrongBag, wrongQ);
        Map<String, Executable> cases = new LinkedHashMap<>();
        cases.put("no_qconfig_arg", () -> new Embedding(3, 2, null));
        cases.put("wrong_qconfig_arg", () -> new Embedding(3, 2, wrongQ));
        cases.put("wrong_qconfig_arg_bag", () -> new EmbeddingBag(3, 2, "mean", wrongQ));
        cases.put("not_embedding", () -> Embedding.fromFloat(new dev.torch4j.nn.EmbeddingBag(3, 2)));
        cases.put("not_bag", () -> EmbeddingBag.fromFloat(new dev.torch4j.nn.Embedding(3, 2)));
        cases.put("no_qconfig", () -> Embedding.fromFloat(plain));
        cases.put("none_qconfig", () -> Embedding.fromFloat(none));
        cases.put("wrong_qconfig", () -> Embedding.fromFloat(wrong));
        cases.put("wrong_qconfig_bag", () -> EmbeddingBag.fromFloat(wrongBag));
        cases.put("fake_quant_bag_to_embedding", () -> dev.torch4j.ao.nn.quantized.Embedding.fromFloat(
                new EmbeddingBag(3, 2, "mean", Defaults.defaultEmbeddingQatQconfig())));
        for (var e : cases.entrySet()) {
            var ex = assertThrows(IllegalArgumentException.class, e.getValue(), e.getKey());
            assertEquals(errs.get(e.getKey()).getAsString(), ex.getMessage(), e.getKey());
        }
        var ex = assertThrows(UnsupportedOperationException.class, () -> new NoopObserver(DType.FLOAT32).calculateQparams());
        assertEquals(errs.get("calculate_qparams").getAsString(), ex.getMessage());
        assertEquals(errs.size(), cases.size() + 1);
    }
}
