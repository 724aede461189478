package dev.torch4j;

import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop the differential fuzz tests share: every case replayed, every mismatch collected, one report (public for
 * the fuzz tests of other packages, such as vision.transforms').
 */
public final class FuzzCases {
    private FuzzCases() {}

    /** Replays one case: null when torch4j agrees with PyTorch, else what differs. */
    public interface Replay {
        String run(JsonObject c) throws ReflectiveOperationException;
    }

    /** Fails with the list of every case whose replay differs (described by {@code describe}), if any. */
    public static void assertAllMatch(List<JsonObject> cases, Function<JsonObject, String> describe, Replay replay) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.get(i);
            String what = "case " + i + " " + (c.has("java") ? c.get("java").getAsString() : "") + describe.apply(c);
            try {
                String problem = replay.run(c);
                if (problem != null) failures.add(what + ": " + problem);
            } catch (ReflectiveOperationException e) {
                failures.add(what + ": no such method (" + e + ")");
            } catch (RuntimeException | Error e) {
                failures.add(what + ": test harness failed " + e);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " cases differ from PyTorch:\n"
                + String.join("\n", failures));
    }

    /** A replayed call's result as PyTorch's output list: values and indices, a tensor array, a named tuple's fields. */
    static List<dev.torch4j.Tensor> outputs(Object result) {
        List<dev.torch4j.Tensor> outs = new ArrayList<>();
        if (result instanceof dev.torch4j.ValuesIndices vi) {
            outs.add(vi.values());
            outs.add(vi.indices());
        } else if (result instanceof dev.torch4j.Tensor[] ts) {
            outs.addAll(java.util.Arrays.asList(ts));
        } else if (result instanceof Record r) { // Linalg.Slogdet, LUFactor, ...: the record's fields in order
            try {
                for (var rc : r.getClass().getRecordComponents()) outs.add((dev.torch4j.Tensor) rc.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        } else {
            outs.add((dev.torch4j.Tensor) result);
        }
        return outs;
    }
}
