package dev.torch4j.ops;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;

import static dev.torch4j.ops.Convolution3d.checkGroups;
import static dev.torch4j.ops.Convolution3d.checkTypes;
import static dev.torch4j.ops.Convolution.checkRanks;
import static dev.torch4j.ops.Convolution.spatial;

/**
 * {@code F.conv_transpose1d/2d/3d}: the gradient of a convolution with respect to its input, computed as that
 * gradient is: {@code cols = W^T x} per group (one batched matmul), then col2im (fold) onto the output grid, which
 * sums overlapping windows and drops what falls in the padding. Both steps are recorded ops (col2im's derivative
 * is im2col and back), so gradients of any order reach input, weight and bias on every backend. 1-d is the 2-d
 * case with a height of 1; 3-d is composed of 2-d ones over the depth taps.
 */
public final class ConvTranspose {
    private ConvTranspose() {}

    /**
     * {@code F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)}: input
     * [N, C_in, H, W] or unbatched [C_in, H, W], weight [C_in, C_out/groups, kH, kW], bias [C_out] or null. Output
     * size {@code (H - 1) * stride - 2 * padding + dilation * (kH - 1) + output_padding + 1} (width alike).
     */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
            long groups, long[] dilation) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.CONV_TRANSPOSE, a -> convTranspose2d(a[0], a[1], a[2], stride, padding, outputPadding, groups, dilation),
                    input, weight, bias);
        }
        return convTranspose(2, input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** {@code F.conv_transpose1d(...)}: input [N, C_in, L] or [C_in, L], weight [C_in, C_out/groups, k]. */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
            long groups, long[] dilation) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.CONV_TRANSPOSE, a -> convTranspose1d(a[0], a[1], a[2], stride, padding, outputPadding, groups, dilation),
                    input, weight, bias);
        }
        return convTranspose(1, input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /**
     * {@code F.conv_transpose3d(...)}: input [N, C_in, D, H, W] or [C_in, D, H, W], weight
     * [C_in, C_out/groups, kD, kH, kW]; composed of the 2-d transposed convolution (see {@link #depthComposed}).
     */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
            long groups, long[] dilation) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.CONV_TRANSPOSE, a -> convTranspose3d(a[0], a[1], a[2], stride, padding, outputPadding, groups, dilation),
                    input, weight, bias);
        }
        return convTranspose(3, input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    private static Tensor convTranspose(int nd, Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding,
            long[] outputPadding, long groups, long[] dilation) {
        String op = "conv_transpose" + nd + "d";
        int d = checkRanks(op, nd, input, weight);
        long[] st = spatial(op, "stride", stride, nd), pd = spatial(op, "padding", padding, nd),
                op0 = spatial(op, "output_padding", outputPadding, nd), dl = spatial(op, "dilation", dilation, nd);
        for (long s : pd) if (s < 0) throw new IllegalArgumentException(op + ": negative padding is not supported");
        for (long s : op0) if (s < 0) throw new IllegalArgumentException(op + ": negative output_padding is not supported");
        for (long s : st) if (s <= 0) throw new IllegalArgumentException(op + ": non-positive stride is not supported");
        for (long s : dl) if (s <= 0) throw new IllegalArgumentException(op + ": dilation should be greater than zero");
        if (groups <= 0) throw new IllegalArgumentException(op + ": non-positive groups is not supported");
        checkTypes(op, input, weight, bias);
        Tensor x = d == nd + 1 ? input.unsqueeze(0) : input;
        checkGroups(op, weight, groups);
        long cin = weight.size(0), cout = weight.size(1) * groups;
        if (x.size(1) != cin) {
            throw new IllegalArgumentException(op + ": Given transposed=1, weight of size " + Shapes.str(weight.shapeArray())
                    + ", expected input" + Shapes.str(x.shapeArray()) + " to have " + cin + " channels, but got " + x.size(1)
                    + " channels instead");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != cout)) {
            throw new IllegalArgumentException(op + ": Given transposed=1, weight of size " + Shapes.str(weight.shapeArray())
                    + ", expected bias to be 1-dimensional with " + cout + " elements, but got bias of size "
                    + Shapes.str(bias.shapeArray()) + " instead");
        }
        if (nd == 3) return depthComposed(op, d, x, weight, bias, st, pd, op0, dl, groups, cout);
        Tensor w = weight;
        if (nd == 1) {   // view as 2-d with a height of 1, as PyTorch does (its messages then name the height too)
            x = x.unsqueeze(2);
            w = w.unsqueeze(2);
            st = new long[] {1, st[0]};
            pd = new long[] {0, pd[0]};
            op0 = new long[] {0, op0[0]};
            dl = new long[] {1, dl[0]};
        }
        for (int i = 0; i < 2; i++) {
            if (op0[i] >= st[i] && op0[i] >= dl[i]) {
                throw new IllegalArgumentException(op + ": output padding must be smaller than either stride or dilation, but got "
                        + "output_padding_height: " + op0[0] + " output_padding_width: " + op0[1] + " stride_height: " + st[0]
                        + " stride_width: " + st[1] + " dilation_height: " + dl[0] + " dilation_width: " + dl[1]);
            }
        }
        long[] k = {w.size(2), w.size(3)}, in = {x.size(2), x.size(3)}, out = new long[2];
        for (int i = 0; i < 2; i++) out[i] = (in[i] - 1) * st[i] - 2 * pd[i] + dl[i] * (k[i] - 1) + op0[i] + 1;
        if (x.size(0) == 0 && out[0] >= 0 && out[1] >= 0) {   // an empty batch skips the size check, as PyTorch's
            Tensor y = Torch.zeros(Torch.shape(0, cout, out[0], out[1]), Torch.dtype(x.dtype()).device(x.device()));
            if (nd == 1) y = y.squeeze(2);
            return d == nd + 1 ? y.squeeze(0) : y;
        }
        if (out[0] < 1 || out[1] < 1) {
            throw new IllegalArgumentException(op + ": Given input size per channel: (" + in[0] + " x " + in[1]
                    + "). Calculated output size per channel: (" + out[0] + " x " + out[1] + "). Output size is too small");
        }
        long n = x.size(0), l = in[0] * in[1], a = weight.size(1) * k[0] * k[1], b = cin / groups;
        Tensor wt = w.reshape(groups, b, a).transpose(1, 2);   // [groups, C_out/groups * kH * kW, C_in/groups]
        // one group: a stride-0 batch of W^T straight into bmm (matmul's broadcasting would copy it n times)
        Tensor cols = groups == 1
                ? wt.expand(n, a, b).bmm(x.reshape(n, cin, l))
                : wt.matmul(x.reshape(n, groups, b, l)).reshape(n, groups * a, l);
        Tensor y = Convolution.col2im(cols, out[0], out[1], Convolution.params(k, st, pd, dl, in[0], in[1]));
        if (bias != null) y = y.add(bias.view(1, cout, 1, 1));
        if (nd == 1) y = y.squeeze(2);
        return d == nd + 1 ? y.squeeze(0) : y;
    }

    /**
     * The 3-d transposed convolution as {@code kD} 2-d ones: input depth z with kernel tap kd lands on output
     * depth {@code z * sD + kd * dD - pD}, so each tap's 2-d result over all input depths (batched as images) is
     * added at those depths ({@code index_add}), then the padding is cropped. All recorded ops: autograd of any
     * order on every backend, as for conv3d.
     */
    private static Tensor depthComposed(String op, int d, Tensor x, Tensor weight, Tensor bias, long[] st, long[] pd, long[] op0,
            long[] dl, long groups, long cout) {
        for (int i = 0; i < 3; i++) {
            if (op0[i] >= st[i] && op0[i] >= dl[i]) {
                throw new IllegalArgumentException(op + ": output padding must be smaller than either stride or dilation, but got "
                        + "output_padding_depth: " + op0[0] + " output_padding_height: " + op0[1] + " output_padding_width: " + op0[2]
                        + " stride_depth: " + st[0] + " stride_height: " + st[1] + " stride_width: " + st[2] + " dilation_depth: "
                        + dl[0] + " dilation_height: " + dl[1] + " dilation_width: " + dl[2]);
            }
        }
        long[] k = {weight.size(2), weight.size(3), weight.size(4)}, in = {x.size(2), x.size(3), x.size(4)}, out = new long[3];
        for (int i = 0; i < 3; i++) out[i] = (in[i] - 1) * st[i] - 2 * pd[i] + dl[i] * (k[i] - 1) + op0[i] + 1;
        if (x.size(0) == 0 && out[0] >= 0 && out[1] >= 0 && out[2] >= 0) {   // an empty batch skips the size check, as PyTorch's
            Tensor y = Torch.zeros(Torch.shape(0, cout, out[0], out[1], out[2]), Torch.dtype(x.dtype()).device(x.device()));
            return d == 4 ? y.squeeze(0) : y;
        }
        if (out[0] < 1 || out[1] < 1 || out[2] < 1) {
            throw new IllegalArgumentException(op + ": Given input size per channel: (" + in[0] + " x " + in[1] + " x " + in[2]
                    + "). Calculated output size per channel: (" + out[0] + " x " + out[1] + " x " + out[2] + "). Output size is too small");
        }
        long n = x.size(0), cin = weight.size(0);
        Tensor planes = x.permute(0, 2, 1, 3, 4).reshape(n * in[0], cin, in[1], in[2]);
        long[] st2 = {st[1], st[2]}, pd2 = {pd[1], pd[2]}, op2 = {op0[1], op0[2]}, dl2 = {dl[1], dl[2]};
        // depths before cropping: every z * sD + kd * dD, and what output padding adds past them
        long span = (in[0] - 1) * st[0] + dl[0] * (k[0] - 1) + 1, depths = Math.max(span, pd[0] + out[0]);
        Tensor acc = null;
        for (int kd = 0; kd < k[0]; kd++) {
            Tensor yk = convTranspose(2, planes, weight.select(2, kd), null, st2, pd2, op2, groups, dl2);
            long[] idx = new long[(int) in[0]];
            for (int z = 0; z < in[0]; z++) idx[z] = z * st[0] + kd * dl[0];
            Tensor part = yk.view(n, in[0], cout, yk.size(2), yk.size(3));
            if (acc == null) acc = Torch.zeros(Torch.shape(n, depths, cout, yk.size(2), yk.size(3)),
                    Torch.dtype(yk.dtype()).device(yk.device()));
            acc = acc.indexAdd(1, Torch.fromArray(idx).to(x.device()), part);
        }
        Tensor y = acc.narrow(1, pd[0], out[0]).permute(0, 2, 1, 3, 4).contiguous();
        if (bias != null) y = y.add(bias.view(1, cout, 1, 1, 1));
        return d == 4 ? y.squeeze(0) : y;
    }
}
