package dev.torch4j.onnx;

import static dev.torch4j.onnx.OnnxOps.one;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Control flow ({@code If}, {@code Loop}, {@code Scan}) and the sequence operators of scripted loops' lists. */
final class ControlOps {
    private ControlOps() {}

    static void register(Map<String, OnnxOps.Op> t) {
        t.put("If", c -> c.subgraph(c.required(0).itemBool() ? "then_branch" : "else_branch"));
        t.put("Loop", ControlOps::loop);
        t.put("Scan", ControlOps::scan);
        t.put("SequenceEmpty", c -> new Object[] {List.of()});
        t.put("SequenceConstruct", c -> new Object[] {List.of(c.in)});
        t.put("SequenceLength", c -> one(Torch.full(new long[0], c.sequence(0).size(), ShapeOps.options(c, DType.INT64))));
        t.put("SequenceAt", c -> {
            List<Tensor> s = c.sequence(0);
            return one(s.get(position(c, s.size(), c.required(1).itemLong(), false)));
        });
        t.put("SequenceInsert", c -> {
            List<Tensor> s = new ArrayList<>(c.sequence(0));
            Tensor at = c.input(2);
            s.add(at == null ? s.size() : position(c, s.size(), at.itemLong(), true), c.required(1));
            return new Object[] {List.copyOf(s)};
        });
        t.put("SequenceErase", c -> {
            List<Tensor> s = new ArrayList<>(c.sequence(0));
            Tensor at = c.input(1);
            s.remove(at == null ? s.size() - 1 : position(c, s.size(), at.itemLong(), false));
            return new Object[] {List.copyOf(s)};
        });
        t.put("ConcatFromSequence", c -> {
            List<Tensor> s = c.sequence(0);
            if (s.isEmpty()) throw c.error("the sequence is empty");
            long axis = c.i("axis", 0);
            return one(c.i("new_axis", 0) == 1 ? Torch.stack(s, axis) : Torch.cat(s, axis));
        });
        t.put("SplitToSequence", ControlOps::splitToSequence);
    }

    /** A sequence position (negative from the end); an insertion may also be at the end. */
    private static int position(OpCall c, int size, long p, boolean insert) {
        long q = p < 0 ? p + size : p;
        if (q < 0 || q > size || (q == size && !insert)) throw c.error("position " + p + " is outside a sequence of " + size);
        return (int) q;
    }

    /**
     * {@code Loop}: runs the body while the trip count (input 0, optional) is not reached and the condition (input 1,
     * optional; then the body's first output) holds. The body takes (iteration, condition, carried values...) and
     * gives (condition, carried values..., scan outputs...); the node gives the last carried values, then each scan
     * output's iterations stacked on a new first axis.
     */
    private static Object[] loop(OpCall c) {
        Tensor m = c.input(0), cond = c.input(1);
        long trips = m == null ? Long.MAX_VALUE : m.itemLong();
        boolean go = cond == null || cond.itemBool();
        int carried = c.values.length - 2;
        Object[] state = Arrays.copyOfRange(c.values, 2, c.values.length);
        int scans = c.outputs() - carried;
        List<List<Tensor>> scanned = new ArrayList<>();
        for (int k = 0; k < scans; k++) scanned.add(new ArrayList<>());
        Tensor condIn = Torch.full(new long[0], go).to(c.device);
        for (long i = 0; i < trips && go; i++) {
            Object[] body = new Object[carried + 2];
            body[0] = Torch.full(new long[0], i, ShapeOps.options(c, DType.INT64));
            body[1] = condIn;
            System.arraycopy(state, 0, body, 2, carried);
            Object[] out = c.subgraph("body", body);
            if (out.length != 1 + carried + scans) throw c.error("body gives " + out.length + " outputs, expected " + (1 + carried + scans));
            condIn = (Tensor) out[0];
            go = cond == null || condIn.itemBool();
            System.arraycopy(out, 1, state, 0, carried);
            for (int k = 0; k < scans; k++) scanned.get(k).add((Tensor) out[1 + carried + k]);
        }
        Object[] result = Arrays.copyOf(state, carried + scans);
        for (int k = 0; k < scans; k++) {
            List<Tensor> s = scanned.get(k);
            result[carried + k] = s.isEmpty() ? Torch.empty(Torch.shape(0), ShapeOps.options(c, DType.FLOAT32)) : Torch.stack(s, 0);
        }
        return result;
    }

    /**
     * {@code Scan} (opset 9 on): the body runs once per slice of the scan inputs (along {@code scan_input_axes}, in
     * reverse where {@code scan_input_directions} is 1) with the state carried between runs; the node gives the final
     * state, then each scan output's slices stacked along {@code scan_output_axes} (reversed per its direction).
     */
    private static Object[] scan(OpCall c) {
        int m = (int) c.i("num_scan_inputs", 0), n = c.in.length - m, k = c.outputs() - n;
        if (m <= 0 || n < 0) throw c.error("num_scan_inputs " + m + " does not fit " + c.in.length + " inputs");
        long[] inAxes = orZeros(c.ints("scan_input_axes"), m), inDirs = orZeros(c.ints("scan_input_directions"), m);
        long[] outAxes = orZeros(c.ints("scan_output_axes"), k), outDirs = orZeros(c.ints("scan_output_directions"), k);
        Tensor[] xs = new Tensor[m];
        long len = -1;
        for (int j = 0; j < m; j++) {
            xs[j] = c.required(n + j);
            if (inAxes[j] < 0) inAxes[j] += xs[j].dim();
            long l = xs[j].size(inAxes[j]);
            if (len >= 0 && l != len) throw c.error("scan inputs have different lengths " + len + " and " + l);
            len = l;
        }
        Object[] state = Arrays.copyOf(c.values, n);
        List<List<Tensor>> ys = new ArrayList<>();
        for (int j = 0; j < k; j++) ys.add(new ArrayList<>());
        for (long i = 0; i < len; i++) {
            Object[] body = Arrays.copyOf(state, n + m);
            for (int j = 0; j < m; j++) body[n + j] = xs[j].select(inAxes[j], inDirs[j] == 1 ? len - 1 - i : i);
            Object[] out = c.subgraph("body", body);
            System.arraycopy(out, 0, state, 0, n);
            for (int j = 0; j < k; j++) ys.get(j).add((Tensor) out[n + j]);
        }
        Object[] result = Arrays.copyOf(state, n + k);
        for (int j = 0; j < k; j++) {
            List<Tensor> y = new ArrayList<>(ys.get(j));
            if (y.isEmpty()) throw c.error("scan output " + j + " of an empty scan has no shape");
            if (outDirs[j] == 1) java.util.Collections.reverse(y);
            long axis = outAxes[j] < 0 ? outAxes[j] + y.get(0).dim() + 1 : outAxes[j];
            result[n + j] = Torch.stack(y, axis);
        }
        return result;
    }

    private static long[] orZeros(long[] a, int n) { return a == null ? new long[n] : a.clone(); }

    /**
     * {@code SplitToSequence}: pieces of the given sizes (input 1), or of length 1. Length-1 pieces (no sizes, or a
     * scalar 1) lose the axis when keepdims is 0: PyTorch exports {@code unbind} as a scalar 1 with keepdims 0.
     */
    private static Object[] splitToSequence(OpCall c) {
        Tensor x = c.required(0), split = c.input(1);
        long axis = c.i("axis", 0);
        if (axis < 0) axis += x.dim();
        List<Tensor> out = new ArrayList<>();
        if (split == null || (split.dim() == 0 && split.itemLong() == 1)) {
            boolean keep = c.i("keepdims", 1) == 1;
            for (long i = 0; i < x.size(axis); i++) out.add(keep ? x.narrow(axis, i, 1) : x.select(axis, i));
        } else if (split.dim() == 0) {
            long size = split.itemLong();
            for (long s = 0; s < x.size(axis); s += size) out.add(x.narrow(axis, s, Math.min(size, x.size(axis) - s)));
        } else {
            long s = 0;
            for (long size : split.toLongArray()) {
                out.add(x.narrow(axis, s, size));
                s += size;
            }
        }
        return new Object[] {List.copyOf(out)};
    }
}
