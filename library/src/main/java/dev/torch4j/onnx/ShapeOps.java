package dev.torch4j.onnx;

import static dev.torch4j.onnx.OnnxOps.one;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.io.OnnxFile;

import java.util.Arrays;
import java.util.Map;

/** Shape, indexing and constant operators: the int64 shape arithmetic exported graphs do between the layers. */
final class ShapeOps {
    private ShapeOps() {}

    static void register(Map<String, OnnxOps.Op> t) {
        t.put("Reshape", ShapeOps::reshape);
        t.put("Flatten", c -> {
            Tensor x = c.required(0);
            long axis = c.i("axis", 1);
            if (axis < 0) axis += x.dim();
            long outer = 1, inner = 1;
            for (int d = 0; d < x.dim(); d++) {
                if (d < axis) outer *= x.size(d);
                else inner *= x.size(d);
            }
            // from the sizes, not numel / outer: an empty batch keeps its row length ([0, 2, 2] -> [0, 4])
            return one(x.reshape(outer, inner));
        });
        t.put("Transpose", c -> {
            Tensor x = c.required(0);
            long[] perm = c.ints("perm");
            if (perm == null) {
                perm = new long[x.dim()];
                for (int d = 0; d < perm.length; d++) perm[d] = perm.length - 1 - d;
            }
            return one(x.permute(perm));
        });
        t.put("Concat", c -> one(Torch.cat(c.in, c.i("axis", 0))));
        t.put("Split", ShapeOps::split);
        t.put("Squeeze", c -> {
            Tensor x = c.required(0);
            long[] axes = c.intsFrom("axes", 1);
            return one(axes == null ? x.squeeze() : x.squeeze(axes));
        });
        t.put("Unsqueeze", c -> {
            Tensor x = c.required(0);
            long[] given = c.intsFrom("axes", 1);
            if (given == null) throw c.error("axes are required");
            long[] axes = given.clone();
            long rank = x.dim() + axes.length;
            for (int k = 0; k < axes.length; k++) if (axes[k] < 0) axes[k] += rank;
            Arrays.sort(axes);
            for (long a : axes) x = x.unsqueeze(a);
            return one(x);
        });
        t.put("Gather", ShapeOps::gather);
        t.put("GatherElements", c -> {
            Tensor x = c.required(0);
            long axis = c.i("axis", 0);
            return one(x.gather(axis, wrapNegative(c.required(1), x.size(axis))));
        });
        t.put("ScatterElements", c -> {
            Tensor x = c.required(0);
            long axis = c.i("axis", 0);
            Tensor idx = wrapNegative(c.required(1), x.size(axis)), src = c.required(2);
            String r = c.s("reduction", "none");
            return one(switch (r) {
                case "none" -> x.scatter(axis, idx, src);
                case "add" -> x.scatterAdd(axis, idx, src);
                case "mul" -> x.scatterReduce(axis, idx, src, "prod");
                case "max" -> x.scatterReduce(axis, idx, src, "amax");
                case "min" -> x.scatterReduce(axis, idx, src, "amin");
                default -> throw c.error("unknown reduction '" + r + "'");
            });
        });
        t.put("ScatterND", ShapeOps::scatterNd);
        t.put("Shape", c -> {
            long[] shape = c.required(0).shapeArray();
            int n = shape.length;
            int start = (int) clampAxis(c.i("start", 0), n), end = (int) clampAxis(c.i("end", n), n);
            return one(longs(c, Arrays.copyOfRange(shape, start, Math.max(start, end))));
        });
        t.put("Size", c -> one(Torch.full(new long[0], c.required(0).numel(), options(c, DType.INT64))));
        t.put("Constant", ShapeOps::constant);
        t.put("ConstantOfShape", c -> {
            long[] shape = c.required(0).toLongArray();
            OnnxFile.Attribute a = c.node.attributes().get("value");
            Tensor v = a == null ? Torch.zeros(Torch.shape(1)) : a.t();
            return one(v.reshape().to(c.device).expand(shape).contiguous());
        });
        t.put("Expand", c -> {
            Tensor x = c.required(0);
            long[] target = c.required(1).toLongArray();
            return one(x.expand(broadcast(x.shapeArray(), target, c)));
        });
        t.put("Range", c -> {
            Tensor start = c.required(0);
            TensorOptions o = options(c, start.dtype());
            if (start.dtype().isFloatingPoint()) {
                return one(Torch.arange(start.item(), c.required(1).item(), c.required(2).item(), o));
            }
            return one(Torch.arange(start.itemLong(), c.required(1).itemLong(), c.required(2).itemLong(), o));
        });
        t.put("Tile", c -> one(c.required(0).repeat(c.required(1).toLongArray())));
        t.put("Slice", ShapeOps::slice);
        t.put("NonZero", c -> one(c.required(0).nonzero().t().contiguous()));
        t.put("Trilu", c -> {
            Tensor x = c.required(0);
            long k = c.input(1) == null ? 0 : c.input(1).toLongArray()[0];
            return one(c.i("upper", 1) != 0 ? x.triu(k) : x.tril(k));
        });
        t.put("DepthToSpace", ShapeOps::depthToSpace);
        t.put("SpaceToDepth", c -> {
            Tensor x = c.required(0);
            long b = c.i("blocksize", 0), n = x.size(0), ch = x.size(1), h = x.size(2), w = x.size(3);
            Tensor y = x.reshape(n, ch, h / b, b, w / b, b).permute(0, 3, 5, 1, 2, 4);
            return one(y.reshape(n, ch * b * b, h / b, w / b));
        });
    }

    static TensorOptions options(OpCall c, DType dtype) { return TensorOptions.DEFAULT.dtype(dtype).device(c.device); }

    private static Tensor longs(OpCall c, long[] values) {
        return Torch.fromArray(values.clone(), values.length).to(c.device);
    }

    private static long clampAxis(long a, int n) {
        if (a < 0) a += n;
        return Math.max(0, Math.min(n, a));
    }

    private static Tensor wrapNegative(Tensor idx, long size) {
        Tensor i = idx.to(DType.INT64);
        return Torch.where(i.lt(0L), i.add(size), i);
    }

    private static Tensor[] reshape(OpCall c) {
        Tensor x = c.required(0);
        long[] shape = c.required(1).toLongArray().clone();
        boolean allowZero = c.i("allowzero", 0) != 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0 && !allowZero) {
                if (d >= x.dim()) throw c.error("a 0 in the shape at " + d + " copies a dimension the input (rank " + x.dim() + ") lacks");
                shape[d] = x.size(d);
            }
        }
        return one(x.reshape(shape));
    }

    private static Tensor[] split(OpCall c) {
        Tensor x = c.required(0);
        long axis = c.i("axis", 0);
        if (axis < 0) axis += x.dim();
        long[] sizes = c.intsFrom("split", 1);
        int n = c.outputs();
        if (sizes == null) {
            long total = x.size(axis), num = c.has("num_outputs") ? c.i("num_outputs", n) : n;
            long chunk = (total + num - 1) / num;
            sizes = new long[(int) num];
            for (int k = 0; k < num; k++) sizes[k] = Math.max(0, Math.min(chunk, total - k * chunk));
        }
        return x.split(sizes, axis);
    }

    /** Gather: {@code data.shape[:axis] + indices.shape + data.shape[axis+1:]}, negative indices counted from the end. */
    private static Tensor[] gather(OpCall c) {
        Tensor x = c.required(0), idx = c.required(1);
        long axis = c.i("axis", 0);
        if (axis < 0) axis += x.dim();
        Tensor flat = x.indexSelect(axis, wrapNegative(idx, x.size(axis)).reshape(-1));
        long[] xs = x.shapeArray(), is = idx.shapeArray();
        long[] out = new long[xs.length - 1 + is.length];
        int o = 0;
        for (int d = 0; d < axis; d++) out[o++] = xs[d];
        for (long s : is) out[o++] = s;
        for (int d = (int) axis + 1; d < xs.length; d++) out[o++] = xs[d];
        return one(flat.reshape(out));
    }

    private static Tensor[] scatterNd(OpCall c) {
        Tensor x = c.required(0), idx = c.required(1).to(DType.INT64), updates = c.required(2);
        if (!c.s("reduction", "none").equals("none")) throw c.error("reduction '" + c.s("reduction", "none") + "' is not supported");
        long k = idx.size(-1);
        Object[] index = new Object[(int) k];
        for (int j = 0; j < k; j++) index[j] = idx.select(-1, j);
        return one(x.clone().indexPut_(index, updates));
    }

    private static Tensor[] constant(OpCall c) {
        var attrs = c.node.attributes();
        Tensor v;
        if (attrs.containsKey("value")) v = attrs.get("value").t();
        else if (attrs.containsKey("value_float")) v = Torch.full(new long[0], (double) attrs.get("value_float").f(), TensorOptions.DEFAULT.dtype(DType.FLOAT32));
        else if (attrs.containsKey("value_floats")) v = Torch.fromArray(attrs.get("value_floats").floats().clone());
        else if (attrs.containsKey("value_int")) v = Torch.full(new long[0], attrs.get("value_int").i(), TensorOptions.DEFAULT.dtype(DType.INT64));
        else if (attrs.containsKey("value_ints")) v = Torch.fromArray(attrs.get("value_ints").ints().clone());
        else throw c.error("no supported value attribute (" + attrs.keySet() + ")");
        return one(v.to(c.device));
    }

    /** ONNX's bidirectional broadcast of a shape and a target shape. */
    private static long[] broadcast(long[] a, long[] b, OpCall c) {
        int n = Math.max(a.length, b.length);
        long[] out = new long[n];
        for (int d = 0; d < n; d++) {
            long x = d - (n - a.length) >= 0 ? a[d - (n - a.length)] : 1, y = d - (n - b.length) >= 0 ? b[d - (n - b.length)] : 1;
            if (x != y && x != 1 && y != 1) throw c.error("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            out[d] = x == 1 ? y : x;
        }
        return out;
    }

    /** Slice: starts, ends, axes, steps as inputs (opset 10+) or attributes (before); bounds clamped as ONNX says. */
    private static Tensor[] slice(OpCall c) {
        Tensor x = c.required(0);
        long[] starts = c.intsFrom("starts", 1), ends = c.intsFrom("ends", 2), axes = c.intsFrom("axes", 3);
        long[] steps = c.opset >= 10 && c.input(4) != null ? c.input(4).toLongArray() : null;
        if (starts == null || ends == null) throw c.error("starts and ends are required");
        for (int k = 0; k < starts.length; k++) {
            long axis = axes == null ? k : axes[k];
            if (axis < 0) axis += x.dim();
            long step = steps == null ? 1 : steps[k];
            if (step == 0) throw c.error("step cannot be 0");
            x = sliceAxis(x, axis, starts[k], ends[k], step);
        }
        return one(x);
    }

    static Tensor sliceAxis(Tensor x, long axis, long start, long end, long step) {
        long n = x.size(axis);
        if (start < 0) start += n;
        if (end < 0) end += n;
        long count;
        if (step > 0) {
            start = Math.max(0, Math.min(n, start));
            end = Math.max(0, Math.min(n, end));
            count = Math.max(0, (end - start + step - 1) / step);
        } else {
            start = Math.max(-1, Math.min(n - 1, start));
            end = Math.max(-1, Math.min(n - 1, end));
            count = Math.max(0, (start - end + (-step) - 1) / (-step));
        }
        if (step > 0) {
            Object[] idx = new Object[(int) axis + 1];
            for (int d = 0; d < axis; d++) idx[d] = Torch.slice(null, null);
            idx[(int) axis] = Torch.slice(start, start + (count - 1) * step + 1, step);
            return count == 0 ? x.narrow(axis, 0, 0) : x.index(idx);
        }
        // a negative step: torch views cannot step backwards, so gather the elements
        Tensor positions = Torch.arange(start, start - count * (-step), step, TensorOptions.DEFAULT.dtype(DType.INT64).device(x.device()));
        return x.indexSelect(axis, positions);
    }

    private static Tensor[] depthToSpace(OpCall c) {
        Tensor x = c.required(0);
        long b = c.i("blocksize", 0), n = x.size(0), ch = x.size(1), h = x.size(2), w = x.size(3);
        long oc = ch / (b * b);
        Tensor y = c.s("mode", "DCR").equals("CRD")
                ? x.reshape(n, oc, b, b, h, w).permute(0, 1, 4, 2, 5, 3)
                : x.reshape(n, b, b, oc, h, w).permute(0, 3, 4, 1, 5, 2);
        return one(y.reshape(n, oc, h * b, w * b));
    }
}
