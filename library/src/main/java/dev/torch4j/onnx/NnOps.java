package dev.torch4j.onnx;

import static dev.torch4j.onnx.OnnxOps.one;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Functional;

import java.util.Arrays;
import java.util.Map;

/** Convolutions, pooling, normalisation, padding and resizing, mapped onto {@link Functional}'s ops. */
final class NnOps {
    private NnOps() {}

    static void register(Map<String, OnnxOps.Op> t) {
        t.put("Conv", NnOps::conv);
        t.put("ConvTranspose", NnOps::convTranspose);
        t.put("MaxPool", c -> pool(c, true));
        t.put("AveragePool", c -> pool(c, false));
        t.put("GlobalAveragePool", c -> one(c.required(0).mean(spatial(c.required(0)), true)));
        t.put("GlobalMaxPool", c -> one(c.required(0).amax(spatial(c.required(0)), true)));
        t.put("BatchNormalization", NnOps::batchNorm);
        t.put("InstanceNormalization", c -> one(Functional.instanceNorm(c.required(0), null, null, c.required(1), c.required(2), true, 0.1,
                c.f("epsilon", 1e-5f))));
        t.put("LayerNormalization", NnOps::layerNorm);
        t.put("GroupNormalization", NnOps::groupNorm);
        t.put("Pad", NnOps::pad);
        t.put("Resize", NnOps::resize);
    }

    private static long[] spatial(Tensor x) {
        long[] d = new long[x.dim() - 2];
        for (int k = 0; k < d.length; k++) d[k] = k + 2;
        return d;
    }

    private static long[] orOnes(long[] a, int k) {
        if (a != null) return a;
        long[] ones = new long[k];
        Arrays.fill(ones, 1);
        return ones;
    }

    /** {begin pads, end pads} per spatial dim, from {@code pads} or {@code auto_pad}. */
    private static long[][] pads(OpCall c, long[] in, long[] kernel, long[] stride, long[] dilation) {
        int k = kernel.length;
        long[] begin = new long[k], end = new long[k];
        String auto = c.s("auto_pad", "NOTSET");
        long[] p = c.ints("pads");
        switch (auto) {
            case "NOTSET" -> {
                if (p != null) {
                    if (p.length != 2 * k) throw c.error("pads has " + p.length + " values, expected " + 2 * k);
                    begin = Arrays.copyOfRange(p, 0, k);
                    end = Arrays.copyOfRange(p, k, 2 * k);
                }
            }
            case "VALID" -> { }
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int d = 0; d < k; d++) {
                    long out = (in[d] + stride[d] - 1) / stride[d];
                    long total = Math.max(0, (out - 1) * stride[d] + (kernel[d] - 1) * dilation[d] + 1 - in[d]);
                    long small = total / 2;
                    begin[d] = auto.equals("SAME_UPPER") ? small : total - small;
                    end[d] = total - begin[d];
                }
            }
            default -> throw c.error("unknown auto_pad '" + auto + "'");
        }
        return new long[][] {begin, end};
    }

    /** F.pad's argument (last dim first) for per-spatial-dim begin/end pads. */
    private static long[] torchPad(long[] begin, long[] end) {
        long[] p = new long[2 * begin.length];
        for (int d = 0; d < begin.length; d++) {
            p[2 * d] = begin[begin.length - 1 - d];
            p[2 * d + 1] = end[begin.length - 1 - d];
        }
        return p;
    }

    private static long[] tail(long[] shape, int from) { return Arrays.copyOfRange(shape, from, shape.length); }

    private static Tensor[] conv(OpCall c) {
        Tensor x = c.required(0), w = c.required(1), b = c.input(2);
        int k = w.dim() - 2;
        long[] stride = orOnes(c.ints("strides"), k), dilation = orOnes(c.ints("dilations"), k);
        long groups = c.i("group", 1);
        long[][] p = pads(c, tail(x.shapeArray(), 2), tail(w.shapeArray(), 2), stride, dilation);
        long[] padding = p[0];
        if (!Arrays.equals(p[0], p[1])) {
            x = Functional.pad(x, torchPad(p[0], p[1]), "constant", 0.0);
            padding = new long[k];
        }
        return one(switch (k) {
            case 1 -> Functional.conv1d(x, w, b, stride, padding, dilation, groups);
            case 2 -> Functional.conv2d(x, w, b, stride, padding, dilation, groups);
            case 3 -> Functional.conv3d(x, w, b, stride, padding, dilation, groups);
            default -> throw c.error(k + "-d convolutions are not supported (1-, 2- and 3-d are)");
        });
    }

    private static Tensor[] convTranspose(OpCall c) {
        Tensor x = c.required(0), w = c.required(1), b = c.input(2);
        int k = w.dim() - 2;
        long[] stride = orOnes(c.ints("strides"), k), dilation = orOnes(c.ints("dilations"), k);
        long[] outPad = c.ints("output_padding") == null ? new long[k] : c.ints("output_padding");
        long groups = c.i("group", 1);
        if (c.has("output_shape") || !c.s("auto_pad", "NOTSET").equals("NOTSET")) {
            throw c.error("output_shape and auto_pad are not supported; give pads and output_padding");
        }
        long[] p = c.ints("pads") == null ? new long[2 * k] : c.ints("pads");
        long[] begin = Arrays.copyOfRange(p, 0, k), end = Arrays.copyOfRange(p, k, 2 * k);
        Tensor y = switch (k) {
            case 1 -> Functional.convTranspose1d(x, w, b, stride, begin, outPad, groups, dilation);
            case 2 -> Functional.convTranspose2d(x, w, b, stride, begin, outPad, groups, dilation);
            case 3 -> Functional.convTranspose3d(x, w, b, stride, begin, outPad, groups, dilation);
            default -> throw c.error(k + "-d transposed convolutions are not supported");
        };
        // larger end pads crop the far side further (torch pads both sides by the begin pads)
        for (int d = 0; d < k; d++) {
            long extra = end[d] - begin[d];
            if (extra < 0) throw c.error("end pads smaller than begin pads are not supported");
            if (extra > 0) y = y.narrow(d + 2, 0, y.size(d + 2) - extra);
        }
        return one(y);
    }

    private static Tensor[] pool(OpCall c, boolean max) {
        Tensor x = c.required(0);
        long[] kernel = c.ints("kernel_shape");
        if (kernel == null) throw c.error("kernel_shape is required");
        int k = kernel.length;
        long[] stride = orOnes(c.ints("strides"), k), dilation = orOnes(c.ints("dilations"), k);
        boolean ceil = c.i("ceil_mode", 0) != 0;
        if (max && c.wantsOutput(1)) throw c.error("the Indices output is not supported");
        long[][] p = pads(c, tail(x.shapeArray(), 2), kernel, stride, dilation);
        long[] padding = p[0];
        if (!Arrays.equals(p[0], p[1])) {
            if (!max && c.i("count_include_pad", 0) == 0) throw c.error("asymmetric pads without count_include_pad are not supported");
            x = Functional.pad(x, torchPad(p[0], p[1]), "constant", max ? Double.NEGATIVE_INFINITY : 0.0);
            padding = new long[k];
        }
        if (max) {
            return one(switch (k) {
                case 1 -> Functional.maxPool1d(x, kernel[0], stride[0], padding[0], dilation[0], ceil);
                case 2 -> Functional.maxPool2d(x, kernel, stride, padding, dilation, ceil);
                case 3 -> Functional.maxPool3d(x, kernel, stride, padding, dilation, ceil);
                default -> throw c.error(k + "-d pooling is not supported");
            });
        }
        for (long d : dilation) if (d != 1) throw c.error("dilated average pooling is not supported");
        boolean include = c.i("count_include_pad", 0) != 0;
        return one(switch (k) {
            case 1 -> Functional.avgPool1d(x, kernel[0], stride[0], padding[0], ceil, include);
            case 2 -> Functional.avgPool2d(x, kernel, stride, padding, ceil, include, null);
            case 3 -> Functional.avgPool3d(x, kernel, stride, padding, ceil, include);
            default -> throw c.error(k + "-d pooling is not supported");
        });
    }

    private static Tensor[] batchNorm(OpCall c) {
        Tensor x = c.required(0), scale = c.required(1), bias = c.required(2), mean = c.required(3), var = c.required(4);
        double eps = c.f("epsilon", 1e-5f), momentum = c.f("momentum", 0.9f);
        if (c.i("training_mode", 0) == 0) return one(Functional.batchNorm(x, mean, var, scale, bias, false, 0.0, eps));
        // ONNX's momentum weighs the old running value; torch's the new batch statistic
        Tensor rm = mean.clone(), rv = var.clone();
        Tensor y = Functional.batchNorm(x, rm, rv, scale, bias, true, 1 - momentum, eps);
        return new Tensor[] {y, rm, rv};
    }

    private static Tensor[] layerNorm(OpCall c) {
        Tensor x = c.required(0), scale = c.input(1), bias = c.input(2);
        long axis = c.i("axis", -1);
        if (axis < 0) axis += x.dim();
        double eps = c.f("epsilon", 1e-5f);
        long[] normalized = tail(x.shapeArray(), (int) axis);
        Tensor y = Functional.layerNorm(x, normalized, scale, bias, eps);
        if (!c.wantsOutput(1) && !c.wantsOutput(2)) return one(y);
        long[] dims = new long[normalized.length];
        for (int d = 0; d < dims.length; d++) dims[d] = axis + d;
        Tensor mean = x.mean(dims, true);
        Tensor invStd = x.var(dims, false, true).add(eps).rsqrt();
        return new Tensor[] {y, mean, invStd};
    }

    /** GroupNormalization: scale and bias hold one value per group in opset 18, one per channel from opset 21. */
    private static Tensor[] groupNorm(OpCall c) {
        Tensor x = c.required(0), scale = c.required(1), bias = c.required(2);
        long groups = c.i("num_groups", 0);
        if (groups <= 0 || x.size(1) % groups != 0) throw c.error("num_groups " + groups + " does not divide " + x.size(1) + " channels");
        if (c.opset >= 21) return one(Functional.groupNorm(x, groups, scale, bias, c.f("epsilon", 1e-5f)));
        if (scale.numel() != groups || bias.numel() != groups) {
            throw c.error("scale and bias need num_groups (" + groups + ") values, got " + scale.numel() + " and " + bias.numel());
        }
        Tensor y = Functional.groupNorm(x, groups, null, null, c.f("epsilon", 1e-5f));
        long[] grouped = {x.size(0), groups, -1};
        return one(y.reshape(grouped).mul(scale.reshape(1, groups, 1)).add(bias.reshape(1, groups, 1)).reshape(x.shapeArray()));
    }

    private static Tensor[] pad(OpCall c) {
        Tensor x = c.required(0);
        long[] pads = c.intsFrom("pads", 1);
        if (pads == null) throw c.error("pads are required");
        String mode = c.s("mode", "constant");
        double value = c.opset < 11 ? c.f("value", 0f) : c.input(2) == null ? 0.0 : c.input(2).item();
        int n = x.dim();
        long[] begin = new long[n], end = new long[n];
        long[] axes = c.input(3) == null ? null : c.input(3).toLongArray();
        int m = axes == null ? n : axes.length;
        for (int k = 0; k < m; k++) {
            int d = (int) (axes == null ? k : axes[k] < 0 ? axes[k] + n : axes[k]);
            begin[d] = pads[k];
            end[d] = pads[k + m];
        }
        int first = 0;
        while (first < n && begin[first] == 0 && end[first] == 0) first++;
        if (first == n) return one(x);
        String torchMode = switch (mode) {
            case "constant" -> "constant";
            case "reflect" -> "reflect";
            case "edge" -> "replicate";
            case "wrap" -> "circular";
            default -> throw c.error("unknown mode '" + mode + "'");
        };
        if (!torchMode.equals("constant") && first < 2) throw c.error("mode '" + mode + "' pads only spatial dims (from dim 2)");
        if (!torchMode.equals("constant")) first = Math.max(first, 2);
        long[] p = torchPad(Arrays.copyOfRange(begin, first, n), Arrays.copyOfRange(end, first, n));
        return one(Functional.pad(x, p, torchMode, value));
    }

    private static Tensor[] resize(OpCall c) {
        Tensor x = c.required(0);
        int n = x.dim(), k = n - 2;
        // opset 18's partial forms: scales or sizes for some axes only, sizes fitted by aspect ratio
        if (c.has("axes") || !c.s("keep_aspect_ratio_policy", "stretch").equals("stretch")) {
            throw c.error("the axes and keep_aspect_ratio_policy attributes are not supported");
        }
        if (c.s("coordinate_transformation_mode", "").equals("tf_crop_and_resize")) throw c.error("tf_crop_and_resize is not supported");
        Tensor scalesT = c.opset < 11 ? c.input(1) : c.input(2), sizesT = c.opset < 11 ? null : c.input(3);
        double[] scales = scalesT == null || scalesT.numel() == 0 ? null : scalesT.toDoubleArray();
        long[] sizes = sizesT == null || sizesT.numel() == 0 ? null : sizesT.toLongArray();
        if (scales == null && sizes == null) throw c.error("one of scales and sizes is required");
        if (scales != null && (scales.length != n || scales[0] != 1 || scales[1] != 1)) {
            throw c.error("only spatial dims can be scaled, got scales " + Arrays.toString(scales));
        }
        if (sizes != null && (sizes.length != n || sizes[0] != x.size(0) || sizes[1] != x.size(1))) {
            throw c.error("only spatial dims can be resized, got sizes " + Arrays.toString(sizes));
        }
        String mode = c.s("mode", "nearest");
        String coord = c.opset < 11 ? "asymmetric" : c.s("coordinate_transformation_mode", "half_pixel");
        String torchMode;
        Boolean alignCorners = null;
        switch (mode) {
            case "nearest" -> {
                String nearest = c.opset < 11 ? "floor" : c.s("nearest_mode", "round_prefer_floor");
                if (coord.equals("asymmetric") && nearest.equals("floor")) torchMode = "nearest";
                else if ((coord.equals("half_pixel") || coord.equals("tf_half_pixel_for_nn")) && nearest.equals("round_prefer_ceil")) torchMode = "nearest-exact";
                else throw c.error("nearest with " + coord + " coordinates and " + nearest + " rounding is not supported");
            }
            case "linear", "cubic" -> {
                if (mode.equals("cubic") && (k != 2 || c.f("cubic_coeff_a", -0.75f) != -0.75f || c.i("exclude_outside", 0) != 0)) {
                    throw c.error("cubic resizing is supported for 4-d input with cubic_coeff_a -0.75 only");
                }
                torchMode = mode.equals("cubic") ? "bicubic" : k == 1 ? "linear" : k == 2 ? "bilinear" : "trilinear";
                alignCorners = switch (coord) {
                    case "half_pixel", "pytorch_half_pixel" -> false;
                    case "align_corners" -> true;
                    default -> throw c.error(mode + " with " + coord + " coordinates is not supported");
                };
            }
            default -> throw c.error("unknown mode '" + mode + "'");
        }
        boolean antialias = c.i("antialias", 0) != 0;
        if (sizes != null) return one(Functional.interpolate(x, tail(sizes, 2), null, torchMode, alignCorners, null, antialias));
        return one(Functional.interpolate(x, null, Arrays.copyOfRange(scales, 2, n), torchMode, alignCorners, null, antialias));
    }
}
