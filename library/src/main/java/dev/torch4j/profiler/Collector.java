package dev.torch4j.profiler;

import dev.torch4j.core.Profiling;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/** The recorder a running profile installs: ranges on every thread, timed with {@link System#nanoTime}. */
final class Collector implements Profiling.Recorder {
    private final long t0Ns;
    private final java.util.function.LongSupplier clock;
    private final boolean recordShapes, deviceTime, withStack, withFlops;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentLinkedQueue<Open> closed = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<ArrayDeque<Open>> stacks = ThreadLocal.withInitial(ArrayDeque::new);

    Collector(boolean recordShapes, boolean deviceTime, boolean withStack, boolean withFlops) {
        this(recordShapes, deviceTime, withStack, withFlops, System::nanoTime);
    }

    /** With another clock than {@link System#nanoTime} (tests). */
    Collector(boolean recordShapes, boolean deviceTime, boolean withStack, boolean withFlops, java.util.function.LongSupplier clock) {
        this.withFlops = withFlops;
        this.recordShapes = recordShapes;
        this.deviceTime = deviceTime;
        this.withStack = withStack;
        this.clock = clock;
        this.t0Ns = clock.getAsLong();
    }

    @Override public boolean recordShapes() { return recordShapes; }

    @Override public boolean deviceTime() { return deviceTime; }

    @Override public boolean withFlops() { return withFlops; }

    @Override
    public Profiling.Range open(String name, long[][] inputShapes) {
        Open o = new Open(ids.getAndIncrement(), name, Thread.currentThread().threadId(), inputShapes, stacks.get(),
                withStack ? CallerFrames.capture() : List.of());
        o.stack.push(o);
        o.startNs = clock.getAsLong();
        return o;
    }

    @Override
    public void allocated(long bytes, boolean onDevice) {
        for (Open o : stacks.get()) {
            if (onDevice) o.deviceBytes += bytes;
            else o.cpuBytes += bytes;
        }
    }

    /** The closed ranges as events (device times read now, after their events complete). */
    List<FunctionEvent> events() {
        List<Open> all = new ArrayList<>(closed);
        all.sort((a, b) -> Long.compare(a.id, b.id));
        List<FunctionEvent> out = new ArrayList<>(all.size());
        for (Open o : all) {
            // both ends truncated to microseconds on the same clock, so a range nested in another stays nested (a start
            // plus a truncated duration could end before a child that starts in the next microsecond)
            long start = (o.startNs - t0Ns) / 1000, end = (o.endNs - t0Ns) / 1000;
            for (DoubleSupplier d : o.deviceTimes) o.deviceMicros += d.getAsDouble();
            o.deviceTimes.clear(); // each is read once: reading it releases its CUDA events
            out.add(new FunctionEvent(o.id, o.name, o.thread, start, end, o.shapes, o.deviceMicros, o.cpuBytes, o.deviceBytes,
                    o.frames).flops(o.flops));
        }
        return out;
    }

    /** One range, open until closed on its thread. */
    private final class Open implements Profiling.Range {
        final long id, thread;
        final String name;
        final long[][] shapes;
        final ArrayDeque<Open> stack;
        final List<String> frames;
        final List<DoubleSupplier> deviceTimes = new ArrayList<>(1);
        long startNs, endNs, cpuBytes, deviceBytes, flops;
        double deviceMicros;
        boolean done;

        Open(long id, String name, long thread, long[][] shapes, ArrayDeque<Open> stack, List<String> frames) {
            this.frames = frames;
            this.id = id;
            this.name = name;
            this.thread = thread;
            this.shapes = shapes;
            this.stack = stack;
        }

        @Override
        public void close() {
            if (done) return;
            endNs = clock.getAsLong();
            done = true;
            stack.remove(this); // usually the top; a range closed out of order is removed where it is
            closed.add(this);
        }

        @Override public void deviceTime(DoubleSupplier micros) { deviceTimes.add(micros); }

        @Override public void flops(long count) { flops = count; }
    }
}
