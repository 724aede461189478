package dev.torch4j.vision.transforms;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.nn.Py;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The geometric and filtering kernels of {@link Functional} (torchvision 0.14's tensor path): rotate, affine,
 * perspective, resized crop, five/ten crop, gaussian blur, erase. Reached as {@code Functional.rotate(...)}.
 *
 * <p>Rotation and affine maps build torchvision's sampling grid (pixel centers, the inverse matrix of
 * {@code _get_inverse_affine_matrix}, normalized by the input size) and sample with {@code grid_sample} (zeros
 * padding, {@code align_corners=False}); a fill value goes through torchvision's extra mask channel. Integer
 * images are sampled in float32 and rounded back.
 */
abstract class GeometryFunctions extends ColorFunctions {
    GeometryFunctions() {}

    /**
     * torchvision's {@code _get_inverse_affine_matrix(center, angle, translate, scale, shear)}: the 2x3 matrix (row
     * major) that maps output pixel coordinates to input ones for a rotation by {@code angle} degrees, a scale and
     * shears (degrees) about {@code center}, then a translation.
     */
    static double[] inverseAffineMatrix(double[] center, double angle, double[] translate, double scale, double[] shear) {
        double rot = Math.toRadians(angle), sx = Math.toRadians(shear[0]), sy = Math.toRadians(shear[1]);
        double cx = center[0], cy = center[1], tx = translate[0], ty = translate[1];
        double a = Math.cos(rot - sy) / Math.cos(sy);
        double b = -Math.cos(rot - sy) * Math.tan(sx) / Math.cos(sy) - Math.sin(rot);
        double c = Math.sin(rot - sy) / Math.cos(sy);
        double d = -Math.sin(rot - sy) * Math.tan(sx) / Math.cos(sy) + Math.cos(rot);
        double[] m = {d, -b, 0.0, -c, a, 0.0};
        for (int i = 0; i < 6; i++) m[i] /= scale;
        m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
        m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
        m[2] += cx;
        m[5] += cy;
        return m;
    }

    /** A center in pixels (origin top-left) as torchvision's tensor path wants it: relative to the image center. */
    private static double[] centerF(Tensor img, double[] center) {
        if (center == null) return new double[] {0.0, 0.0};
        if (center.length != 2) throw new IllegalArgumentException("center should be a sequence of length 2.");
        return new double[] {center[0] - img.size(-1) * 0.5, center[1] - img.size(-2) * 0.5};
    }

    /**
     * {@code rotate(img, angle, interpolation, expand, center, fill)}: rotates counter-clockwise by {@code angle}
     * degrees about {@code center} (pixels from the top-left corner; null: the image center). With {@code expand},
     * the output grows to hold the whole rotated image (computed as torchvision does, in float32 truncated to 1e-4).
     * {@code fill} (null: zeros without the mask pass; one value or one per channel) colors the area outside.
     *
     * @throws IllegalArgumentException for a fill whose length is neither 1 nor the channel count
     */
    public static Tensor rotate(Tensor img, double angle, InterpolationMode interpolation, boolean expand, double[] center, double[] fill) {
        checkImage(img, 2, "rotate");
        Objects.requireNonNull(interpolation, "interpolation");
        checkFill(img, fill);
        checkGridMode(interpolation);
        double[] m = inverseAffineMatrix(centerF(img, center), -angle, new double[2], 1.0, new double[2]);
        long w = img.size(-1), h = img.size(-2);
        long[] owh = expand ? affineOutputSize(m, w, h) : new long[] {w, h};
        return applyGrid(img, affineGrid(img, m, w, h, owh[0], owh[1]), interpolation, fill);
    }

    /** {@code rotate(img, angle)}: nearest, same size, about the center, zeros outside. */
    public static Tensor rotate(Tensor img, double angle) { return rotate(img, angle, InterpolationMode.NEAREST, false, null, null); }

    /**
     * {@code affine(img, angle, translate, scale, shear, interpolation, fill, center)}: rotates clockwise by
     * {@code angle} degrees, scales, shears ({@code shear}: one value for x, or (x, y), degrees) about {@code center}
     * (null: the image center), then translates by {@code translate} pixels (x, y).
     *
     * @throws IllegalArgumentException for a non-positive scale, a translate of other than 2 values, a shear of other
     *                                  than 1 or 2 values, or a fill whose length is neither 1 nor the channel count
     */
    public static Tensor affine(Tensor img, double angle, double[] translate, double scale, double[] shear,
                                InterpolationMode interpolation, double[] fill, double[] center) {
        checkImage(img, 2, "affine");
        Objects.requireNonNull(interpolation, "interpolation");
        if (translate == null || translate.length != 2) throw new IllegalArgumentException("Argument translate should be a sequence of length 2");
        if (scale <= 0.0) throw new IllegalArgumentException("Argument scale should be positive");
        Objects.requireNonNull(shear, "Shear should be either a single value or a sequence of two values");
        double[] sh = shear.length == 1 ? new double[] {shear[0], 0.0} : shear;
        if (sh.length != 2) throw new IllegalArgumentException("Shear should be a sequence containing two values. Got " + Functional.pyList(shear));
        checkFill(img, fill);
        checkGridMode(interpolation);
        double[] m = inverseAffineMatrix(centerF(img, center), angle, translate, scale, sh);
        long w = img.size(-1), h = img.size(-2);
        return applyGrid(img, affineGrid(img, m, w, h, w, h), interpolation, fill);
    }

    /**
     * {@code perspective(img, startpoints, endpoints, interpolation, fill)}: the projective map taking the four
     * {@code startpoints} (x, y pixels; top-left, top-right, bottom-right, bottom-left) to the {@code endpoints}, its
     * eight coefficients fitted by least squares in float64 as torchvision fits them; the area mapped from outside the
     * image gets {@code fill} (null: zeros without the mask pass; one value or one per channel).
     *
     * <pre>{@code
     * long[][] from = {{0, 0}, {w - 1, 0}, {w - 1, h - 1}, {0, h - 1}}, to = {{2, 1}, {w - 3, 0}, {w - 1, h - 2}, {1, h - 1}};
     * Tensor y = Functional.perspective(img, from, to, InterpolationMode.BILINEAR, null);
     * }</pre>
     *
     * @throws IllegalArgumentException for other than four (x, y) points each, a fill whose length is neither 1 nor
     *                                  the channel count, or a mode other than nearest and bilinear
     */
    public static Tensor perspective(Tensor img, long[][] startpoints, long[][] endpoints, InterpolationMode interpolation, double[] fill) {
        double[] c = perspectiveCoeffs(startpoints, endpoints);
        checkImage(img, 2, "perspective");
        Objects.requireNonNull(interpolation, "interpolation");
        checkFill(img, fill);
        checkGridMode(interpolation);
        return applyGrid(img, perspectiveGrid(img, c, img.size(-1), img.size(-2)), interpolation, fill);
    }

    /**
     * torchvision's {@code _get_perspective_coeffs}: the least-squares solution (float64, the "gels" driver) of the
     * eight equations that map each endpoint to its startpoint (0.15+; 0.14 solved them in float32).
     */
    static double[] perspectiveCoeffs(long[][] startpoints, long[][] endpoints) {
        Objects.requireNonNull(startpoints, "startpoints");
        Objects.requireNonNull(endpoints, "endpoints");
        if (startpoints.length != 4 || endpoints.length != 4) {
            throw new IllegalArgumentException("Please provide exactly four corners, got " + startpoints.length + " startpoints and "
                    + endpoints.length + " endpoints.");
        }
        double[] a = new double[64], b = new double[8];
        for (int i = 0; i < 4; i++) {
            long[] p1 = endpoints[i], p2 = startpoints[i];
            if (p1.length != 2 || p2.length != 2) throw new IllegalArgumentException("perspective: each point should be (x, y)");
            double[] even = {p1[0], p1[1], 1, 0, 0, 0, -p2[0] * p1[0], -p2[0] * p1[1]};
            double[] odd = {0, 0, 0, p1[0], p1[1], 1, -p2[1] * p1[0], -p2[1] * p1[1]};
            System.arraycopy(even, 0, a, 16 * i, 8);
            System.arraycopy(odd, 0, a, 16 * i + 8, 8);
            b[2 * i] = p2[0];
            b[2 * i + 1] = p2[1];
        }
        Tensor solution = Torch.linalg().lstsq(Torch.fromArray(a).view(8, 8), Torch.fromArray(b).view(8, 1), null, "gels").solution();
        return solution.view(8).toDoubleArray();
    }

    /**
     * torchvision's {@code _perspective_grid}: output pixel centers (float32 linspace from 0.5) through the two rows
     * of the map, divided by its denominator row, normalized to [-1, 1]; in the image's float type.
     */
    private static Tensor perspectiveGrid(Tensor img, double[] c, long ow, long oh) {
        DType dtype = asFloat(img).dtype();
        TensorOptions f32 = TensorOptions.DEFAULT.dtype(DType.FLOAT32).device(img.device());
        TensorOptions o = TensorOptions.DEFAULT.dtype(dtype).device(img.device());
        Tensor x = Torch.linspace(0.5, ow + 0.5 - 1.0, ow, f32).to(dtype).view(1, ow).expand(oh, ow);
        Tensor y = Torch.linspace(0.5, oh + 0.5 - 1.0, oh, f32).to(dtype).view(oh, 1).expand(oh, ow);
        Tensor base = Torch.stack(new Tensor[] {x, y, Torch.onesLike(x)}, -1).reshape(1, oh * ow, 3);
        Tensor theta1 = Torch.tensor(new double[] {c[0], c[1], c[2], c[3], c[4], c[5]}, o).view(1, 2, 3);
        Tensor theta2 = Torch.tensor(new double[] {c[6], c[7], 1.0, c[6], c[7], 1.0}, o).view(1, 2, 3);
        Tensor rescaled = theta1.transpose(1, 2).div(Torch.tensor(new double[] {0.5 * ow, 0.5 * oh}, o));
        return base.bmm(rescaled).div(base.bmm(theta2.transpose(1, 2))).sub(1.0).view(1, oh, ow, 2);
    }

    /** torchvision's grid transforms sample tensors with grid_sample's nearest or bilinear mode only. */
    private static void checkGridMode(InterpolationMode mode) {
        if (mode != InterpolationMode.NEAREST && mode != InterpolationMode.BILINEAR) {
            throw new IllegalArgumentException("Interpolation mode '" + mode.value() + "' is unsupported with Tensor input");
        }
    }

    private static void checkFill(Tensor img, double[] fill) {
        long c = channels(img);
        if (fill != null && fill.length > 1 && fill.length != c) {
            throw new IllegalArgumentException("The number of elements in 'fill' cannot broadcast to match the number of channels of the image ("
                    + fill.length + " != " + c + ")");
        }
    }

    /** torchvision's {@code _compute_affine_output_size}: the (width, height) holding the mapped corners, in float32. */
    private static long[] affineOutputSize(double[] matrix, long w, long h) {
        float[] m = new float[6];
        for (int i = 0; i < 6; i++) m[i] = (float) matrix[i];
        float hw = (float) (0.5 * w), hh = (float) (0.5 * h);
        float[][] pts = {{-hw, -hh}, {-hw, hh}, {hw, hh}, {hw, -hh}};
        float[] lo = {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}, hi = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (float[] p : pts) {
            for (int k = 0; k < 2; k++) {
                float v = p[0] * m[3 * k] + p[1] * m[3 * k + 1] + m[3 * k + 2];
                lo[k] = Math.min(lo[k], v);
                hi[k] = Math.max(hi[k], v);
            }
        }
        float tol = (float) 1e-4;
        long[] size = new long[2];
        float[] shift = {hw, hh};
        for (int k = 0; k < 2; k++) {
            float cmax = (float) Math.ceil(truncF((hi[k] + shift[k]) / tol) * tol);
            float cmin = (float) Math.floor(truncF((lo[k] + shift[k]) / tol) * tol);
            size[k] = (long) (cmax - cmin);
        }
        return size;
    }

    private static float truncF(float v) { return (float) (v < 0 ? Math.ceil(v) : Math.floor(v)); }

    /**
     * torchvision's {@code _gen_affine_grid}: output pixel centers (float32 linspace) times the matrix, normalized by
     * half the input size; {@code [1, oh, ow, 2]} in the image's float type (float32 for integer images).
     */
    private static Tensor affineGrid(Tensor img, double[] matrix, long w, long h, long ow, long oh) {
        DType dtype = asFloat(img).dtype();
        TensorOptions f32 = TensorOptions.DEFAULT.dtype(DType.FLOAT32).device(img.device());
        TensorOptions o = TensorOptions.DEFAULT.dtype(dtype).device(img.device());
        Tensor x = Torch.linspace(-ow * 0.5 + 0.5, ow * 0.5 + 0.5 - 1, ow, f32).to(dtype).view(1, ow).expand(oh, ow);
        Tensor y = Torch.linspace(-oh * 0.5 + 0.5, oh * 0.5 + 0.5 - 1, oh, f32).to(dtype).view(oh, 1).expand(oh, ow);
        Tensor base = Torch.stack(new Tensor[] {x, y, Torch.onesLike(x)}, -1).reshape(1, oh * ow, 3);
        Tensor theta = Torch.tensor(matrix, o).view(1, 2, 3);
        Tensor rescaled = theta.transpose(1, 2).div(Torch.tensor(new double[] {0.5 * w, 0.5 * h}, o));
        return base.bmm(rescaled).view(1, oh, ow, 2);
    }

    /** torchvision's {@code _apply_grid_transform}: grid_sample with the fill's mask channel, cast back. */
    private static Tensor applyGrid(Tensor img, Tensor grid, InterpolationMode mode, double[] fill) {
        long[] shape = img.shapeArray();
        int nd = shape.length;
        long c = nd == 2 ? 1 : shape[nd - 3], h = shape[nd - 2], w = shape[nd - 1];
        Tensor x = img.to(grid.dtype()).reshape(-1, c, h, w);
        long n = x.size(0);
        if (n > 1) grid = grid.expand(n, grid.size(1), grid.size(2), 2);
        if (fill != null) x = Torch.cat(new Tensor[] {x, Torch.onesLike(x.narrow(1, 0, 1))}, 1);
        String m = mode.value();
        Tensor y = dev.torch4j.nn.Functional.gridSample(x, grid, m, "zeros", false);
        if (fill != null) {
            Tensor mask = y.narrow(1, c, 1).expand(n, c, y.size(2), y.size(3));
            y = y.narrow(1, 0, c);
            Tensor fillImg = Torch.tensor(fill, TensorOptions.DEFAULT.dtype(y.dtype()).device(y.device())).view(1, fill.length, 1, 1).expandAs(y);
            y = mode == InterpolationMode.NEAREST ? Torch.where(mask.lt(0.5), fillImg, y)
                    : y.mul(mask).add(mask.neg().add(1.0).mul(fillImg));
        }
        long[] out = shape.clone();
        out[nd - 2] = y.size(2);
        out[nd - 1] = y.size(3);
        return castBack(y.reshape(out), img.dtype());
    }

    /**
     * {@code gaussian_blur(img, kernel_size, sigma)}: a separable Gaussian of {@code kernelSize} (x, y; one value:
     * square; odd and positive) and {@code sigma} (x, y; one value: both; null: {@code 0.3 * ((k - 1) * 0.5 - 1) + 0.8}
     * per side), over reflect-padded channels; integer images are blurred in float32 and rounded back.
     *
     * @throws IllegalArgumentException for an even or negative kernel size, a non-positive sigma, or lengths other
     *                                  than 1 or 2
     */
    public static Tensor gaussianBlur(Tensor img, long[] kernelSize, double[] sigma) {
        Objects.requireNonNull(kernelSize, "kernelSize");
        long[] k = kernelSize.length == 1 ? new long[] {kernelSize[0], kernelSize[0]} : kernelSize;
        if (k.length != 2) throw new IllegalArgumentException("If kernel_size is a sequence its length should be 2. Got " + k.length);
        for (long ks : k) {
            if (ks % 2 == 0 || ks < 0) throw new IllegalArgumentException("kernel_size should have odd and positive integers. Got " + java.util.Arrays.toString(k));
        }
        double[] s = sigma == null ? new double[] {k[0] * 0.15 + 0.35, k[1] * 0.15 + 0.35} : sigma.length == 1 ? new double[] {sigma[0], sigma[0]} : sigma;
        if (s.length != 2) throw new IllegalArgumentException("If sigma is a sequence, its length should be 2. Got " + s.length);
        for (double v : s) if (v <= 0.0) throw new IllegalArgumentException("sigma should have positive values. Got " + Functional.pyList(s));
        checkImage(img, 2, "gaussianBlur");
        DType dtype = asFloat(img).dtype();
        Tensor kx = gaussianKernel1d(k[0], s[0]).to(dtype), ky = gaussianKernel1d(k[1], s[1]).to(dtype);
        Tensor kernel = ky.view(-1, 1).mm(kx.view(1, -1)).to(img.device());
        Tensor x = asFloat(img).reshape(-1, channels(img), img.size(-2), img.size(-1));
        x = dev.torch4j.nn.Functional.pad(x, new long[] {k[0] / 2, k[0] / 2, k[1] / 2, k[1] / 2}, "reflect", 0.0);
        return castBack(depthwiseConv(x, kernel).reshape(img.shapeArray()), img.dtype());
    }

    /** torchvision's {@code _get_gaussian_kernel1d}, in float32: {@code exp(-0.5 (x / sigma)^2)} normalized. */
    private static Tensor gaussianKernel1d(long size, double sigma) {
        double half = (size - 1) * 0.5;
        Tensor x = Torch.linspace(-half, half, size, TensorOptions.DEFAULT.dtype(DType.FLOAT32));
        Tensor pdf = x.div(sigma).pow(2L).mul(-0.5).exp();
        return pdf.div(pdf.sum());
    }

    /**
     * {@code erase(img, i, j, h, w, v, inplace)}: sets the {@code h x w} window at row {@code i}, column {@code j} to
     * {@code v} (broadcast, cast to the image's dtype), on a copy unless {@code inplace}.
     */
    public static Tensor erase(Tensor img, long i, long j, long h, long w, Tensor v, boolean inplace) {
        checkImage(img, 2, "erase");
        Tensor out = inplace ? img : img.clone();
        int d = out.dim();
        long rows = Math.max(0, Math.min(i + h, out.size(-2)) - i), cols = Math.max(0, Math.min(j + w, out.size(-1)) - j);
        Tensor window = out.narrow(d - 2, i, rows).narrow(d - 1, j, cols);
        Tensor value = v.to(out.dtype());
        while (value.dim() > window.dim() && value.size(0) == 1) value = value.squeeze(0); // as setitem drops leading ones
        window.copy_(value.expandAs(window));
        return out;
    }

    /**
     * {@code resized_crop(img, top, left, height, width, size, interpolation, antialias)}: {@link Functional#crop}
     * then {@link Functional#resize(Tensor, long[], InterpolationMode, Long, boolean)}.
     */
    public static Tensor resizedCrop(Tensor img, long top, long left, long height, long width, long[] size,
                                     InterpolationMode interpolation, boolean antialias) {
        return Functional.resize(Functional.crop(img, top, left, height, width), size, interpolation, null, antialias);
    }

    /**
     * {@code five_crop(img, size)}: the four corner crops and the center crop, in torchvision's order (top-left,
     * top-right, bottom-left, bottom-right, center).
     *
     * @throws IllegalArgumentException when the crop is larger than the image
     */
    public static List<Tensor> fiveCrop(Tensor img, long... size) {
        long[] s = size.length == 1 ? new long[] {size[0], size[0]} : size;
        if (s.length != 2) throw new IllegalArgumentException("Please provide only two dimensions (h, w) for size.");
        checkImage(img, 2, "fiveCrop");
        long ih = img.size(-2), iw = img.size(-1), ch = s[0], cw = s[1];
        if (cw > iw || ch > ih) {
            throw new IllegalArgumentException("Requested crop size " + (size.length == 1 ? Py.tuple(s) : java.util.Arrays.toString(s)) + " is bigger than input size " + Py.tuple(ih, iw));
        }
        return List.of(Functional.crop(img, 0, 0, ch, cw), Functional.crop(img, 0, iw - cw, ch, cw),
                Functional.crop(img, ih - ch, 0, ch, cw), Functional.crop(img, ih - ch, iw - cw, ch, cw), Functional.centerCrop(img, ch, cw));
    }

    /** {@code ten_crop(img, size, vertical_flip)}: {@link #fiveCrop} of the image, then of its horizontal (or vertical) flip. */
    public static List<Tensor> tenCrop(Tensor img, long[] size, boolean verticalFlip) {
        List<Tensor> all = new ArrayList<>(fiveCrop(img, size));
        all.addAll(fiveCrop(verticalFlip ? Functional.vflip(img) : Functional.hflip(img), size));
        return List.copyOf(all);
    }
}
