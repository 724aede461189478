package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Generator;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Autograd;
import dev.torch4j.autograd.OpTableAccess;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every entry of the op table ({@code OpInfos}, the gradient suite's table) on CUDA against the CPU: each sample, in
 * float64 (the table's dtype) and cast to float32, in every layout the gradient suite uses (contiguous, transposed,
 * step-sliced, expanded; the CUDA leaves mirror the CPU leaves' storage, strides and offset). The forward outputs must
 * agree in dtype, shape and values (exact for integer and bool outputs) and lie on cuda:0; then both run backward with
 * the same random upstream gradients and every input's gradient must agree and lie on the input's device. One dynamic
 * test per entry; a failure lists every dtype, sample and layout that failed with the largest difference.
 */
class CudaOpTableParityTest {
    private static final Device GPU = Device.cuda(0);

    /** Entries that do not run on CUDA, with the reason. None: every op of the table has a CUDA path. */
    static final Map<String, String> CPU_ONLY = Map.of();

    /** Entries whose result lies on the CPU by definition (their gradient still returns to the CUDA input). */
    static final Map<String, String> CPU_RESULT = Map.of("to.device", "x.to(Device.CPU, FLOAT64) moves its input to the CPU");

    /**
     * Random entries, compared by shape, dtype and device only: the randomized SVDs draw their Gaussian test matrix on
     * the input's device, from CUDA's generator there (as PyTorch's do), so the factors differ from the CPU's.
     */
    static final Set<String> RANDOM = Set.of("svdLowrank", "pcaLowrank");

    /**
     * Entries whose index output is unspecified where values tie (non-stable sort, topk): there the indices may
     * differ as long as the values output is bitwise equal. Ties only occur in the EXPANDED layout.
     */
    static final Set<String> TIES_UNORDERED = Set.of("sort", "sort.dim descending", "topk", "topk.smallest dim 0", "topk.dim");

    private static final List<DType> DTYPES = List.of(DType.FLOAT64, DType.FLOAT32);

    @TestFactory
    Stream<DynamicTest> everyOpMatchesTheCpu() {
        if (!CudaRuntime.isAvailable()) { // one visibly skipped test (an aborted factory is not counted as skipped)
            return Stream.of(DynamicTest.dynamicTest("no CUDA device",
                    () -> assumeTrue(false, "no CUDA device: " + CudaRuntime.unavailableReason())));
        }
        return OpTableAccess.entries().stream().map(e -> DynamicTest.dynamicTest(e.id(), () -> check(e)));
    }

    /** Runs without a GPU: the lists above name real entries. */
    @Test
    void listsNameRealTableEntries() {
        Set<String> ids = OpTableAccess.entries().stream().map(OpTableAccess.Entry::id).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        for (Set<String> s : List.of(CPU_ONLY.keySet(), CPU_RESULT.keySet(), RANDOM, TIES_UNORDERED)) {
            for (String id : s) if (!ids.contains(id)) unknown.add(id);
        }
        assertTrue(unknown.isEmpty(), "lists name entries the op table does not have: " + unknown);
    }

    private static void check(OpTableAccess.Entry e) {
        assumeTrue(!CPU_ONLY.containsKey(e.id()), () -> "CPU only: " + CPU_ONLY.get(e.id()));
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (DType dt : DTYPES) {
            for (int s = 0; s < e.samples().size(); s++) {
                Tensor[] sample = cast(e.samples().get(s), dt);
                for (String layout : OpTableAccess.layouts()) {
                    if (e.skippedLayouts().contains(layout)) continue;
                    OpTableAccess.Prepared p = OpTableAccess.prepare(sample, layout);
                    if (p == null) continue;
                    String where = e.id() + " [" + dt.pyName() + "] sample " + s + " " + describe(sample) + " " + layout;
                    long seed = 31L * e.id().hashCode() + 1009L * s + layout.hashCode() + dt.ordinal();
                    try {
                        if (compareOne(e, p, where, seed, failures)) ran++;
                    } catch (RuntimeException | AssertionError | StackOverflowError err) {
                        failures.add(where + ": " + describe(err));
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            List<String> shown = failures.size() > 40 ? failures.subList(0, 40) : failures;
            fail(failures.size() + " failure(s) of " + e.id() + " on " + GPU + ":\n" + String.join("\n", shown)
                    + (shown.size() < failures.size() ? "\n... and " + (failures.size() - shown.size()) + " more" : ""));
        }
        assertTrue(ran > 0, e.id() + ": no sample ran (the CPU raised on all of them)");
    }

    /** One sample in one layout; returns false when the CPU itself raises (the gradient suite reports that). */
    private static boolean compareOne(OpTableAccess.Entry e, OpTableAccess.Prepared p, String where, long seed, List<String> failures) {
        Tensor[] cpuLeaves = p.leaves();
        Tensor[] gpuLeaves = new Tensor[cpuLeaves.length];
        for (int i = 0; i < cpuLeaves.length; i++) gpuLeaves[i] = cpuLeaves[i] == null ? null : mirrorOnGpu(cpuLeaves[i]);

        Tensor[] cpuOut;
        try {
            cpuOut = e.fn().apply(p.toOpInputs().apply(cpuLeaves));
        } catch (RuntimeException cpuErr) {
            try {
                e.fn().apply(p.toOpInputs().apply(gpuLeaves));
                failures.add(where + ": the CPU raises " + cpuErr + " but CUDA returns a result");
            } catch (RuntimeException gpuErr) {
                if (gpuErr.getClass() != cpuErr.getClass()) {
                    failures.add(where + ": the CPU raises " + cpuErr + " but CUDA raises " + describe(gpuErr));
                }
            }
            return false;
        }
        Tensor[] gpuOut;
        try {
            gpuOut = e.fn().apply(p.toOpInputs().apply(gpuLeaves));
            Torch.cuda().synchronize();
        } catch (RuntimeException err) {
            failures.add(where + ": forward on CUDA raised " + describe(err));
            return true;
        }
        if (gpuOut.length != cpuOut.length) {
            failures.add(where + ": " + gpuOut.length + " outputs on CUDA, " + cpuOut.length + " on the CPU");
            return true;
        }
        Device outDevice = CPU_RESULT.containsKey(e.id()) ? Device.CPU : GPU;
        boolean valuesOnly = RANDOM.contains(e.id());
        boolean firstOutputEqual = cpuOut.length > 0 && bitwiseEqual(cpuOut[0], gpuOut[0]);
        for (int k = 0; k < cpuOut.length; k++) {
            boolean tiesOk = k > 0 && firstOutputEqual && TIES_UNORDERED.contains(e.id());
            compare(where + " output " + k, cpuOut[k], gpuOut[k], outDevice, valuesOnly, tiesOk, failures);
        }
        if (valuesOnly) return true;

        List<Integer> diffOut = new ArrayList<>();
        for (int k = 0; k < cpuOut.length; k++) {
            if (cpuOut[k] == null || gpuOut[k] == null) continue;
            if (cpuOut[k].requiresGrad() != gpuOut[k].requiresGrad()) {
                failures.add(where + " output " + k + ": requires_grad is " + gpuOut[k].requiresGrad() + " on CUDA, "
                        + cpuOut[k].requiresGrad() + " on the CPU");
                return true;
            }
            if (cpuOut[k].requiresGrad()) diffOut.add(k);
        }
        List<Integer> diffIn = new ArrayList<>();
        for (int i = 0; i < cpuLeaves.length; i++) if (cpuLeaves[i] != null && cpuLeaves[i].requiresGrad()) diffIn.add(i);
        if (diffOut.isEmpty() || diffIn.isEmpty()) return true;

        Generator gen = new Generator().manualSeed(seed);
        Tensor[] cpuSeeds = new Tensor[diffOut.size()], gpuSeeds = new Tensor[diffOut.size()];
        Tensor[] cpuDiffOut = new Tensor[diffOut.size()], gpuDiffOut = new Tensor[diffOut.size()];
        for (int j = 0; j < diffOut.size(); j++) {
            Tensor o = cpuOut[diffOut.get(j)];
            cpuDiffOut[j] = o;
            gpuDiffOut[j] = gpuOut[diffOut.get(j)];
            cpuSeeds[j] = Torch.randn(Size.of(o.shapeArray()), Torch.dtype(o.dtype()), gen);
            gpuSeeds[j] = cpuSeeds[j].to(gpuDiffOut[j].device());
        }
        Tensor[] cpuIn = diffIn.stream().map(i -> cpuLeaves[i]).toArray(Tensor[]::new);
        Tensor[] gpuIn = diffIn.stream().map(i -> gpuLeaves[i]).toArray(Tensor[]::new);
        Tensor[] cpuGrads = Autograd.get().grad(cpuDiffOut, cpuIn, cpuSeeds, false, false, true);
        Tensor[] gpuGrads;
        try {
            gpuGrads = Autograd.get().grad(gpuDiffOut, gpuIn, gpuSeeds, false, false, true);
            Torch.cuda().synchronize();
        } catch (RuntimeException err) {
            failures.add(where + ": backward on CUDA raised " + describe(err));
            return true;
        }
        for (int j = 0; j < gpuIn.length; j++) {
            compare(where + " grad of input " + diffIn.get(j), cpuGrads[j], gpuGrads[j], GPU, false, false, failures);
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------- inputs

    /** The float64 table sample, or its floating tensors cast to {@code dt} (grad flags kept). */
    private static Tensor[] cast(Tensor[] sample, DType dt) {
        if (dt == DType.FLOAT64) return sample;
        Tensor[] r = new Tensor[sample.length];
        for (int i = 0; i < sample.length; i++) {
            Tensor t = sample[i];
            r[i] = t == null || !t.dtype().isFloatingPoint() ? t : t.detach().to(dt).requiresGrad_(t.requiresGrad());
        }
        return r;
    }

    /**
     * The CPU leaf on cuda:0 with the same storage contents, shape, strides and offset (a strided leaf is a view of a
     * copy of its whole CPU storage), requiring grad when it does.
     */
    static Tensor mirrorOnGpu(Tensor cpu) {
        Tensor d = cpu.detach();
        long storageNumel = d.storage().numel();
        Tensor g;
        if (d.isContiguous() && d.storageOffset() == 0 && storageNumel == d.numel()) {
            g = d.to(GPU);
        } else {
            Tensor whole = Tensor.wrap(d.storage(), new long[] {storageNumel}, new long[] {1}, 0).to(GPU);
            g = whole.asStrided(d.shapeArray(), d.stride(), d.storageOffset());
        }
        return cpu.requiresGrad() ? g.requiresGrad_(true) : g;
    }

    // ------------------------------------------------------------------------------------------- comparison

    /** Absolute and relative tolerance per dtype (the absolute one scales with the largest reference magnitude). */
    static double tolerance(DType dt) {
        return switch (dt) {
            case FLOAT64 -> 1e-10;
            case FLOAT32 -> 1e-5;
            case FLOAT16 -> 2e-3;
            case BFLOAT16 -> 1.6e-2;
            default -> 0;
        };
    }

    private static boolean bitwiseEqual(Tensor a, Tensor b) {
        if (a == null || b == null || a.dtype() != b.dtype() || !Arrays.equals(a.shapeArray(), b.shapeArray())) return false;
        if (!a.dtype().isFloatingPoint()) return Arrays.equals(a.detach().toLongArray(), b.detach().cpu().toLongArray());
        double[] x = a.detach().toDoubleArray(), y = b.detach().cpu().toDoubleArray();
        for (int i = 0; i < x.length; i++) if (Double.doubleToLongBits(x[i]) != Double.doubleToLongBits(y[i])) return false;
        return true;
    }

    /**
     * Compares a CUDA result with the CPU's: device, dtype, shape, then values (exact for integer and bool dtypes,
     * within {@link #tolerance} for floating ones). Adds one line per problem to {@code failures}.
     */
    static void compare(String what, Tensor ref, Tensor got, Device expectDevice, boolean metaOnly, boolean tiesOk,
                        List<String> failures) {
        if (ref == null || got == null) {
            if (ref != got) failures.add(what + ": " + (ref == null ? "null" : "a tensor") + " on the CPU but "
                    + (got == null ? "null" : "a tensor") + " on CUDA");
            return;
        }
        if (!got.device().equals(expectDevice)) failures.add(what + ": on " + got.device() + ", expected " + expectDevice);
        if (got.dtype() != ref.dtype()) {
            failures.add(what + ": dtype " + got.dtype() + " on CUDA, " + ref.dtype() + " on the CPU");
            return;
        }
        if (!Arrays.equals(got.shapeArray(), ref.shapeArray())) {
            failures.add(what + ": shape " + Arrays.toString(got.shapeArray()) + " on CUDA, " + Arrays.toString(ref.shapeArray())
                    + " on the CPU");
            return;
        }
        if (metaOnly) return;
        Tensor g = got.detach().cpu(), r = ref.detach();
        if (!ref.dtype().isFloatingPoint()) {
            long[] a = r.toLongArray(), b = g.toLongArray();
            int bad = 0, first = -1;
            for (int i = 0; i < a.length; i++) if (a[i] != b[i]) { bad++; if (first < 0) first = i; }
            if (bad > 0 && !tiesOk) {
                failures.add(what + ": " + bad + " of " + a.length + " " + ref.dtype().pyName() + " elements differ (exact "
                        + "match required); first at flat index " + first + ": cpu " + a[first] + ", cuda " + b[first]);
            }
            return;
        }
        double[] a = r.toDoubleArray(), b = g.toDoubleArray();
        double tol = tolerance(ref.dtype()), maxRef = 0;
        for (double v : a) if (Double.isFinite(v)) maxRef = Math.max(maxRef, Math.abs(v));
        double atol = tol * Math.max(1, maxRef);
        int bad = 0, worst = -1;
        double worstDiff = -1;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i] || (Double.isNaN(a[i]) && Double.isNaN(b[i]))) continue;
            double diff = Math.abs(a[i] - b[i]);
            if (Double.isNaN(diff)) diff = Double.POSITIVE_INFINITY;
            if (diff > atol + tol * Math.abs(a[i])) {
                bad++;
                if (diff > worstDiff) { worstDiff = diff; worst = i; }
            }
        }
        if (bad > 0) {
            failures.add(String.format("%s: %d of %d elements off; max abs diff %.3e at flat index %d (cpu %s, cuda %s); "
                    + "tolerance %.1e + %.1e * |cpu|", what, bad, a.length, worstDiff, worst, a[worst], b[worst], atol, tol));
        }
    }

    static String describe(Tensor[] sample) {
        return Arrays.stream(sample).map(t -> t == null ? "null" : t.dtype().pyName() + Arrays.toString(t.shapeArray()))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** The error with the top of its stack, so one run on the GPU is enough to locate it. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t));
        if (sb.length() > 1500) sb.setLength(1500);
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(6, st.length); i++) sb.append("\n        at ").append(st[i]);
        if (t.getCause() != null) sb.append("\n    caused by ").append(t.getCause());
        return sb.toString();
    }
}
