package dev.torch4j.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The profiler's tables equal PyTorch's character for character, for the same events, and its schedules step as
 * PyTorch's (profiler_goldens.py).
 */
class ProfilerTableTest {

    static Stream<Arguments> cases() {
        List<JsonObject> all = Golden.cases("profiler_tables");
        List<Arguments> out = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) out.add(Arguments.of(i + ": " + all.get(i).get("events").getAsString() + " "
                + all.get(i).get("view").getAsString() + " " + all.get(i).get("options"), all.get(0), all.get(i)));
        return out.stream();
    }

    static EventList<FunctionEvent> events(JsonObject specs, String label, boolean memory) { return events(specs, label, memory, false); }

    static EventList<FunctionEvent> events(JsonObject specs, String label, boolean memory, boolean withFlops) {
        List<FunctionEvent> evts = new ArrayList<>();
        JsonArray spec = specs.getAsJsonObject("specs").getAsJsonArray(label);
        for (int i = 0; i < spec.size(); i++) {
            JsonArray e = spec.get(i).getAsJsonArray();
            JsonArray shapes = e.get(4).getAsJsonArray();
            long[][] sh = new long[shapes.size()][];
            for (int j = 0; j < sh.length; j++) {
                JsonArray s = shapes.get(j).getAsJsonArray();
                sh[j] = new long[s.size()];
                for (int k = 0; k < sh[j].length; k++) sh[j][k] = s.get(k).getAsLong();
            }
            List<String> stack = new ArrayList<>();
            if (e.size() > 6) for (JsonElement f : e.get(6).getAsJsonArray()) stack.add(f.getAsString());
            evts.add(new FunctionEvent(i, e.get(1).getAsString(), e.get(0).getAsLong(), e.get(2).getAsLong(),
                    e.get(3).getAsLong(), sh, 0, e.get(5).getAsLong(), 0, stack).flops(e.size() > 7 ? e.get(7).getAsLong() : 0));
        }
        return EventList.of(evts, memory, withFlops);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tableEqualsPyTorchs(String name, JsonObject specs, JsonObject c) throws java.io.IOException {
        if (c.get("view").getAsString().equals("schedule")) {
            JsonArray a = c.getAsJsonArray("args");
            Schedule s = Schedule.of(a.get(0).getAsInt(), a.get(1).getAsInt(), a.get(2).getAsInt(), a.get(3).getAsInt(), a.get(4).getAsInt());
            JsonArray expected = c.getAsJsonArray("actions");
            for (int step = 0; step < expected.size(); step++) {
                assertEquals(expected.get(step).getAsString(), s.apply(step).name(), "step " + step);
            }
            return;
        }
        String view = c.get("view").getAsString();
        if (view.equals("flops_of_ops")) return;   // ProfilerTest#flopsAsPyTorchCountsThem runs the ops
        EventList<FunctionEvent> list = events(specs, c.get("events").getAsString(), c.get("profile_memory").getAsBoolean(),
                c.has("with_flops") && c.get("with_flops").getAsBoolean());
        if (view.equals("total_average")) {
            FunctionEventAvg total = list.totalAverage();
            assertEquals(c.get("kept").getAsInt(), list.size(), "events left after folding repeated names");
            assertEquals(c.get("self_cpu_time_total").getAsDouble(), list.selfCpuTimeTotal());
            assertEquals(c.get("total_cpu").getAsDouble(), total.cpuTimeTotal());
            assertEquals(c.get("total_self_cpu").getAsDouble(), total.selfCpuTimeTotal());
            assertEquals(c.get("total_count").getAsInt(), total.count());
            assertEquals("Total", total.key());
            return;
        }
        if (view.equals("export_stacks")) {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("stacks");
            java.nio.file.Path file = dir.resolve("stacks.txt");
            list.exportStacks(file, "self_cpu_time_total");
            assertEquals(c.get("table").getAsString(), java.nio.file.Files.readString(file));
            java.nio.file.Files.delete(file);
            java.nio.file.Files.delete(dir);
            return;
        }
        EventList<? extends EventStatistics> shown = switch (view) {
            case "events" -> list;
            case "averages" -> list.keyAverages();
            case "stack1" -> list.keyAverages(false, 1);
            case "stack3" -> list.keyAverages(false, 3);
            default -> list.keyAverages(true);
        };
        TableOptions o = TableOptions.defaults();
        JsonObject kw = c.getAsJsonObject("options");
        for (var e : kw.entrySet()) {
            JsonElement v = e.getValue();
            o = switch (e.getKey()) {
                case "sort_by" -> o.sortBy(v.getAsString());
                case "row_limit" -> o.rowLimit(v.getAsInt());
                case "header" -> o.header(v.getAsString());
                case "top_level_events_only" -> o.topLevelEventsOnly(v.getAsBoolean());
                case "max_name_column_width" -> o.maxNameColumnWidth(v.getAsInt());
                case "max_shapes_column_width" -> o.maxShapesColumnWidth(v.getAsInt());
                case "max_src_column_width" -> o.maxSrcColumnWidth(v.getAsInt());
                default -> throw new IllegalArgumentException(e.getKey());
            };
        }
        assertEquals(c.get("table").getAsString(), shown.table(o));
    }
}
