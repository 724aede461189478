package dev.torch4j.vision.transforms;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The vision golden files' common layout: "image" cases naming the inputs, other cases by "kind". */
final class VisionGoldens {
    final List<JsonObject> cases;
    final Map<String, Tensor> images = new HashMap<>();

    VisionGoldens(String name) {
        cases = Golden.cases(name);
        for (JsonObject c : of("image")) images.put(c.get("name").getAsString(), Golden.tensor(c.getAsJsonObject("value")));
    }

    List<JsonObject> of(String kind) { return cases.stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList(); }
}
