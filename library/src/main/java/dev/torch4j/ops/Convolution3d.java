package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;

import static dev.torch4j.ops.Convolution.checkFloating;
import static dev.torch4j.ops.Convolution.checkRanks;
import static dev.torch4j.ops.Convolution.cName;
import static dev.torch4j.ops.Convolution.outSize;
import static dev.torch4j.ops.Convolution.sizes;
import static dev.torch4j.ops.Convolution.spatial;

/**
 * {@code F.conv3d}, composed from the 2-d convolution so it needs no backend primitive of its own (and so runs on
 * every backend with autograd of any order): the {@code kD} depth taps of each output depth are gathered side by
 * side as extra channels (one {@code index_select} over the zero-padded depth), and one {@code conv2d} over the
 * {@code N * oD} depth positions with the weight viewed as {@code [O, kD * C/groups, kH, kW]} does the rest. The
 * gathered input is {@code kD} times the input, the same memory a vol2col would take before its {@code kH * kW}.
 */
public final class Convolution3d {
    private Convolution3d() {}

    /**
     * {@code F.conv3d(input, weight, bias, stride, padding, dilation, groups)}: input [N, C, D, H, W] or unbatched
     * [C, D, H, W], weight [O, C/groups, kD, kH, kW], bias [O] or null.
     */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.CONV, a -> conv3d(a[0], a[1], a[2], stride, padding, dilation, groups),
                    input, weight, bias);
        }
        return conv3d(input, weight, bias, stride, padding, null, dilation, groups);
    }

    /** {@code F.conv3d(..., padding="same"|"valid", ...)}. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation, long groups) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.CONV, a -> conv3d(a[0], a[1], a[2], stride, padding, dilation, groups),
                    input, weight, bias);
        }
        return conv3d(input, weight, bias, stride, null, padding, dilation, groups);
    }

    private static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, String padMode,
            long[] dilation, long groups) {
        String op = "conv3d";
        int d = checkRanks(op, 3, input, weight);
        long[] st = spatial(op, "stride", stride, 3), dl = spatial(op, "dilation", dilation, 3);
        for (long s : st) if (s <= 0) throw new IllegalArgumentException(op + ": non-positive stride is not supported");
        for (long s : dl) if (s <= 0) throw new IllegalArgumentException(op + ": dilation should be greater than zero");
        if (groups <= 0) throw new IllegalArgumentException(op + ": non-positive groups is not supported");
        checkTypes(op, input, weight, bias);
        Tensor x = d == 4 ? input.unsqueeze(0) : input;
        long o = weight.size(0), c = x.size(1);
        checkGroups(op, weight, groups);
        if (c != weight.size(1) * groups) {
            throw new IllegalArgumentException(op + ": Given groups=" + groups + ", weight of size " + Shapes.str(weight.shapeArray())
                    + ", expected input" + Shapes.str(x.shapeArray()) + " to have " + (weight.size(1) * groups)
                    + " channels, but got " + c + " channels instead");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != o)) {
            throw new IllegalArgumentException(op + ": Given weight of size " + Shapes.str(weight.shapeArray())
                    + ", expected bias to be 1-dimensional with " + o + " elements, but got bias of size "
                    + Shapes.str(bias.shapeArray()) + " instead");
        }
        long[] k = {weight.size(2), weight.size(3), weight.size(4)};
        long[][] pads = Convolution.paddings(op, padding == null ? null : spatial(op, "padding", padding, 3), padMode, k, dl, st);
        long[] padBefore = pads[0], padTotal = pads[1];
        long[] in = {x.size(2), x.size(3), x.size(4)}, span = new long[3];
        boolean fits = true;
        for (int i = 0; i < 3; i++) {
            span[i] = dl[i] * (k[i] - 1) + 1;
            fits &= in[i] + padTotal[i] >= span[i];
        }
        if (!fits) {
            throw new IllegalArgumentException(op + ": Calculated padded input size per channel: (" + sizes(in, padTotal, 0)
                    + "). Kernel size: (" + sizes(span, new long[3], 0) + "). Kernel size can't be greater than actual input size");
        }
        long n = x.size(0), od = outSize(in[0], padTotal[0], k[0], dl[0], st[0]);
        // depth taps: output depth z reads padded depth z*sD + kd*dD, gathered as [N, oD*kD, C, H, W]
        Tensor xp = Padding.pad(x.permute(0, 2, 1, 3, 4), new long[] {0, 0, 0, 0, 0, 0, padBefore[0], padTotal[0] - padBefore[0]},
                "constant", 0);
        long[] idx = new long[(int) (od * k[0])];
        for (int z = 0; z < od; z++) for (int kd = 0; kd < k[0]; kd++) idx[(int) (z * k[0] + kd)] = z * st[0] + kd * dl[0];
        Tensor taps = xp.indexSelect(1, Torch.tensor(idx, TensorOptions.DEFAULT.dtype(DType.INT64).device(x.device())));
        long cg = c / groups;
        // conv2d's groups take contiguous channel blocks: order each block as (kd, c') to match the weight below
        Tensor planes = groups == 1
                ? taps.reshape(n * od, k[0] * c, in[1], in[2])
                : taps.reshape(n * od, k[0], groups, cg, in[1], in[2]).transpose(1, 2).reshape(n * od, groups * k[0] * cg, in[1], in[2]);
        Tensor w2 = weight.permute(0, 2, 1, 3, 4).reshape(o, k[0] * cg, k[1], k[2]);
        long[] st2 = {st[1], st[2]}, dl2 = {dl[1], dl[2]};
        Tensor y = padding == null
                ? Convolution.conv2d(planes, w2, bias, st2, padMode, dl2, groups)
                : Convolution.conv2d(planes, w2, bias, st2, new long[] {padBefore[1], padBefore[2]}, dl2, groups);
        y = y.view(n, od, o, y.size(2), y.size(3)).permute(0, 2, 1, 3, 4).contiguous();
        return d == 4 ? y.squeeze(0) : y;
    }

    /** PyTorch's dtype checks of a convolution: input and weight alike, the bias too, floating point. */
    static void checkTypes(String op, Tensor input, Tensor weight, Tensor bias) {
        if (input.dtype() != weight.dtype()) {
            throw new IllegalArgumentException(op + ": expected scalar type " + input.dtype().scalarTypeName() + " but found "
                    + weight.dtype().scalarTypeName());
        }
        if (bias != null && bias.dtype() != input.dtype()) {
            throw new IllegalArgumentException(op + ": Input type (" + cName(input.dtype()) + ") and bias type ("
                    + cName(bias.dtype()) + ") should be the same");
        }
        checkFloating(op, input);
    }

    /** PyTorch's check that the weight's dim 0 splits into {@code groups} (its message prints the size in double brackets). */
    static void checkGroups(String op, Tensor weight, long groups) {
        long w0 = weight.size(0);
        if (w0 < groups) {
            throw new IllegalArgumentException(op + ": Given groups=" + groups + ", expected weight to be at least " + groups
                    + " at dimension 0, but got weight of size " + Shapes.str(weight.shapeArray()) + " instead");
        }
        if (w0 % groups != 0) {
            throw new IllegalArgumentException(op + ": Given groups=" + groups + ", expected weight to be divisible by " + groups
                    + " at dimension 0, but got weight of size [" + Shapes.str(weight.shapeArray()) + "] instead");
        }
    }
}
