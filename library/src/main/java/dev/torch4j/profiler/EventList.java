package dev.torch4j.profiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of events or of their averages ({@code torch.autograd.profiler_util.EventList}), printed as PyTorch's
 * table: {@code prof.keyAverages().table(TableOptions.defaults().sortBy("cpu_time_total").rowLimit(10))}.
 *
 * @param <E> {@link FunctionEvent} for a profile's events, {@link FunctionEventAvg} for their averages
 */
public final class EventList<E extends EventStatistics> extends AbstractList<E> {
    private final List<E> events;
    private final boolean profileMemory, withFlops;

    private EventList(List<E> events, boolean profileMemory, boolean withFlops) {
        this.events = List.copyOf(events);
        this.profileMemory = profileMemory;
        this.withFlops = withFlops;
    }

    /**
     * The events of a profile, ordered by start (then longest first), with each one's parent and children found from
     * the intervals on its thread, and a child that only repeats its parent's name folded into it, as PyTorch does.
     *
     * @param profileMemory whether the table shows the memory columns
     */
    public static EventList<FunctionEvent> of(List<FunctionEvent> events, boolean profileMemory) {
        return of(events, profileMemory, false);
    }

    /** {@link #of(List, boolean)}, with a "Total FLOPs" column in the tables when {@code withFlops} (and some event has flops). */
    public static EventList<FunctionEvent> of(List<FunctionEvent> events, boolean profileMemory, boolean withFlops) {
        List<FunctionEvent> list = new ArrayList<>(events);
        list.sort(Comparator.comparingLong(FunctionEvent::startUs).thenComparing(Comparator.comparingLong(FunctionEvent::endUs).reversed()));
        for (FunctionEvent e : list) {
            e.cpuParent = null;
            e.cpuChildren = new ArrayList<>();
        }
        populateChildren(list);
        return new EventList<>(removeDuplicates(list), profileMemory, withFlops);
    }

    private static void populateChildren(List<FunctionEvent> sorted) {
        Map<Long, List<FunctionEvent>> byThread = new LinkedHashMap<>();
        for (FunctionEvent e : sorted) byThread.computeIfAbsent(e.thread(), t -> new ArrayList<>()).add(e);
        for (List<FunctionEvent> thread : byThread.values()) {
            List<FunctionEvent> open = new ArrayList<>();
            for (FunctionEvent e : thread) {
                while (!open.isEmpty()) {
                    FunctionEvent parent = open.getLast();
                    if (e.startUs() >= parent.endUs() || e.endUs() > parent.endUs()) {
                        open.removeLast();
                    } else {
                        parent.cpuChildren.add(e);
                        e.cpuParent = parent;
                        break;
                    }
                }
                open.add(e);
            }
        }
    }

    /** PyTorch's {@code _remove_dup_nodes}: an only child named as its parent is folded into the parent. */
    private static List<FunctionEvent> removeDuplicates(List<FunctionEvent> list) {
        while (true) {
            List<FunctionEvent> kept = new ArrayList<>(list.size());
            boolean removed = false;
            for (FunctionEvent e : list) {
                FunctionEvent p = e.cpuParent;
                if (p != null && p.name().equals(e.name()) && p.cpuChildren.size() == 1) {
                    p.cpuChildren = e.cpuChildren;
                    for (FunctionEvent c : e.cpuChildren) c.cpuParent = p;
                    removed = true;
                } else {
                    kept.add(e);
                }
            }
            if (!removed) return kept;
            list = kept;
        }
    }

    @Override public E get(int i) { return events.get(i); }

    @Override public int size() { return events.size(); }

    /** The events grouped by name, summed ({@code key_averages()}), in the order each name first appears. */
    public EventList<FunctionEventAvg> keyAverages() { return keyAverages(false); }

    /** {@code key_averages(group_by_input_shape)}: with true, events of one name but other shapes stay apart. */
    public EventList<FunctionEventAvg> keyAverages(boolean groupByInputShape) { return keyAverages(groupByInputShape, 0); }

    /**
     * {@code key_averages(group_by_input_shape, group_by_stack_n)}: with {@code groupByStackN > 0}, events also stay
     * apart by their innermost {@code groupByStackN} frames, which the table then shows as "Source Location".
     */
    public EventList<FunctionEventAvg> keyAverages(boolean groupByInputShape, int groupByStackN) {
        Map<List<String>, FunctionEventAvg> stats = new LinkedHashMap<>();
        for (E e : events) {
            List<String> k = new ArrayList<>();
            k.add(e.key());
            if (groupByInputShape) k.add(e.inputShapes());
            if (groupByStackN > 0) k.addAll(e.stack().subList(0, Math.min(groupByStackN, e.stack().size())));
            stats.computeIfAbsent(k, x -> new FunctionEventAvg()).add(e);
        }
        List<FunctionEventAvg> avg = new ArrayList<>(stats.values());
        for (FunctionEventAvg a : avg) {
            a.keepStack(groupByStackN);
            if (!groupByInputShape) a.clearInputShapes();
        }
        return new EventList<>(avg, profileMemory, withFlops);
    }

    /** Every event summed into one, keyed "Total" ({@code total_average()}). */
    public FunctionEventAvg totalAverage() {
        FunctionEventAvg total = new FunctionEventAvg();
        for (E e : events) {
            FunctionEventAvg one = new FunctionEventAvg().add(e);
            one.setKey("Total");
            total.add(one);
        }
        total.setKey("Total");
        return total;
    }

    /** The sum of every event's self CPU time, microseconds ({@code self_cpu_time_total}). */
    public double selfCpuTimeTotal() {
        double t = 0;
        for (E e : events) t += e.selfCpuTimeTotal();
        return t;
    }

    /**
     * {@code export_stacks(path, metric)}: one line per event with a stack and a positive {@code metric}
     * ({@code "self_cpu_time_total"} or {@code "self_cuda_time_total"}), its frames outermost first joined by ";", then
     * the metric in whole microseconds: the input of flame-graph tools.
     */
    public void exportStacks(Path path, String metric) {
        if (!metric.equals("self_cpu_time_total") && !metric.equals("self_cuda_time_total")) {
            throw new IllegalArgumentException("metric should be one of: ['self_cpu_time_total', 'self_cuda_time_total']");
        }
        StringBuilder sb = new StringBuilder();
        for (E e : events) {
            double v = e.statistic(metric);
            if (e.stack().isEmpty() || (long) v <= 0) continue;
            for (int i = e.stack().size() - 1; i >= 0; i--) {
                sb.append(e.stack().get(i).replace(' ', '_').replace(';', '_').replace('\t', '_').replace('\n', '_')).append(';');
            }
            sb.setLength(sb.length() - 1);
            sb.append(' ').append((long) v).append('\n');
        }
        write(path, sb.toString());
    }

    /** The table with PyTorch's defaults ({@code table()}). */
    public String table() { return table(TableOptions.defaults()); }

    /** {@code table(sort_by=..., row_limit=...)}. */
    public String table(String sortBy, int rowLimit) { return table(TableOptions.defaults().sortBy(sortBy).rowLimit(rowLimit)); }

    /** The table with the given options. */
    public String table(TableOptions options) { return Tables.build(events, options, profileMemory, withFlops); }

    /** The table, as Python's {@code str(event_list)}. */
    @Override public String toString() { return table(); }

    /**
     * Writes the events as a Chrome trace ({@code chrome://tracing}, Perfetto): complete events with their start and
     * duration in microseconds, thread, and recorded input shapes. Written to a temporary name and moved into place.
     */
    public void exportChromeTrace(Path path) {
        StringBuilder sb = new StringBuilder("{\"traceEvents\": [");
        boolean first = true;
        for (E e : events) {
            if (!(e instanceof FunctionEvent f)) continue;
            if (!first) sb.append(", ");
            first = false;
            sb.append("{\"name\": ").append(json(f.name())).append(", \"ph\": \"X\", \"cat\": \"cpu_op\", \"ts\": ")
                    .append(f.startUs()).append(", \"dur\": ").append(f.endUs() - f.startUs()).append(", \"tid\": ")
                    .append(f.thread()).append(", \"pid\": \"CPU functions\", \"args\": {");
            String sep = "";
            if (f.inputShapeArrays() != null) {
                sb.append("\"Input Dims\": ").append(f.inputShapes());
                sep = ", ";
            }
            if (f.selfCudaTimeTotal() > 0) sb.append(sep).append("\"device_duration_us\": ").append(f.selfCudaTimeTotal());
            sb.append("}}");
        }
        sb.append("]}\n");
        write(path, sb.toString());
    }

    static void write(Path path, String text) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("export_chrome_trace: cannot write " + path + ": " + ex.getMessage(), ex);
        }
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
