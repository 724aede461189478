package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ops.Nondeterministic;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;
import dev.torch4j.ops.AutocastMode;

import java.util.List;

/**
 * {@code F.affine_grid} and {@code F.grid_sample} (2-d, bilinear and nearest) composed of tensor ops: the sampling
 * coordinates are unnormalised, clipped or reflected as PyTorch's kernel does, the four (or one) source pixels are
 * gathered from the flattened input and weighted, so the derivatives with respect to the input and the grid are those
 * of the parts (gather's scatter-add; the weights' products) and the functions run on any device.
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
        if (size.length != 4) throw new IllegalArgumentException("affine_grid only supports 4D sizes here (2-d), got " + Shapes.str(size));
        long n = size[0], h = size[2], w = size[3];
        if (theta.dim() != 3 || theta.size(0) != n || theta.size(1) != 2 || theta.size(2) != 3) {
            throw new IllegalArgumentException("Expected a batch of 2D affine matrices of shape Nx2x3 for size " + Shapes.str(size)
                    + ". Got " + Shapes.str(theta.shapeArray()) + ".");
        }
        Tensor xs = line(w, alignCorners, theta).reshape(1, w).expand(h, w);
        Tensor ys = line(h, alignCorners, theta).reshape(h, 1).expand(h, w);
        Tensor base = Torch.stack(List.of(xs, ys, Torch.onesLike(xs)), 2).reshape(1, h * w, 3).expand(n, h * w, 3);
        return base.bmm(theta.transpose(1, 2)).reshape(n, h, w, 2);
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
        if (padding.equals("border")) return x.clamp(0, size - 1);
        if (padding.equals("reflection")) {
            x = alignCorners ? reflect(x, 0, 2 * (size - 1)) : reflect(x, -1, 2 * size - 1);
            return x.clamp(0, size - 1);
        }
        return x;
    }

    static Tensor gridSample(Tensor input, Tensor grid, String mode, String padding, boolean alignCorners) {
        String backward = input.dim() == 5 ? "grid_sampler_3d_backward_cuda" : "grid_sampler_2d_backward_cuda";
        Nondeterministic.backwardOnCuda(backward, input);
        Nondeterministic.backwardOnCuda(backward, grid);
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.GRID_SAMPLE, a -> gridSample(a[0], a[1], mode, padding, alignCorners),
                    input, grid);
        }
        if (input.dim() != 4 || grid.dim() != 4 || grid.size(3) != 2 || grid.size(0) != input.size(0)) {
            throw new IllegalArgumentException("grid_sampler(): expected 4D input and grid with same batch size and grid.size(-1) == 2 "
                    + "(2-d sampling), but got input with sizes " + Shapes.str(input.shapeArray()) + " and grid with sizes "
                    + Shapes.str(grid.shapeArray()));
        }
        if (!mode.equals("bilinear") && !mode.equals("nearest")) {
            throw new IllegalArgumentException("nn.functional.grid_sample(): expected mode to be 'bilinear' or 'nearest' here "
                    + "(bicubic is not implemented), but got: '" + mode + "'");
        }
        if (!padding.equals("zeros") && !padding.equals("border") && !padding.equals("reflection")) {
            throw new IllegalArgumentException("nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                    + "'reflection', but got: '" + padding + "'");
        }
        if (input.dtype() != grid.dtype()) {
            throw new IllegalArgumentException("grid_sampler(): expected input and grid to have same dtype, but input has "
                    + input.dtype().pyName() + " and grid has " + grid.dtype().pyName());
        }
        long n = input.size(0), c = input.size(1), h = input.size(2), w = input.size(3), ho = grid.size(1), wo = grid.size(2);
        Tensor ix = sourceIndex(grid.select(3, 0), w, padding, alignCorners);
        Tensor iy = sourceIndex(grid.select(3, 1), h, padding, alignCorners);
        Tensor flat = input.reshape(n, c, h * w);
        if (mode.equals("nearest")) {
            Tensor x = ix.detach().round(), y = iy.detach().round();  // round half to even, as nearbyint
            // weight 1 that still depends on the grid, so the grid's gradient is zeros (PyTorch's), not absent
            return corner(flat, x, y, ix.mul(0).add(1), h, w, c).reshape(n, c, ho, wo);
        }
        Tensor x0 = ix.detach().floor(), y0 = iy.detach().floor(), x1 = x0.add(1), y1 = y0.add(1);
        Tensor out = corner(flat, x0, y0, x1.sub(ix).mul(y1.sub(iy)), h, w, c)
                .add(corner(flat, x1, y0, ix.sub(x0).mul(y1.sub(iy)), h, w, c))
                .add(corner(flat, x0, y1, x1.sub(ix).mul(iy.sub(y0)), h, w, c))
                .add(corner(flat, x1, y1, ix.sub(x0).mul(iy.sub(y0)), h, w, c));
        return out.reshape(n, c, ho, wo);
    }

    /** weight * input[:, :, y, x] where (x, y) is inside the image, else 0; [N, C, Ho * Wo]. */
    private static Tensor corner(Tensor flat, Tensor x, Tensor y, Tensor weight, long h, long w, long c) {
        long n = flat.size(0);
        Tensor inside = x.ge(0.0).logicalAnd(x.le((double) (w - 1))).logicalAnd(y.ge(0.0)).logicalAnd(y.le((double) (h - 1)));
        Tensor idx = y.clamp(0, h - 1).mul(w).add(x.clamp(0, w - 1)).to(DType.INT64).reshape(n, 1, -1).expand(n, c, -1);
        Tensor wt = weight.mul(inside.to(weight.dtype())).reshape(n, 1, -1);
        return flat.gather(2, idx).mul(wt);
    }
}
