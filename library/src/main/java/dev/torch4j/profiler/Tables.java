package dev.torch4j.profiler;

import java.util.ArrayList;
import java.util.List;

/** PyTorch's profiler table ({@code profiler_util._build_table}), column for column and character for character. */
final class Tables {
    private Tables() {}

    private static final int DEFAULT_COLUMN_WIDTH = 12, SPACING = 2;

    /** Python's {@code '{:.Nf}'.format(x)} (the printer's: the exact binary value rounded half to even). */
    static String fixed(double x, int digits) { return dev.torch4j.format.PyFormat.fixed(x, digits); }

    /** {@code _format_time}: microseconds as s, ms or us with three decimals. */
    static String formatTime(double us) {
        if (us >= 1_000_000.0) return fixed(us / 1_000_000.0, 3) + "s";
        if (us >= 1000.0) return fixed(us / 1000.0, 3) + "ms";
        return fixed(us, 3) + "us";
    }

    /** {@code _format_time_share}: a percentage with two decimals; NaN of a zero total. */
    static String formatShare(double us, double totalUs) {
        if (totalUs == 0) return "NaN";
        return fixed(us * 100.0 / totalUs, 2) + "%";
    }

    /** {@code _format_memory}: bytes as Gb, Mb, Kb (two decimals) or b. */
    static String formatMemory(long bytes) {
        double kb = 1024, mb = 1024 * kb, gb = 1024 * mb;
        long a = Math.abs(bytes);
        if (a >= gb) return fixed(bytes * 1.0 / gb, 2) + " Gb";
        if (a >= mb) return fixed(bytes * 1.0 / mb, 2) + " Mb";
        if (a >= kb) return fixed(bytes * 1.0 / kb, 2) + " Kb";
        return bytes + " b";
    }

    /** The table of {@code events} (already sorted as wanted, or sorted here by {@code sortBy}). */
    static String build(List<? extends EventStatistics> in, TableOptions o, boolean profileMemory, boolean withFlops) {
        if (in.isEmpty()) return "";
        List<? extends EventStatistics> events = in;
        if (o.sortBy() != null) {
            List<EventStatistics> sorted = new ArrayList<>(in);
            String k = o.sortBy();
            sorted.sort((a, b) -> Double.compare(b.statistic(k), a.statistic(k)));
            events = sorted;
        }
        boolean hasCudaTime = false, hasCudaMem = false, hasShapes = false, hasStack = false;
        int nameWidth = 0, shapesWidth = 0, srcWidth = 0;
        for (EventStatistics e : events) {
            hasCudaTime |= e.selfCudaTimeTotal() > 0;
            hasCudaMem |= e.selfCudaMemoryUsage() > 0;
            long[][] sh = e.inputShapeArrays();
            hasShapes |= sh != null && sh.length > 0;
            nameWidth = Math.max(nameWidth, e.key().length());
            shapesWidth = Math.max(shapesWidth, e.inputShapes().length());
            if (!e.stack().isEmpty()) {
                hasStack = true;
                for (String f : e.stack()) srcWidth = Math.max(srcWidth, f.length());
            }
        }
        srcWidth = Math.min(srcWidth + 4, o.maxSrcColumnWidth());
        nameWidth = Math.min(nameWidth + 4, o.maxNameColumnWidth());
        shapesWidth = Math.min(shapesWidth + 4, o.maxShapesColumnWidth());

        List<String> headers = new ArrayList<>(List.of("Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg"));
        if (hasCudaTime) headers.addAll(List.of("Self CUDA", "Self CUDA %", "CUDA total", "CUDA time avg"));
        if (profileMemory) {
            headers.addAll(List.of("CPU Mem", "Self CPU Mem"));
            if (hasCudaMem) headers.addAll(List.of("CUDA Mem", "Self CUDA Mem"));
        }
        headers.add("# of Calls");
        List<Integer> widths = new ArrayList<>();
        widths.add(nameWidth);
        for (int i = 1; i < headers.size(); i++) widths.add(DEFAULT_COLUMN_WIDTH);
        if (hasShapes) {
            headers.add("Input Shapes");
            widths.add(shapesWidth);
        }
        if (hasStack) {
            headers.add("Source Location");
            widths.add(srcWidth);
        }
        int srcColumn = hasStack ? headers.size() - 1 : -1;
        // "Total FLOPs", scaled by the smallest positive count, comes last; PyTorch then puts each row's flops value
        // before its source location, under the other's header and alignment (kept: the tables are PyTorch's)
        double flopsScale = 1;
        long minFlops = Long.MAX_VALUE;
        for (EventStatistics e : events) if (e.flops() > 0) minFlops = Math.min(minFlops, e.flops());
        withFlops &= minFlops != Long.MAX_VALUE;
        if (withFlops) {
            String[] units = {"FLOPs", "KFLOPs", "MFLOPs", "GFLOPs", "TFLOPs", "PFLOPs"};
            double log = Math.max(0, Math.min(Math.log10(minFlops) / 3, units.length - 1));
            flopsScale = StrictMath.pow(10, Math.floor(log) * -3.0);
            headers.add("Total " + units[(int) log]);
            widths.add(DEFAULT_COLUMN_WIDTH);
        }
        int lineLength = -SPACING;
        StringBuilder sep = new StringBuilder();
        for (int w : widths) {
            sep.append("-".repeat(w)).append("  ");
            lineLength += w + SPACING;
        }

        double sumSelfCpu = 0, sumSelfCuda = 0;
        for (EventStatistics e : events) {
            sumSelfCpu += e.selfCpuTimeTotal();
            sumSelfCuda += e.selfCudaTimeTotal();
        }
        StringBuilder out = new StringBuilder();
        if (o.header() != null) {
            line(out, "=".repeat(lineLength));
            line(out, o.header());
        }
        if (o.topLevelEventsOnly()) {
            line(out, "=".repeat(lineLength));
            line(out, "This report only display top-level ops statistics");
        }
        line(out, sep.toString());
        line(out, row(headers, widths, srcColumn));
        line(out, sep.toString());
        int shown = 0;
        for (EventStatistics e : events) {
            if (shown == o.rowLimit()) break;
            if (o.topLevelEventsOnly() && e.cpuParent() != null) continue;
            shown++;
            String name = e.key();
            int max = o.maxNameColumnWidth();
            if (name.length() >= max - 3) name = name.substring(0, max - 3) + "...";
            List<String> v = new ArrayList<>(List.of(name, formatShare(e.selfCpuTimeTotal(), sumSelfCpu),
                    formatTime(e.selfCpuTimeTotal()), formatShare(e.cpuTimeTotal(), sumSelfCpu), formatTime(e.cpuTimeTotal()),
                    formatTime(e.cpuTime())));
            if (hasCudaTime) {
                v.addAll(List.of(formatTime(e.selfCudaTimeTotal()), formatShare(e.selfCudaTimeTotal(), sumSelfCuda),
                        formatTime(e.cudaTimeTotal()), formatTime(e.cudaTime())));
            }
            if (profileMemory) {
                v.add(formatMemory(e.cpuMemoryUsage()));
                v.add(formatMemory(e.selfCpuMemoryUsage()));
                if (hasCudaMem) {
                    v.add(formatMemory(e.cudaMemoryUsage()));
                    v.add(formatMemory(e.selfCudaMemoryUsage()));
                }
            }
            v.add(Integer.toString(e.count()));
            if (hasShapes) {
                String s = e.inputShapes();
                v.add(s.substring(0, Math.min(s.length(), shapesWidth)));
            }
            if (withFlops) {
                String f = e.flops() <= 0 ? "--" : fixed(e.flops() * flopsScale, 3);
                v.add(e.flops() <= 0 || f.length() >= 8 ? f : " ".repeat(8 - f.length()) + f);   // '{0:8.3f}'
            }
            if (hasStack) v.add(e.stack().isEmpty() ? "" : trimPath(e.stack().getFirst(), srcWidth));
            line(out, row(v, widths, srcColumn));
            if (hasStack) {
                // the further frames go in the last column (the source location's, unless flops come after it)
                int last = headers.size() - 1;
                List<String> blank = new ArrayList<>();
                for (int i = 0; i < headers.size(); i++) blank.add("");
                for (String f : e.stack().subList(Math.min(1, e.stack().size()), Math.min(MAX_STACK_ENTRY, e.stack().size()))) {
                    blank.set(last, trimPath(f, srcWidth));
                    line(out, row(blank, widths, srcColumn));
                }
                blank.set(last, "");
                line(out, row(blank, widths, srcColumn));
            }
        }
        line(out, sep.toString());
        line(out, "Self CPU time total: " + formatTime(sumSelfCpu));
        if (hasCudaTime) line(out, "Self CUDA time total: " + formatTime(sumSelfCuda));
        return out.toString();
    }

    private static final int MAX_STACK_ENTRY = 5;

    /** One row: right-aligned columns, the source column (if any) left-aligned, two spaces after each. */
    private static String row(List<String> values, List<Integer> widths, int leftColumn) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String s = values.get(i);
            String pad = s.length() < widths.get(i) ? " ".repeat(widths.get(i) - s.length()) : "";
            sb.append(i == leftColumn ? s + pad : pad + s).append("  ");
        }
        return sb.toString();
    }

    /** {@code trim_path}: keeps the end of a long frame, marking the cut with "...". */
    private static String trimPath(String path, int width) {
        if (path.length() > width) {
            path = path.substring(path.length() - width);
            if (path.length() > 3) path = "..." + path.substring(3);
        }
        return path;
    }

    private static void line(StringBuilder out, String s) { out.append(s).append('\n'); }
}
