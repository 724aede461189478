package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The generic gradient suite (DESIGN §12): every entry of {@link OpInfos} passes gradcheck and gradgradcheck on
 * every sample, laid out contiguously, transposed, step-sliced and expanded. Each op is its own test; a failure
 * lists every sample and layout that failed, and says when an op records no derivative at all.
 */
class OpTableGradTest {
    static Stream<OpInfo> ops() { return OpInfos.ALL.stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void gradcheck(OpInfo op) { check(op, false); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void gradgradcheck(OpInfo op) {
        assumeTrue(op.noGradGrad == null, () -> "no double backward: " + op.noGradGrad);
        check(op, true);
    }

    private static void check(OpInfo op, boolean second) {
        assertTrue(!op.samples.isEmpty(), op + " has no sample inputs");
        List<String> failures = new ArrayList<>();
        for (int s = 0; s < op.samples.size(); s++) {
            Tensor[] sample = op.samples.get(s);
            for (OpInfo.Layout layout : OpInfo.Layout.values()) {
                if (op.skipped.containsKey(layout) || second && op.gradGradSkipped.containsKey(layout)) continue;
                OpInfo.Prepared p = OpInfo.prepare(sample, layout);
                if (p == null) continue;
                Function<Tensor[], Tensor[]> f = leaves -> op.fn.apply(p.toOpInputs().apply(leaves));
                String where = op + " sample " + s + " " + describe(sample) + " " + layout;
                try {
                    Tensor[] out = f.apply(p.leaves());
                    if (Arrays.stream(out).noneMatch(o -> o != null && o.requiresGrad())) {
                        failures.add(where + ": derivative missing (no output requires grad: no grad_fn was recorded)");
                        continue;
                    }
                    if (second) GradCheck.gradgradcheckMulti(f, null, op.eps, op.atol, op.rtol, p.leaves());
                    else GradCheck.gradcheckMulti(f, op.eps, op.atol, op.rtol, p.leaves());
                } catch (RuntimeException | AssertionError | StackOverflowError e) {
                    String msg = String.valueOf(e);
                    failures.add(where + ": " + (msg.length() > 1500 ? msg.substring(0, 1500) + "..." : msg));
                }
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " failure(s):\n" + String.join("\n", failures));
    }

    private static String describe(Tensor[] sample) {
        return Arrays.stream(sample).map(t -> t == null ? "null" : t.dtype().pyName() + t.shape().toString()
                .replace("torch.Size(", "").replace(")", "")).collect(Collectors.joining(", ", "(", ")"));
    }

    // ------------------------------------------------------------------------------------------- completeness

    /** Public ops: Tensor's instance methods and Torch's static methods that return tensors. */
    static Set<String> publicOps() {
        Set<String> names = new TreeSet<>();
        for (Method m : Tensor.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && returnsTensors(m)) names.add(m.getName());
        }
        for (Method m : Torch.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && returnsTensors(m)) names.add(m.getName());
        }
        return names;
    }

    private static boolean returnsTensors(Method m) {
        Class<?> r = m.getReturnType();
        return r == Tensor.class || r == Tensor[].class || r == ValuesIndices.class;
    }

    @Test
    void everyPublicOpIsInTheTableOrListed() {
        Set<String> covered = new TreeSet<>();
        OpInfos.ALL.forEach(o -> covered.add(o.name));
        covered.addAll(OpInfos.NOT_DIFFERENTIABLE.keySet());
        covered.addAll(OpInfos.ALIAS.keySet());
        Set<String> missing = new TreeSet<>(publicOps());
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), "public ops with neither OpInfos samples nor a place on OpInfos.NOT_DIFFERENTIABLE/ALIAS: "
                + missing);
    }

    @Test
    void tableAndListsNameRealOpsOnce() {
        Set<String> ops = publicOps();
        List<String> problems = new ArrayList<>();
        Set<String> tableNames = new TreeSet<>();
        OpInfos.ALL.forEach(o -> tableNames.add(o.name));
        for (String n : tableNames) if (!ops.contains(n)) problems.add("OpInfos entry for unknown op " + n);
        for (String n : OpInfos.NOT_DIFFERENTIABLE.keySet()) {
            if (!ops.contains(n)) problems.add("NOT_DIFFERENTIABLE lists unknown op " + n);
            if (tableNames.contains(n) || OpInfos.ALIAS.containsKey(n)) problems.add(n + " is listed twice");
        }
        for (String n : OpInfos.ALIAS.keySet()) {
            if (!ops.contains(n)) problems.add("ALIAS lists unknown op " + n);
            if (tableNames.contains(n)) problems.add(n + " is both an alias and in the table");
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyEntryHasSamples() {
        List<String> empty = OpInfos.ALL.stream().filter(o -> o.samples.isEmpty()).map(OpInfo::toString).toList();
        assertTrue(empty.isEmpty(), "OpInfos entries without sample inputs: " + empty);
    }
}
