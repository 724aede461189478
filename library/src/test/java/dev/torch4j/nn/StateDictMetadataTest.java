package dev.torch4j.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.MinMaxObserver;
import dev.torch4j.io.PyOrderedDict;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.models.DenseNet;
import dev.torch4j.vision.models.MNASNet;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.models.VisionTransformer;
import dev.torch4j.vision.models.detection.FasterRCNN;
import dev.torch4j.vision.models.detection.MaskRCNN;
import dev.torch4j.vision.models.detection.RetinaNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A state dict's {@code _metadata} (each module's version by prefix) as PyTorch's, through save and load. */
class StateDictMetadataTest {
    @TempDir Path tmp;

    private static final Map<String, Supplier<Module>> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("norms", () -> new Sequential(new Linear(4, 6), new BatchNorm1d(6), new ReLU(), new Dropout(0.1),
                new Sequential(new Unflatten(1, 2, 3), new InstanceNorm1d(2, 1e-5, 0.1, true, false), new Flatten()),
                new LayerNorm(6), new Linear(6, 4), new GroupNorm(2, 4), new Linear(4, 2)));
        MODELS.put("lstm", () -> new LSTM(3, 4, 2));
        MODELS.put("transformer_encoder", () -> new TransformerEncoder(new TransformerEncoderLayer(8, 2), 2));
        MODELS.put("resnet18", ResNet::resnet18);
        MODELS.put("densenet121", DenseNet::densenet121);
        MODELS.put("mnasnet0_5", MNASNet::mnasnet0_5);
        MODELS.put("vit_tiny", () -> new VisionTransformer(32, 8, 2, 2, 16, 32));
        MODELS.put("fasterrcnn_mobilenet_v3_large_320_fpn",
                () -> FasterRCNN.fasterrcnnMobilenetV3Large320Fpn(null, null, 3L, null, FasterRCNN.options()));
        MODELS.put("retinanet_resnet50_fpn", () -> RetinaNet.retinanetResnet50Fpn(null, null, 3L, null, RetinaNet.options()));
        MODELS.put("maskrcnn_resnet50_fpn", () -> MaskRCNN.maskrcnnResnet50Fpn(null, null, 3L, null, FasterRCNN.options()));
        MODELS.put("minmax_observer", MinMaxObserver::new);
    }

    @Test
    void everyModulesVersionByPrefixAsPyTorchs() {
        List<JsonObject> cases = Golden.cases("state_dict_metadata");
        assertEquals(MODELS.keySet(), cases.stream().map(c -> c.get("name").getAsString()).collect(java.util.stream.Collectors.toCollection(
                java.util.LinkedHashSet::new)));
        for (JsonObject c : cases) {
            String name = c.get("name").getAsString();
            List<String> want = new ArrayList<>();
            for (JsonElement e : c.getAsJsonArray("metadata")) {
                want.add(e.getAsJsonArray().get(0).getAsString() + "=" + e.getAsJsonArray().get(1).getAsLong());
            }
            List<String> got = new ArrayList<>();
            StateDict sd = MODELS.get(name).get().stateDict();
            sd.metadata().forEach((prefix, local) -> got.add(prefix + "=" + local.get("version")));
            assertEquals(want, got, name);
        }
    }

    @Test
    void aPrefixedStateDictRecordsPrefixesAsPyTorchDoes() {
        StateDict sd = new Sequential(new BatchNorm1d(2)).stateDict("net.", false);
        assertEquals(List.of("net", "net.0"), new ArrayList<>(sd.metadata().keySet()));
        assertEquals(2L, sd.version("net.0"));
        assertNull(sd.version("net.1"));
    }

    @Test
    void saveAndLoadKeepTheMetadata() throws Exception {
        Module model = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
        Path f = tmp.resolve("sd.pt");
        Torch.save(model.stateDict(), f);
        PyOrderedDict<?, ?> loaded = assertInstanceOf(PyOrderedDict.class, Torch.load(f));
        assertEquals(model.stateDict().metadata(), loaded.attributes().get("_metadata"));
        assertEquals(model.stateDict().keySet(), loaded.keySet());
        // and a loaded one loads back into the model
        model.loadStateDict(loaded);
        Tensor w = (Tensor) loaded.get("0.weight");
        assertEquals(model.stateDict().get("0.weight").sum().item(), w.sum().item());
    }
}
