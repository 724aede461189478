package dev.torch4j.vision.models.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import java.util.ArrayList;
import java.util.Map;

/** Checks shared by the detection models' golden tests. */
final class DetectionGoldens {
    private DetectionGoldens() {}

    /** A state dict equal to torchvision's: the same keys in the same order, each tensor within 1e-6. */
    static void checkState(JsonObject want, Map<String, Tensor> state, String what) {
        assertEquals(new ArrayList<>(want.keySet()), new ArrayList<>(state.keySet()), what + " keys");
        for (var e : want.entrySet()) {
            Golden.assertClose(Golden.tensor(e.getValue().getAsJsonObject()), state.get(e.getKey()), 1e-6, 1e-7, what + " " + e.getKey());
        }
    }
}
