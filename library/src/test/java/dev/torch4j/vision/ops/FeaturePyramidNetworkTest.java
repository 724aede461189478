package dev.torch4j.vision.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MultiScaleRoIAlign and FeaturePyramidNetwork against torchvision 0.14 (scripts/goldens/vision_ops_goldens.py). */
class FeaturePyramidNetworkTest {
    private static List<String> strings(JsonArray a) {
        List<String> r = new ArrayList<>();
        for (JsonElement e : a) r.add(e.getAsString());
        return r;
    }

    @Test
    void multiScaleRoIAlignPoolsEachBoxFromItsLevel() {
        int n = 0;
        for (JsonObject c : Golden.cases("vision_ops_fpn")) {
            if (!c.get("kind").getAsString().equals("msroi")) continue;
            JsonArray os = c.getAsJsonArray("output_size");
            var pooler = new MultiScaleRoIAlign(strings(c.getAsJsonArray("featmap_names")), new long[] {os.get(0).getAsLong(), os.get(1).getAsLong()},
                    c.get("sampling_ratio").getAsInt(), 16, 3);
            assertEquals(c.get("repr").getAsString(), pooler.toString());
            Map<String, Tensor> x = new LinkedHashMap<>();
            Tensor[] in = Golden.inputs(c);
            List<String> names = strings(c.getAsJsonArray("names"));
            for (int i = 0; i < in.length; i++) x.put(names.get(i), in[i]);
            List<Tensor> boxes = new ArrayList<>();
            for (JsonElement b : c.getAsJsonArray("boxes")) boxes.add(Golden.tensor(b.getAsJsonObject()));
            Tensor out = pooler.forward(x, boxes, List.of(new long[] {32, 32}, new long[] {30, 28}));
            Golden.assertClose(Golden.tensor(c.getAsJsonArray("outputs").get(0).getAsJsonObject()), out.detach(), "msroi " + c.get("repr"));
            out.mul(Golden.tensor(c.getAsJsonArray("w").get(0).getAsJsonObject())).sum().backward();
            JsonArray grads = c.getAsJsonArray("grads");
            for (int i = 0; i < in.length; i++) {
                if (grads.get(i).isJsonNull()) assertEquals(null, in[i].grad(), names.get(i) + " is not pooled");
                else Golden.assertClose(Golden.tensor(grads.get(i).getAsJsonObject()), in[i].grad(), "msroi grad " + names.get(i));
            }
            n++;
        }
        assertEquals(2, n);
    }

    @Test
    void pyramidsAreTorchvisions() {
        int n = 0;
        for (JsonObject c : Golden.cases("vision_ops_fpn")) {
            if (!c.get("kind").getAsString().equals("fpn")) continue;
            String name = c.get("name").getAsString();
            Torch.manualSeed(41);
            ExtraFPNBlock extra = switch (name) {
                case "fpn_maxpool" -> new LastLevelMaxPool();
                case "fpn_p6p7" -> new LastLevelP6P7(4, 5);
                default -> null;
            };
            FeaturePyramidNetwork net = new FeaturePyramidNetwork(new long[] {2, 3, 4}, 5, extra, name.equals("fpn_bn") ? BatchNorm2d::new : null);
            net = net.toDouble().eval();
            assertEquals(c.get("repr").getAsString(), net.toString(), name + " repr");
            assertEquals(strings(c.getAsJsonArray("keys")), new ArrayList<>(net.stateDict().keySet()), name + " keys");
            Tensor[] in = Golden.inputs(c);
            Map<String, Tensor> x = new LinkedHashMap<>();
            x.put("c3", in[0]);
            x.put("c4", in[1]);
            x.put("c5", in[2]);
            Map<String, Tensor> out = net.forward(x);
            assertEquals(strings(c.getAsJsonArray("out_names")), new ArrayList<>(out.keySet()), name + " level names");
            int i = 0;
            for (Tensor t : out.values()) {
                Golden.assertClose(Golden.tensor(c.getAsJsonArray("outputs").get(i++).getAsJsonObject()), t, name + " level " + i);
            }
            n++;
        }
        assertEquals(3, n);
    }
}
