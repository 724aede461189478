package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ops.Nondeterministic;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;
import dev.torch4j.ops.AutocastMode;

import java.util.List;

/**
 * {@code F.affine_grid} and {@code F.grid_sample} (2-d: bilinear, nearest, bicubic; 3-d: trilinear as "bilinear",
 * nearest) composed of tensor ops: the sampling coordinates are unnormalised, clipped or reflected as PyTorch's kernel
 * does, the source pixels (2^d corners, one, or bicubic's 4 x 4) are gathered from the flattened input and weighted,
 * so the derivatives with respect to the input and the grid are those of the parts (gather's scatter-add; the
 * weights' polynomials in the fractional coordinates) and the functions run on any device.
 */
final class GridSample {
    private GridSample() {}

    /** PyTorch's linspace_from_neg_one: the pixel centres in [-1, 1] (or the corners with align_corners). */
    private static Tensor line(long n, boolean alignCorners, Tensor like) {
        if (n <= 1) return Torch.zeros(Torch.shape(n), Torch.dtype(like.dtype()).device(like.device()));
        Tensor r = Torch.linspace(-1, 1, n, Torch.dtype(like.dtype()).device(like.device()));
        return alignCorners ? r : r.mul((double) (n - 1) / n);
    }

    static Tensor affineGrid(Tensor theta, long[] size, boolean alignCorners) {
        if (!theta.isFloatingPoint()) {
            throw new IllegalArgumentException("Expected theta to have floating point type, but got " + theta.dtype().pyName());
        }
        if (size.length != 4 && size.length != 5) {
            throw new IllegalArgumentException("affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size "
                    + Shapes.str(size) + ".");
        }
        int sd = size.length - 2;
        if (theta.dim() != 3 || theta.size(1) != sd || theta.size(2) != sd + 1) {
            throw new IllegalArgumentException("Expected a batch of " + sd + "D affine matrices of shape Nx" + sd + "x" + (sd + 1) + " for size "
                    + Shapes.str(size) + ". Got " + Shapes.str(theta.shapeArray()) + ".");
        }
        for (long v : size) {
            if (v <= 0) throw new IllegalArgumentException("Expected non-zero, positive output size. Got " + Shapes.str(size));
        }
        if (theta.size(0) != size[0]) {
            throw new IllegalArgumentException("affine_grid: expected theta's batch size " + theta.size(0) + " to match size[0] = " + size[0]);
        }
        long n = size[0], cells = 1;
        long[] sp = java.util.Arrays.copyOfRange(size, 2, size.length);
        for (long v : sp) cells *= v;
        // columns x (over the last dim), y, z (over the first), then ones: the base grid's homogeneous coordinates
        List<Tensor> cols = new java.util.ArrayList<>();
        for (int c = 0; c < sd; c++) {
            int dim = sd - 1 - c;
            long[] view = new long[sd];
            java.util.Arrays.fill(view, 1);
            view[dim] = sp[dim];
            cols.add(line(sp[dim], alignCorners, theta).reshape(view).expand(sp));
        }
        cols.add(Torch.onesLike(cols.get(0)));
        Tensor base = Torch.stack(cols, sd).reshape(1, cells, sd + 1).expand(n, cells, sd + 1);
        long[] out = new long[sd + 2];
        out[0] = n;
        System.arraycopy(sp, 0, out, 1, sd);
        out[sd + 1] = sd;
        return base.bmm(theta.transpose(1, 2)).reshape(out);
    }

    /** Pixel coordinates from [-1, 1] ones. */
    private static Tensor unnormalize(Tensor c, long size, boolean alignCorners) {
        return alignCorners ? c.add(1).div(2).mul(size - 1) : c.add(1).mul(size).sub(1).div(2);
    }

    /** PyTorch's reflect_coordinates over [twiceLow / 2, twiceHigh / 2]. */
    private static Tensor reflect(Tensor in, long twiceLow, long twiceHigh) {
        if (twiceLow == twiceHigh) return in.mul(0);
        double min = twiceLow / 2.0, span = (twiceHigh - twiceLow) / 2.0;
        Tensor x = in.sub(min).abs();
        Tensor extra = x.remainder(span), flips = x.div(span).floor();
        Tensor even = flips.remainder(2).eq(0.0);
        return extra.add(min).where(even, extra.neg().add(span + min));
    }

    private static Tensor sourceIndex(Tensor c, long size, String padding, boolean alignCorners) {
        Tensor x = unnormalize(c, size, alignCorners);
        if (padding.equals("border")) return clip(x, size);
        if (padding.equals("reflection")) return clip(alignCorners ? reflect(x, 0, 2 * (size - 1)) : reflect(x, -1, 2 * size - 1), size);
        return x;
    }

    /** x clipped to [0, size - 1], with PyTorch's clip_coordinates_set_grad: no gradient at the bounds either. */
    private static Tensor clip(Tensor x, long size) {
        Tensor inside = x.gt(0.0).logicalAnd(x.lt((double) (size - 1)));
        return Torch.where(inside, x, x.detach().clamp(0, size - 1));
    }

    static Tensor gridSample(Tensor input, Tensor grid, String mode, String padding, boolean alignCorners) {
        String backward = input.dim() == 5 ? "grid_sampler_3d_backward_cuda" : "grid_sampler_2d_backward_cuda";
        Nondeterministic.backwardOnCuda(backward, input);
        Nondeterministic.backwardOnCuda(backward, grid);
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.GRID_SAMPLE, a -> gridSample(a[0], a[1], mode, padding, alignCorners),
                    input, grid);
        }
        check(input, grid, mode, padding);
        int sd = input.dim() - 2;
        long n = input.size(0), c = input.size(1), cells = 1, points = 1;
        long[] sizes = new long[sd];
        for (int k = 0; k < sd; k++) {
            sizes[k] = input.size(2 + k);
            cells *= sizes[k];
            points *= grid.size(1 + k);
        }
        long[] outShape = new long[sd + 2];
        outShape[0] = n;
        outShape[1] = c;
        System.arraycopy(grid.shapeArray(), 1, outShape, 2, sd);
        Tensor flat = input.reshape(n, c, cells);
        boolean cubic = mode.equals("bicubic");
        // coordinate k indexes spatial dim k (depth, height, width); the grid lists them in reverse (x first)
        Tensor[] at = new Tensor[sd];
        for (int k = 0; k < sd; k++) {
            Tensor g = grid.select(sd + 1, sd - 1 - k).reshape(n, points);
            at[k] = cubic ? unnormalize(g, sizes[k], alignCorners) : sourceIndex(g, sizes[k], padding, alignCorners);
        }
        if (mode.equals("nearest")) {
            Tensor[] idx = new Tensor[sd];
            for (int k = 0; k < sd; k++) idx[k] = at[k].detach().round();   // round half to even, as nearbyint
            // weight 1 that still depends on the grid, so the grid's gradient is zeros (PyTorch's), not absent
            return tap(flat, idx, at[0].mul(0).add(1), sizes).reshape(outShape);
        }
        Tensor[] lo = new Tensor[sd], t = new Tensor[sd];
        for (int k = 0; k < sd; k++) {
            lo[k] = at[k].detach().floor();
            t[k] = at[k].sub(lo[k]);
        }
        Tensor out = null;
        if (cubic) {   // 4 x 4 taps at lo - 1 .. lo + 2, each coordinate clipped or reflected as an integer
            Tensor[] wy = cubicWeights(t[0]), wx = cubicWeights(t[1]);
            for (int j = 0; j < 4; j++) {
                for (int i = 0; i < 4; i++) {
                    Tensor[] idx = {bounded(lo[0].add(j - 1), sizes[0], padding, alignCorners), bounded(lo[1].add(i - 1), sizes[1], padding, alignCorners)};
                    Tensor term = tap(flat, idx, wy[j].mul(wx[i]), sizes);
                    out = out == null ? term : out.add(term);
                }
            }
            return out.reshape(outShape);
        }
        for (int corner = 0; corner < 1 << sd; corner++) {   // bit k: the upper neighbour along dim k
            Tensor[] idx = new Tensor[sd];
            Tensor w = null;
            for (int k = 0; k < sd; k++) {
                boolean up = (corner >> (sd - 1 - k) & 1) == 1;
                idx[k] = up ? lo[k].add(1) : lo[k];
                Tensor wk = up ? t[k] : t[k].neg().add(1);
                w = w == null ? wk : w.mul(wk);
            }
            Tensor term = tap(flat, idx, w, sizes);
            out = out == null ? term : out.add(term);
        }
        return out.reshape(outShape);
    }

    private static void check(Tensor input, Tensor grid, String mode, String padding) {
        if (input.dim() != 4 && input.dim() != 5) {
            throw new IllegalArgumentException("grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but got input with sizes "
                    + Shapes.str(input.shapeArray()) + " and grid with sizes " + Shapes.str(grid.shapeArray()));
        }
        if (grid.dim() != input.dim()) {
            throw new IllegalArgumentException("grid_sampler(): expected " + input.dim() + "D input and grid with same number of dimensions, but got "
                    + "input with sizes " + Shapes.str(input.shapeArray()) + " and grid with sizes " + Shapes.str(grid.shapeArray()));
        }
        int sd = input.dim() - 2;
        if (grid.size(0) != input.size(0)) {
            throw new IllegalArgumentException("grid_sampler(): expected grid and input to have same batch size, but got input with sizes "
                    + Shapes.str(input.shapeArray()) + " and grid with sizes " + Shapes.str(grid.shapeArray()));
        }
        if (grid.size(sd + 1) != sd) {
            throw new IllegalArgumentException("grid_sampler(): expected grid to have size " + sd + " in last dimension, but got grid with sizes "
                    + Shapes.str(grid.shapeArray()));
        }
        for (int k = 2; k < input.dim(); k++) {
            if (input.size(k) == 0) {
                throw new IllegalArgumentException("grid_sampler(): expected input to have non-empty spatial dimensions, but input has sizes "
                        + Shapes.str(input.shapeArray()) + " with dimension " + k + " being empty");
            }
        }
        if (!mode.equals("bilinear") && !mode.equals("nearest") && !mode.equals("bicubic")) {
            throw new IllegalArgumentException("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '"
                    + mode + "'");
        }
        if (mode.equals("bicubic") && sd == 3) throw new IllegalArgumentException("grid_sampler(): bicubic interpolation only supports 4D input");
        if (!padding.equals("zeros") && !padding.equals("border") && !padding.equals("reflection")) {
            throw new IllegalArgumentException("nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                    + "'reflection', but got: '" + padding + "'");
        }
        if (input.dtype() != grid.dtype()) {
            throw new IllegalArgumentException("grid_sampler(): expected input and grid to have same dtype, but input has "
                    + input.dtype().pyName() + " and grid has " + grid.dtype().pyName());
        }
    }

    /** The cubic convolution weights (A = -0.75) of the taps at -1, 0, 1, 2 for fractional offset t. */
    private static Tensor[] cubicWeights(Tensor t) {
        double a = -0.75;
        Tensor s = t.neg().add(1);
        return new Tensor[] {far(t.add(1), a), near(t, a), near(s, a), far(s.add(1), a)};
    }

    /** ((A + 2) x - (A + 3)) x^2 + 1, for |x| <= 1. */
    private static Tensor near(Tensor x, double a) { return x.mul(a + 2).sub(a + 3).mul(x).mul(x).add(1); }

    /** ((A x - 5A) x + 8A) x - 4A, for 1 < |x| < 2. */
    private static Tensor far(Tensor x, double a) { return x.mul(a).sub(5 * a).mul(x).add(8 * a).mul(x).sub(4 * a); }

    /** A bicubic tap's integer coordinate under the padding mode (zeros: as is, read as 0 outside). */
    private static Tensor bounded(Tensor x, long size, String padding, boolean alignCorners) {
        if (padding.equals("border")) return x.clamp(0, size - 1);
        if (padding.equals("reflection")) {
            Tensor r = alignCorners ? reflect(x, 0, 2 * (size - 1)) : reflect(x, -1, 2 * size - 1);
            return r.clamp(0, size - 1);
        }
        return x;
    }

    /** weight * input[:, :, idx...] where every coordinate is inside the input, else 0; [N, C, points]. */
    private static Tensor tap(Tensor flat, Tensor[] idx, Tensor weight, long[] sizes) {
        long n = flat.size(0), c = flat.size(1);
        Tensor inside = null, linear = null;
        for (int k = 0; k < idx.length; k++) {
            Tensor in = idx[k].ge(0.0).logicalAnd(idx[k].le((double) (sizes[k] - 1)));
            inside = inside == null ? in : inside.logicalAnd(in);
            Tensor ik = idx[k].clamp(0, sizes[k] - 1);
            linear = linear == null ? ik : linear.mul(sizes[k]).add(ik);
        }
        long points = idx[0].size(1);
        Tensor at = linear.to(DType.INT64).reshape(n, 1, points).expand(n, c, points);
        Tensor wt = weight.mul(inside.to(weight.dtype())).reshape(n, 1, points);
        return flat.gather(2, at).mul(wt);
    }
}
