package dev.torch4j.vision.transforms;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;
import dev.torch4j.nn.Py;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@code torchvision.transforms.v2.functional} for image tensors: the deterministic kernels behind
 * {@link Transforms}. Each takes {@code [..., H, W]} (normalize: {@code [..., C, H, W]}) with any number of leading
 * batch dims, works on every dtype torchvision's kernel accepts, and is composed from recorded tensor ops
 * (index_select, narrow, pad, arithmetic), so it runs on any device and differentiates through autograd.
 *
 * <p>The color kernels (adjust_*, grayscale, invert, posterize, solarize, autocontrast, equalize) and the geometric
 * ones (rotate, affine, perspective, gaussian_blur, erase, resized_crop, five/ten crop) follow torchvision 0.14's
 * tensor path ({@code functional_tensor.py}) operation by operation; they are inherited from package-private classes
 * that keep this file at reading size.
 *
 * <pre>{@code
 * Tensor x = Functional.toDtype(Images.readImage(path), DType.FLOAT32, true);
 * Tensor y = Functional.normalize(Functional.centerCrop(x, 224), new double[] {0.485, 0.456, 0.406},
 *                                 new double[] {0.229, 0.224, 0.225});
 * }</pre>
 */
public final class Functional extends GeometryFunctions {
    private Functional() {}

    private static void requireImage(Tensor img, int minDims, String op) {
        Objects.requireNonNull(img, op + ": image is null");
        if (img.dim() < minDims) {
            throw new IllegalArgumentException(op + ": expected a tensor image of shape " + (minDims == 3 ? "[..., C, H, W]" : "[..., H, W]")
                    + ", got shape " + Shapes.str(img.shapeArray()));
        }
    }

    // ---------------------------------------------------------------- flips

    /** {@code horizontal_flip(img)} ({@code hflip}): reverses the last (width) dim, {@code img.flip(-1)}. */
    public static Tensor hflip(Tensor img) {
        requireImage(img, 2, "hflip");
        return flip(img, img.dim() - 1);
    }

    /** {@code vertical_flip(img)} ({@code vflip}): reverses the height dim, {@code img.flip(-2)}. */
    public static Tensor vflip(Tensor img) {
        requireImage(img, 2, "vflip");
        return flip(img, img.dim() - 2);
    }

    /** {@code t.flip(d)} as an index_select with a reversed index (a copy, as flip's; recorded; on the tensor's device). */
    private static Tensor flip(Tensor t, int d) {
        long n = t.size(d);
        return t.indexSelect(d, Torch.arange(n - 1, -1, -1, TensorOptions.DEFAULT.dtype(DType.INT64).device(t.device())));
    }

    // ---------------------------------------------------------------- crops and padding

    /**
     * {@code crop(img, top, left, height, width)}: the {@code height x width} window whose top-left corner is at
     * ({@code top}, {@code left}); where the window reaches outside the image, it is filled with zeros.
     */
    public static Tensor crop(Tensor img, long top, long left, long height, long width) {
        requireImage(img, 2, "crop");
        if (height < 0 || width < 0) throw new IllegalArgumentException("crop: negative size " + height + "x" + width);
        int dh = img.dim() - 2, dw = img.dim() - 1;
        long h = img.size(dh), w = img.size(dw);
        long bottom = top + height, right = left + width;
        if (top >= 0 && left >= 0 && bottom <= h && right <= w) {
            return img.narrow(dh, top, height).narrow(dw, left, width);
        }
        // the part inside the image, then zeros for what lies outside on each side (torchvision's crop_image)
        long r0 = Math.min(Math.max(top, 0), h), c0 = Math.min(Math.max(left, 0), w);
        Tensor inside = img.narrow(dh, r0, Math.max(0, Math.min(bottom, h) - r0)).narrow(dw, c0, Math.max(0, Math.min(right, w) - c0));
        long padLeft = Math.max(Math.min(right, 0) - left, 0), padRight = Math.max(right - Math.max(w, left), 0);
        long padTop = Math.max(Math.min(bottom, 0) - top, 0), padBottom = Math.max(bottom - Math.max(h, top), 0);
        return dev.torch4j.nn.Functional.pad(inside, padLeft, padRight, padTop, padBottom);
    }

    /**
     * {@code center_crop(img, output_size)}: the centered {@code size[0] x size[1]} window (one value: a square),
     * its offset rounded half to even as Python's {@code round} does; an image smaller than the window is first
     * padded with zeros (the extra pixel of an odd difference going right/bottom).
     */
    public static Tensor centerCrop(Tensor img, long... size) {
        requireImage(img, 2, "centerCrop");
        long[] hw = sizeHW(size, "centerCrop");
        long ch = hw[0], cw = hw[1];
        int dh = img.dim() - 2, dw = img.dim() - 1;
        long h = img.size(dh), w = img.size(dw);
        if (ch > h || cw > w) {
            img = pad(img, new long[] {cw > w ? (cw - w) / 2 : 0, ch > h ? (ch - h) / 2 : 0,
                    cw > w ? (cw - w + 1) / 2 : 0, ch > h ? (ch - h + 1) / 2 : 0}, 0.0, "constant");
            h = img.size(dh);
            w = img.size(dw);
            if (ch == h && cw == w) return img;
        }
        long top = (long) Math.rint((h - ch) / 2.0), left = (long) Math.rint((w - cw) / 2.0);
        return crop(img, top, left, ch, cw);
    }

    /**
     * {@code pad(img, padding, fill, padding_mode)}: {@code padding} is one value (all sides), two (left/right,
     * top/bottom) or four (left, top, right, bottom); {@code paddingMode} is "constant" (with {@code fill}),
     * "edge", "reflect" (mirror without repeating the edge) or "symmetric" (mirror repeating it).
     */
    public static Tensor pad(Tensor img, long[] padding, double fill, String paddingMode) {
        requireImage(img, 2, "pad");
        long[] lrtb = parsePadding(padding);
        return switch (checkPaddingMode(paddingMode)) {
            case "constant" -> dev.torch4j.nn.Functional.pad(img, lrtb, "constant", fill);
            case "edge" -> padImage(img, lrtb, "replicate");
            case "reflect" -> padImage(img, lrtb, "reflect");
            case "symmetric" -> symmetric(symmetric(img, img.dim() - 1, lrtb[0], lrtb[1]), img.dim() - 2, lrtb[2], lrtb[3]);
            default -> throw new AssertionError(paddingMode);
        };
    }

    /**
     * torchvision's tensor pad in F.pad's reflect and replicate modes, which pad floating 3-D or 4-D inputs only:
     * the leading dims merged into one, other dtypes padded in float32 and cast back.
     */
    private static Tensor padImage(Tensor img, long[] lrtb, String mode) {
        long[] sh = img.shapeArray();
        long lead = 1;
        for (int i = 0; i < sh.length - 2; i++) lead *= sh[i];
        Tensor x = img.reshape(lead, sh[sh.length - 2], sh[sh.length - 1]);
        boolean cast = img.dtype() != DType.FLOAT32 && img.dtype() != DType.FLOAT64;
        Tensor y = dev.torch4j.nn.Functional.pad(cast ? x.to(DType.FLOAT32) : x, lrtb, mode, 0.0);
        if (cast) y = y.to(img.dtype());
        long[] out = sh.clone();
        out[sh.length - 2] = y.size(-2);
        out[sh.length - 1] = y.size(-1);
        return y.reshape(out);
    }

    /** Throws unless {@code mode} is one of torchvision's padding modes. */
    static String checkPaddingMode(String mode) {
        if (!java.util.List.of("constant", "edge", "reflect", "symmetric").contains(Objects.requireNonNull(mode, "paddingMode"))) {
            throw new IllegalArgumentException("Padding mode should be either constant, edge, reflect or symmetric, got " + mode);
        }
        return mode;
    }

    /** torchvision's padding forms as {@code F.pad}'s (left, right, top, bottom). */
    static long[] parsePadding(long[] padding) {
        Objects.requireNonNull(padding, "padding");
        return switch (padding.length) {
            case 1 -> new long[] {padding[0], padding[0], padding[0], padding[0]};
            case 2 -> new long[] {padding[0], padding[0], padding[1], padding[1]};
            case 4 -> new long[] {padding[0], padding[2], padding[1], padding[3]};
            default -> throw new IllegalArgumentException("Padding must be an int or a 1, 2, or 4 element tuple, not a "
                    + padding.length + " element tuple");
        };
    }

    /**
     * Symmetric padding along one dim: positions left of the edge read {@code -p-1}, right of it {@code 2n-1-p}; a
     * negative amount crops that side first, as torchvision's {@code _pad_symmetric} does.
     */
    private static Tensor symmetric(Tensor t, int d, long before, long after) {
        if (before < 0 || after < 0) {
            long cropBefore = Math.max(-before, 0), kept = Math.max(t.size(d) - cropBefore - Math.max(-after, 0), 0);
            t = t.narrow(d, Math.min(cropBefore, t.size(d)), kept);
            before = Math.max(before, 0);
            after = Math.max(after, 0);
        }
        if (before == 0 && after == 0) return t;
        long n = t.size(d);
        if (before > n || after > n) {
            throw new IllegalArgumentException("symmetric padding of (" + before + ", " + after + ") needs padding between 0 and the size "
                    + n + " of dim " + d + " (shape " + Shapes.str(t.shapeArray()) + ")");
        }
        long[] src = new long[(int) (n + before + after)];
        for (int o = 0; o < src.length; o++) {
            long p = o - before;
            src[o] = p < 0 ? -p - 1 : p >= n ? 2 * n - 1 - p : p;
        }
        return t.indexSelect(d, Torch.tensor(src, TensorOptions.DEFAULT.dtype(DType.INT64).device(t.device())));
    }

    /** One size (a square) or two (height, width). */
    static long[] sizeHW(long[] size, String op) {
        Objects.requireNonNull(size, "size");
        if (size.length == 1) return new long[] {size[0], size[0]};
        if (size.length == 2) return size.clone();
        throw new IllegalArgumentException(op + ": please provide only two dimensions (h, w) for size, got " + Arrays.toString(size));
    }

    // ---------------------------------------------------------------- resize

    /**
     * {@code resize(img, size, interpolation, max_size, antialias=False)}: torchvision 0.14's tensor default. Since
     * torchvision 0.17 tensors default to {@code antialias=True}, which differs when bilinear or bicubic downscales;
     * call {@link #resize(Tensor, long[], InterpolationMode, Long, boolean)} with {@code true} to match it.
     */
    public static Tensor resize(Tensor img, long[] size, InterpolationMode interpolation, Long maxSize) {
        return resize(img, size, interpolation, maxSize, false);
    }

    /**
     * {@code resize(img, size, interpolation, max_size, antialias)}: {@code size} of two values is the output
     * (height, width); one value is the length of the smaller edge, the other keeping the aspect ratio (truncated),
     * capped by {@code maxSize} (may be null) on the longer edge; a null {@code size} sets the longer edge to
     * {@code maxSize}. Bilinear and bicubic are {@code F.interpolate(align_corners=False, antialias=antialias)} in
     * the image's float type; {@code antialias} is ignored for the nearest modes (torchvision 0.17+; 0.14 raised).
     * Other dtypes compute in float32 and round back, uint8 bicubic clamped to [0, 255] first, as torchvision's v1
     * kernel does (and v2's off AVX2 CPUs and on GPUs); v2's native uint8 CPU path, which may differ by one, is
     * {@link dev.torch4j.nn.Functional#interpolate(Tensor, long[], double[], String, Boolean, Boolean, boolean)} on
     * the uint8 image.
     *
     * <pre>{@code
     * Tensor x = Functional.resize(img, new long[] {256}, InterpolationMode.BICUBIC, null, true); // torchvision 0.17+
     * }</pre>
     */
    public static Tensor resize(Tensor img, long[] size, InterpolationMode interpolation, Long maxSize, boolean antialias) {
        requireImage(img, 2, "resize");
        Objects.requireNonNull(interpolation, "interpolation");
        int dh = img.dim() - 2, dw = img.dim() - 1;
        long h = img.size(dh), w = img.size(dw);
        long[] out = resizedOutputSize(h, w, size, maxSize);
        if (out[0] == h && out[1] == w) return img;
        if (h == 0 || w == 0) { // nothing to interpolate from (PyTorch's interpolate refuses it)
            throw new IllegalArgumentException("Input and output sizes should be greater than 0, but got input (H: " + h + ", W: " + w
                    + ") output (H: " + out[0] + ", W: " + out[1] + ")");
        }
        if (img.numel() == 0) {
            long[] shape = img.shapeArray();
            shape[dh] = out[0];
            shape[dw] = out[1];
            return Torch.empty(dev.torch4j.Size.of(shape), TensorOptions.DEFAULT.dtype(img.dtype()).device(img.device()));
        }
        if (interpolation == InterpolationMode.NEAREST) {
            return img.indexSelect(dh, nearest(h, out[0], img)).indexSelect(dw, nearest(w, out[1], img));
        }
        DType dtype = img.dtype();
        boolean cast = dtype != DType.FLOAT32 && dtype != DType.FLOAT64;
        Tensor x = cast ? img.to(DType.FLOAT32) : img;
        boolean filtered = interpolation == InterpolationMode.BILINEAR || interpolation == InterpolationMode.BICUBIC;
        if (interpolation == InterpolationMode.BILINEAR && !antialias) {
            x = linear(linear(x, dw, w, out[1]), dh, h, out[0]); // width first: PyTorch's kernel nests width inside height
        } else {
            long[] shape = x.shapeArray();
            Tensor y = dev.torch4j.nn.Functional.interpolate(x.reshape(-1, 1, h, w), out, null, interpolation.value(),
                    filtered ? Boolean.FALSE : null, null, filtered && antialias);
            shape[dh] = out[0];
            shape[dw] = out[1];
            x = y.reshape(shape);
        }
        if (!cast) return x;
        if (interpolation == InterpolationMode.BICUBIC && dtype == DType.UINT8) x = x.clamp(0, 255);
        return castBack(x, dtype);
    }

    /** torchvision's {@code _compute_resized_output_size}: [new height, new width]. */
    static long[] resizedOutputSize(long h, long w, long[] size, Long maxSize) {
        long shortSide = Math.min(h, w), longSide = Math.max(h, w);
        long newShort, newLong;
        if (size == null) {
            if (maxSize == null) throw new IllegalArgumentException("max_size must be an integer when size is None, but got None instead.");
            newShort = (long) ((double) (maxSize * shortSide) / longSide);
            newLong = maxSize;
        } else if (size.length == 1) {
            long requested = size[0];
            newShort = requested;
            newLong = (long) ((double) (requested * longSide) / shortSide);
            if (maxSize != null) {
                if (maxSize <= requested) {
                    throw new IllegalArgumentException("max_size = " + maxSize + " must be strictly greater than the requested size for "
                            + "the smaller edge size = " + Arrays.toString(size));
                }
                if (newLong > maxSize) {
                    newShort = (long) ((double) (maxSize * newShort) / newLong);
                    newLong = maxSize;
                }
            }
        } else if (size.length == 2) {
            if (maxSize != null) {
                throw new IllegalArgumentException("max_size should only be passed if size is None or specifies the length of the smaller "
                        + "edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.");
            }
            return new long[] {size[0], size[1]};
        } else {
            throw new IllegalArgumentException("Size must be an int or a 1 or 2 element tuple/list, not a " + size.length + " element tuple/list");
        }
        if (newShort <= 0 || newLong <= 0) {
            throw new IllegalArgumentException("resize: output size " + newShort + "x" + newLong + " must be positive (input " + h + "x" + w + ")");
        }
        return w <= h ? new long[] {newLong, newShort} : new long[] {newShort, newLong};
    }

    /** PyTorch's nearest_idx: {@code min(floor(dst * (float) in / out), in - 1)}, in float as its kernel does. */
    private static Tensor nearest(long in, long out, Tensor like) {
        long[] idx = new long[Math.toIntExact(out)];
        float scale = (float) in / out;
        for (int i = 0; i < idx.length; i++) {
            idx[i] = in == out ? i : out == 2 * in ? i >> 1 : Math.min((long) Math.floor(i * scale), in - 1);
        }
        return Torch.tensor(idx, TensorOptions.DEFAULT.dtype(DType.INT64).device(like.device()));
    }

    /**
     * Linear interpolation along dim {@code d} with PyTorch's align_corners=False source indices and weights:
     * {@code x[i0]*w0 + x[i1]*w1}. The weights are computed as PyTorch's CPU kernel gives them (measured on 1.13:
     * the scale in the tensor's type, the source index in double, the weights rounded to the tensor's type); its
     * fused multiply-adds are not reproduced, so float32 results may differ from PyTorch's in the last bit.
     */
    private static Tensor linear(Tensor x, int d, long in, long out) {
        if (in == out) return x;
        int n = Math.toIntExact(out);
        long[] i0 = new long[n], i1 = new long[n];
        double[] w0 = new double[n], w1 = new double[n];
        boolean f32 = x.dtype() == DType.FLOAT32;
        double scale = f32 ? (float) in / out : (double) in / out;
        for (int i = 0; i < n; i++) {
            double src = Math.max(scale * (i + 0.5) - 0.5, 0.0);
            long lo = (long) src;
            double l1 = Math.min(Math.max(src - lo, 0.0), 1.0);
            i0[i] = lo;
            i1[i] = lo + (lo < in - 1 ? 1 : 0);
            w1[i] = f32 ? (float) l1 : l1;
            w0[i] = f32 ? 1f - (float) l1 : 1.0 - l1;
        }
        TensorOptions idx = TensorOptions.DEFAULT.dtype(DType.INT64).device(x.device());
        TensorOptions wt = TensorOptions.DEFAULT.dtype(x.dtype()).device(x.device());
        long[] wShape = new long[x.dim() - d];
        Arrays.fill(wShape, 1);
        wShape[0] = n; // broadcast the weights along dim d
        Tensor a = Torch.tensor(w0, wt).view(wShape), b = Torch.tensor(w1, wt).view(wShape);
        return x.indexSelect(d, Torch.tensor(i0, idx)).mul(a).add(x.indexSelect(d, Torch.tensor(i1, idx)).mul(b));
    }

    // ---------------------------------------------------------------- values

    /**
     * {@code normalize(tensor, mean, std, inplace)}: {@code (tensor - mean[c]) / std[c]} per channel (dim -3), in
     * the tensor's floating dtype; one mean or std value applies to every channel.
     *
     * @throws IllegalArgumentException for a non-floating tensor, fewer than 3 dims, a zero std, or a mean/std
     *                                  length that is neither 1 nor the channel count
     */
    public static Tensor normalize(Tensor tensor, double[] mean, double[] std, boolean inplace) {
        Objects.requireNonNull(tensor, "tensor");
        if (!tensor.isFloatingPoint()) throw new IllegalArgumentException("Input tensor should be a float tensor. Got " + tensor.dtype() + ".");
        if (tensor.dim() < 3) {
            throw new IllegalArgumentException("Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = " + tensor.shape());
        }
        for (double s : std) { // zero as the tensor's dtype holds it: 1e-50 is 0 in float32
            if ((tensor.dtype() == DType.FLOAT64 ? s : (float) s) == 0) {
                throw new IllegalArgumentException("std evaluated to zero after conversion to torch." + tensor.dtype().pyName()
                        + ", leading to division by zero.");
            }
        }
        long c = tensor.size(-3);
        for (double[] v : new double[][] {mean, std}) {
            if (v.length != 1 && v.length != c) {
                throw new IllegalArgumentException("normalize: mean " + Arrays.toString(mean) + " and std " + Arrays.toString(std)
                        + " need 1 or " + c + " values for an image of shape " + Shapes.str(tensor.shapeArray()));
            }
        }
        TensorOptions o = TensorOptions.DEFAULT.dtype(tensor.dtype()).device(tensor.device());
        Tensor m = Torch.tensor(mean, o).view(-1, 1, 1), s = Torch.tensor(std, o).view(-1, 1, 1);
        return inplace ? tensor.sub_(m).div_(s) : tensor.sub(m).div_(s);
    }

    /** {@code normalize(tensor, mean, std)}, not in place. */
    public static Tensor normalize(Tensor tensor, double[] mean, double[] std) { return normalize(tensor, mean, std, false); }

    /**
     * {@code to_dtype(image, dtype, scale)}: a plain cast when {@code scale} is false; with {@code scale}, values are
     * mapped between the dtypes' image ranges ([0, 1] for floating types, [0, max] for integer types):
     * integer to float divides by the input's max (as {@code mul(1 / max)}), float to integer multiplies by
     * {@code max + 1 - 0.001} and truncates, integer to integer shifts by the difference of value bits.
     *
     * @throws IllegalArgumentException for bool, or a float to integer conversion that cannot be exact (float32 to
     *                                  int32/int64, float64 to int64)
     */
    public static Tensor toDtype(Tensor image, DType dtype, boolean scale) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(dtype, "dtype");
        if (image.dtype() == dtype) return image;
        if (!scale) return image.to(dtype);
        boolean floatIn = image.isFloatingPoint(), floatOut = dtype.isFloatingPoint();
        if (floatIn && floatOut) return image.to(dtype);
        if (floatIn) {
            if ((image.dtype() == DType.FLOAT32 && (dtype == DType.INT32 || dtype == DType.INT64))
                    || (image.dtype() == DType.FLOAT64 && dtype == DType.INT64)) {
                throw new IllegalArgumentException("The conversion from " + image.dtype() + " to " + dtype + " cannot be performed safely.");
            }
            return image.mul(imageMax(dtype) + 1.0 - 1e-3).to(dtype);
        }
        if (floatOut) return image.to(dtype).mul(1.0 / imageMax(image.dtype()));
        int in = valueBits(image.dtype()), out = valueBits(dtype);
        if (in > out) return image.floorDivide(1L << (in - out)).to(dtype); // arithmetic right shift
        return image.to(dtype).mul(1L << (out - in));
    }

    /**
     * {@code convert_image_dtype(image, dtype)}: {@code toDtype(image, dtype, true)}, except that integer images
     * become floating ones divided by their max ({@code image / max}, as torchvision's v1 function does) rather than
     * multiplied by its reciprocal (v2's {@code to_dtype}), which may differ in the last bit.
     */
    public static Tensor convertImageDtype(Tensor image, DType dtype) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(dtype, "dtype");
        if (!image.isFloatingPoint() && dtype.isFloatingPoint() && image.dtype() != DType.BOOL) {
            return image.to(dtype).div(imageMax(image.dtype()));
        }
        return toDtype(image, dtype, true);
    }

    private static int valueBits(DType d) {
        return switch (d) {
            case UINT8 -> 8;
            case INT8 -> 7;
            case INT16 -> 15;
            case INT32 -> 31;
            case INT64 -> 63;
            default -> throw new IllegalArgumentException("Number of value bits is only defined for integer dtypes, but got " + d + ".");
        };
    }

    /** Python's spelling of a list of floats, for reprs: {@code [0.1307, 0.5]}. */
    static String pyList(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(Py.repr(v[i]));
        return sb.append(']').toString();
    }
}
