package dev.torch4j.profiler;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The collector's microsecond times keep nested ranges nested whatever their sub-microsecond positions. */
class CollectorTest {
    @Test
    void aRangeInsideAnotherStaysInsideAfterTruncation() {
        long[] now = {0};
        Collector c = new Collector(false, false, false, false, () -> now[0]);
        now[0] = 10_900;
        var parent = c.open("parent", null);
        now[0] = 11_000;
        var child = c.open("child", null);
        now[0] = 11_200;
        child.close();
        now[0] = 11_300;
        parent.close();
        List<FunctionEvent> events = c.events();
        FunctionEvent p = events.get(0), k = events.get(1);
        assertEquals(List.of(10L, 11L), List.of(p.startUs(), p.endUs()), "the parent's ends, each truncated");
        assertEquals(List.of(11L, 11L), List.of(k.startUs(), k.endUs()), "the child's");
    }
}
