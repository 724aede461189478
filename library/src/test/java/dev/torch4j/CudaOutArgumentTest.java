package dev.torch4j;

import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OutArgumentTest}'s device cases: they need a GPU (skipped without one; scripts/gpu/run.sh runs them). */
class CudaOutArgumentTest {

    private static void fails(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable body, String... fragments) {
        Throwable e = assertThrows(type, body);
        String m = String.valueOf(e.getMessage());
        for (String f : fragments) assertTrue(m.contains(f), () -> "message should contain \"" + f + "\" but was: " + m);
    }

    @Test
    void outOnAnotherDeviceIsRefused() {
        org.junit.jupiter.api.Assumptions.assumeTrue(cuda().isAvailable(), "no CUDA device");
        fails(IllegalArgumentException.class, () -> add(ones(3), ones(3), out(empty(3).cuda())),
                "add: Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!");
        fails(IllegalArgumentException.class, () -> mm(ones(3, 3), ones(3, 3), out(empty(3, 3).cuda())),
                "mm: Expected out tensor to have device cpu, but got cuda:0 instead");
        Tensor a = randn(4, 4).cuda(), b = randn(4, 4).cuda();
        assertEqualOnCpu(a.mul(b).cpu(), mul(a, b, out(empty(4, 4).cuda())).cpu(), "mul on cuda");
        assertEqualOnCpu(a.mm(b).cpu(), mm(a, b, out(empty(4, 4).cuda())).cpu(), "mm on cuda");
        assertEqualOnCpu(a.exp().cpu(), exp(a, out(empty(4, 4).cuda())).cpu(), "exp on cuda");
        // strided outs and an out inside a larger buffer, as on the CPU
        Tensor t = zeros(4, 4).cuda().t();
        assertEqualOnCpu(a.add(b).cpu(), add(a, b, out(t)).cpu(), "add into a transposed out");
        assertEqualOnCpu(a.mm(b).cpu(), mm(a, b, out(zeros(4, 4).cuda().t())).cpu(), "mm into a transposed out");
        Tensor buf = full(new long[] {18}, -1.0).cuda();
        mm(a, b, out(buf.narrow(0, 1, 16).view(4, 4)));
        Tensor host = buf.cpu();
        assertEqualOnCpu(a.mm(b).cpu().reshape(16), host.narrow(0, 1, 16), "mm into a view with an offset");
        assertTrue(host.get(0).item() == -1.0 && host.get(17).item() == -1.0, "elements around the view stay");
    }

    private static void assertEqualOnCpu(Tensor expected, Tensor actual, String what) {
        assertTrue(expected.equal(actual), () -> what + ": expected " + expected + " but got " + actual);
    }
}
