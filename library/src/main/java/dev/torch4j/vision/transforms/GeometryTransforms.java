package dev.torch4j.vision.transforms;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.nn.Py;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The geometric transform classes of {@link Transforms} (torchvision 0.14's {@code RandomResizedCrop},
 * {@code RandomRotation}, {@code RandomAffine}, {@code RandomPerspective}, {@code GaussianBlur}, {@code RandomErasing},
 * {@code FiveCrop}, {@code TenCrop}). Reached as {@code Transforms.randomResizedCrop(...)}.
 */
abstract class GeometryTransforms extends ColorTransforms {
    GeometryTransforms() {}

    /** {@code RandomResizedCrop(size)}: scale (0.08, 1), ratio (3/4, 4/3), bilinear. */
    public static Transform randomResizedCrop(long... size) {
        return randomResizedCrop(size, new double[] {0.08, 1.0}, new double[] {3.0 / 4.0, 4.0 / 3.0}, InterpolationMode.BILINEAR, false);
    }

    /**
     * {@code RandomResizedCrop(size, scale, ratio, interpolation, antialias)}: crops a random area (a {@code scale}
     * fraction of the image, aspect ratio log-uniform in {@code ratio}) and resizes it to {@code size}. Each call draws
     * as torchvision's {@code get_params}: up to ten tries of {@code uniform_(scale)} then {@code uniform_(log ratio)};
     * for the first crop that fits, {@code randint} for the top then the left; after ten misses, a center crop
     * clamped to the ratio range without further draws.
     * {@code antialias} as in {@link Functional#resize(Tensor, long[], InterpolationMode, Long, boolean)}; the
     * size-only overload keeps torchvision 0.14's tensor default (off; torchvision 0.17+ defaults to on).
     */
    public static Transform randomResizedCrop(long[] size, double[] scale, double[] ratio, InterpolationMode interpolation, boolean antialias) {
        long[] hw = Functional.sizeHW(size, "RandomResizedCrop");
        Objects.requireNonNull(scale, "Scale should be a sequence");
        Objects.requireNonNull(ratio, "Ratio should be a sequence");
        Objects.requireNonNull(interpolation, "interpolation");
        double[] s = scale.clone(), r = ratio.clone();
        String repr = "RandomResizedCrop(size=" + Py.tuple(hw) + ", scale=" + roundedTuple(s) + ", ratio=" + roundedTuple(r)
                + ", interpolation=" + interpolation.value() + "), antialias=" + Py.repr(antialias) + ")";
        double[] logRatio = float32Logs(r);
        return named(repr, img -> {
            long[] box = resizedCropParams(img, s, r, logRatio);
            return Functional.resizedCrop(img, box[0], box[1], box[2], box[3], hw, interpolation, antialias);
        });
    }

    /** Python's {@code tuple(round(v, 4) for v in values)}. */
    private static String roundedTuple(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(Py.repr(new java.math.BigDecimal(v[i]).setScale(4, java.math.RoundingMode.HALF_EVEN).doubleValue()));
        }
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }

    /** {@code torch.log(torch.tensor(ratio))} (float32, as torchvision computes it), once per transform. */
    private static double[] float32Logs(double[] ratio) {
        Tensor logs = Torch.tensor(new double[] {ratio[0], ratio[1]}, TensorOptions.DEFAULT.dtype(DType.FLOAT32)).log();
        return new double[] {logs.select(0, 0).item(), logs.select(0, 1).item()};
    }

    /** {@code RandomResizedCrop.get_params}: (top, left, height, width); {@code logRatio} from {@link #float32Logs}. */
    static long[] resizedCropParams(Tensor img, double[] scale, double[] ratio, double[] logRatio) {
        long height = img.size(-2), width = img.size(-1), area = height * width;
        double lr0 = logRatio[0], lr1 = logRatio[1];
        for (int attempt = 0; attempt < 10; attempt++) {
            double targetArea = area * uniform(scale[0], scale[1]);
            double aspect = Torch.empty(1).uniform_(lr0, lr1).exp().item();
            long w = (long) Math.rint(Math.sqrt(targetArea * aspect)), h = (long) Math.rint(Math.sqrt(targetArea / aspect));
            if (0 < w && w <= width && 0 < h && h <= height) {
                long i = Torch.randint(0, height - h + 1, Size.of(1)).itemLong();
                long j = Torch.randint(0, width - w + 1, Size.of(1)).itemLong();
                return new long[] {i, j, h, w};
            }
        }
        double inRatio = (double) width / height, lo = Math.min(ratio[0], ratio[1]), hi = Math.max(ratio[0], ratio[1]);
        long w, h;
        if (inRatio < lo) {
            w = width;
            h = (long) Math.rint(w / lo);
        } else if (inRatio > hi) {
            h = height;
            w = (long) Math.rint(h * hi);
        } else {
            w = width;
            h = height;
        }
        return new long[] {(height - h) / 2, (width - w) / 2, h, w};
    }

    /** torchvision's {@code _setup_angle}: one non-negative value {@code x} is {@code [-x, x]}; else the sequence as given. */
    static double[] setupAngle(double[] x, String name, int... reqSizes) {
        Objects.requireNonNull(x, name);
        if (x.length == 1) {
            if (x[0] < 0) throw new IllegalArgumentException("If " + name + " is a single number, it must be positive.");
            return new double[] {-x[0], x[0]};
        }
        checkSequence(x.length, name, reqSizes);
        return x.clone();
    }

    private static void checkSequence(int length, String name, int... reqSizes) {
        for (int s : reqSizes) if (length == s) return;
        String msg = reqSizes.length < 2 ? Integer.toString(reqSizes[0])
                : String.join(" or ", Arrays.stream(reqSizes).mapToObj(Integer::toString).toList());
        throw new IllegalArgumentException(name + " should be a sequence of length " + msg + ".");
    }

    /** The fill as the tensor path receives it: one value per channel. */
    static double[] fillFor(Tensor img, double[] fill) {
        if (fill.length != 1) return fill;
        double[] f = new double[(int) ColorFunctions.channels(img)];
        Arrays.fill(f, fill[0]);
        return f;
    }

    static String fillRepr(double[] fill) { return fill.length == 1 ? num(fill[0]) : Functional.pyList(fill); }

    /** {@code RandomRotation(degrees)}: one value {@code d} for (-d, d), or (min, max); nearest, fill 0. */
    public static Transform randomRotation(double... degrees) {
        return randomRotation(degrees, InterpolationMode.NEAREST, false, null, new double[] {0});
    }

    /**
     * {@code RandomRotation(degrees, interpolation, expand, center, fill)}: {@link Functional#rotate} by an angle drawn
     * as {@code uniform_(degrees[0], degrees[1])}; {@code fill} is one value or one per channel.
     */
    public static Transform randomRotation(double[] degrees, InterpolationMode interpolation, boolean expand, double[] center, double[] fill) {
        double[] deg = setupAngle(degrees, "degrees", 2);
        Objects.requireNonNull(interpolation, "interpolation");
        if (center != null) checkSequence(center.length, "center", 2);
        double[] c = center == null ? null : center.clone(), f = fill == null ? new double[] {0} : fill.clone();
        String repr = "RandomRotation(degrees=" + Functional.pyList(deg) + ", interpolation=" + interpolation.value() + ", expand=" + Py.repr(expand)
                + (c == null ? "" : ", center=" + Functional.pyList(c)) + ", fill=" + fillRepr(f) + ")";
        return named(repr, img -> {
            double[] fl = fillFor(img, f);
            double angle = uniform(deg[0], deg[1]);
            return Functional.rotate(img, angle, interpolation, expand, c, fl);
        });
    }

    /**
     * {@code RandomAffine(degrees, translate, scale, shear, interpolation, fill, center)}: {@link Functional#affine}
     * with parameters drawn as torchvision's {@code get_params}: the angle; then, with {@code translate} (fractions
     * of width and height), {@code round(uniform_(-dx, dx))} and the same for y; then, with {@code scale} (min, max),
     * the scale; then, with {@code shear} (one value {@code s}: (-s, s) on x; two: an x range; four: x and y ranges),
     * the shears. Null leaves a parameter at its identity without drawing.
     *
     * @throws IllegalArgumentException for translate fractions outside [0, 1], non-positive scales, or sequences of
     *                                  the wrong length
     */
    public static Transform randomAffine(double[] degrees, double[] translate, double[] scale, double[] shear,
                                         InterpolationMode interpolation, double[] fill, double[] center) {
        double[] deg = setupAngle(degrees, "degrees", 2);
        if (translate != null) {
            checkSequence(translate.length, "translate", 2);
            for (double t : translate) if (!(0.0 <= t && t <= 1.0)) throw new IllegalArgumentException("translation values should be between 0 and 1");
        }
        if (scale != null) {
            checkSequence(scale.length, "scale", 2);
            for (double s : scale) if (s <= 0) throw new IllegalArgumentException("scale values should be positive");
        }
        double[] sh = shear == null ? null : setupAngle(shear, "shear", 2, 4);
        Objects.requireNonNull(interpolation, "interpolation");
        if (center != null) checkSequence(center.length, "center", 2);
        double[] t = translate == null ? null : translate.clone(), sc = scale == null ? null : scale.clone();
        double[] c = center == null ? null : center.clone(), f = fill == null ? new double[] {0} : fill.clone();
        String repr = "RandomAffine(degrees=" + Functional.pyList(deg) + (t == null ? "" : ", translate=" + Functional.pyList(t))
                + (sc == null ? "" : ", scale=" + Functional.pyList(sc)) + (sh == null ? "" : ", shear=" + Functional.pyList(sh))
                + (interpolation == InterpolationMode.NEAREST ? "" : ", interpolation=" + interpolation.value())
                + (f.length == 1 && f[0] == 0 ? "" : ", fill=" + fillRepr(f)) + (c == null ? "" : ", center=" + Functional.pyList(c)) + ")";
        return named(repr, img -> {
            double[] fl = fillFor(img, f);
            double angle = uniform(deg[0], deg[1]);
            double[] translations = {0, 0};
            if (t != null) {
                double maxDx = t[0] * img.size(-1), maxDy = t[1] * img.size(-2);
                translations[0] = Math.rint(uniform(-maxDx, maxDx));
                translations[1] = Math.rint(uniform(-maxDy, maxDy));
            }
            double s = sc == null ? 1.0 : uniform(sc[0], sc[1]);
            double[] shears = {0.0, 0.0};
            if (sh != null) {
                shears[0] = uniform(sh[0], sh[1]);
                if (sh.length == 4) shears[1] = uniform(sh[2], sh[3]);
            }
            return Functional.affine(img, angle, translations, s, shears, interpolation, fl, c);
        });
    }

    /**
     * {@code RandomPerspective(distortion_scale, p, interpolation, fill)}: when {@code torch.rand(1) < p},
     * {@link Functional#perspective} from the image's corners to corners moved inwards by up to
     * {@code distortionScale} of half the width and height, drawn as torchvision draws them: eight
     * {@code torch.randint} calls, x then y of the top-left, top-right, bottom-right and bottom-left corners.
     * {@code fill}: one value or one per channel.
     *
     * @throws IllegalArgumentException for a distortion scale outside [0, 1] (torchvision 0.15+; 0.14 took any)
     */
    public static Transform randomPerspective(double distortionScale, double p, InterpolationMode interpolation, double[] fill) {
        if (!(0 <= distortionScale && distortionScale <= 1)) {
            throw new IllegalArgumentException("Argument distortion_scale value should be between 0 and 1");
        }
        Objects.requireNonNull(interpolation, "interpolation");
        double[] f = fill == null ? new double[] {0} : fill.clone();
        return named("RandomPerspective(p=" + Py.repr(p) + ")", img -> {
            double[] fl = fillFor(img, f);
            if (!draw(p)) return img;
            long w = img.size(-1), h = img.size(-2);
            long dx = (long) (distortionScale * (w / 2)), dy = (long) (distortionScale * (h / 2));
            long[][] end = new long[4][];
            end[0] = new long[] {randint(0, dx + 1), randint(0, dy + 1)};
            end[1] = new long[] {randint(w - dx - 1, w), randint(0, dy + 1)};
            end[2] = new long[] {randint(w - dx - 1, w), randint(h - dy - 1, h)};
            end[3] = new long[] {randint(0, dx + 1), randint(h - dy - 1, h)};
            long[][] start = {{0, 0}, {w - 1, 0}, {w - 1, h - 1}, {0, h - 1}};
            return Functional.perspective(img, start, end, interpolation, fl);
        });
    }

    /** {@code RandomPerspective()}: distortion 0.5, p 0.5, bilinear, fill 0. */
    public static Transform randomPerspective() { return randomPerspective(0.5, 0.5, InterpolationMode.BILINEAR, null); }

    private static long randint(long lo, long hi) { return Torch.randint(lo, hi, Size.of(1)).itemLong(); }

    /** {@code RandomAffine(degrees)}: rotation only. */
    public static Transform randomAffine(double... degrees) {
        return randomAffine(degrees, null, null, null, InterpolationMode.NEAREST, null, null);
    }

    /**
     * {@code GaussianBlur(kernel_size, sigma)}: {@link Functional#gaussianBlur} with one sigma drawn per call as
     * {@code uniform_(sigma[0], sigma[1])} ({@code sigma}: one value, fixed, or (min, max)).
     *
     * @throws IllegalArgumentException for an even or non-positive kernel size, or a non-positive or unordered sigma
     */
    public static Transform gaussianBlur(long[] kernelSize, double[] sigma) {
        long[] k = Functional.sizeHW(kernelSize, "GaussianBlur");
        for (long ks : k) if (ks <= 0 || ks % 2 == 0) throw new IllegalArgumentException("Kernel size value should be an odd and positive number.");
        double[] s;
        if (sigma.length == 1) {
            if (sigma[0] <= 0) throw new IllegalArgumentException("If sigma is a single number, it must be positive.");
            s = new double[] {sigma[0], sigma[0]};
        } else if (sigma.length == 2) {
            if (!(0.0 < sigma[0] && sigma[0] <= sigma[1])) throw new IllegalArgumentException("sigma values should be positive and of the form (min, max).");
            s = sigma.clone();
        } else {
            throw new IllegalArgumentException("sigma should be a single number or a list/tuple with length 2.");
        }
        return named("GaussianBlur(kernel_size=" + Py.tuple(k) + ", sigma=" + tuple(s) + ")", img -> {
            double drawn = uniform(s[0], s[1]);
            return Functional.gaussianBlur(img, k, new double[] {drawn, drawn});
        });
    }

    /** {@code GaussianBlur(kernel_size)}: sigma drawn in (0.1, 2.0). */
    public static Transform gaussianBlur(long... kernelSize) { return gaussianBlur(kernelSize, new double[] {0.1, 2.0}); }

    /** {@code RandomErasing()}: p 0.5, scale (0.02, 0.33), ratio (0.3, 3.3), value 0. */
    public static Transform randomErasing() { return randomErasing(0.5, new double[] {0.02, 0.33}, new double[] {0.3, 3.3}, new double[] {0}, false); }

    /**
     * {@code RandomErasing(p, scale, ratio, value, inplace)}: when {@code torch.rand(1) < p}, erases a random
     * rectangle ({@code scale} fraction of the area, aspect ratio log-uniform in {@code ratio}; up to ten tries, each
     * drawing the area then the ratio, then for the first that fits strictly inside, the random values if any and
     * {@code randint} for the top then the left). {@code value}: one value or one per channel, or null for
     * torchvision's {@code "random"} (standard normal float32 values, {@code normal_} over {@code [C, h, w]}).
     *
     * @throws IllegalArgumentException for a scale outside [0, 1], p outside [0, 1], or (when applied) a value of
     *                                  neither 1 nor C entries
     */
    public static Transform randomErasing(double p, double[] scale, double[] ratio, double[] value, boolean inplace) {
        if (scale[0] < 0 || scale[1] > 1) throw new IllegalArgumentException("Scale should be between 0 and 1");
        if (p < 0 || p > 1) throw new IllegalArgumentException("Random erasing probability should be between 0 and 1");
        double[] s = scale.clone(), r = ratio.clone(), v = value == null ? null : value.clone();
        String repr = "RandomErasing(p=" + Py.repr(p) + ", scale=" + tuple(s) + ", ratio=" + tuple(r) + ", value="
                + (v == null ? "random" : v.length == 1 ? num(v[0]) : Functional.pyList(v)) + ", inplace=" + Py.repr(inplace) + ")";
        double[] logRatio = float32Logs(r);
        return named(repr, img -> {
            if (!draw(p)) return img;
            long c = img.size(-3), ih = img.size(-2), iw = img.size(-1), area = ih * iw;
            if (v != null && v.length != 1 && v.length != c) {
                throw new IllegalArgumentException("If value is a sequence, it should have either a single value or " + c + " (number of input channels)");
            }
            double lr0 = logRatio[0], lr1 = logRatio[1];
            for (int attempt = 0; attempt < 10; attempt++) {
                double eraseArea = area * uniform(s[0], s[1]);
                double aspect = Torch.empty(1).uniform_(lr0, lr1).exp().item();
                long h = (long) Math.rint(Math.sqrt(eraseArea * aspect)), w = (long) Math.rint(Math.sqrt(eraseArea / aspect));
                if (!(h < ih && w < iw)) continue;
                Tensor fill = v == null ? Torch.empty(Size.of(c, h, w), TensorOptions.DEFAULT.dtype(DType.FLOAT32)).normal_(0.0, 1.0)
                        : Torch.tensor(v, TensorOptions.DEFAULT.dtype(DType.FLOAT32)).view(-1, 1, 1);
                long i = Torch.randint(0, ih - h + 1, Size.of(1)).itemLong();
                long j = Torch.randint(0, iw - w + 1, Size.of(1)).itemLong();
                return Functional.erase(img, i, j, h, w, fill.to(img.device()), inplace);
            }
            return img;
        });
    }

    private static String tuple(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(Py.repr(v[i]));
        return sb.append(')').toString();
    }

    /** A transform from one image to several ({@code FiveCrop}, {@code TenCrop}), printing as torchvision's does. */
    public interface MultiCrop extends Function<Tensor, List<Tensor>> {}

    private record NamedCrop(String repr, Function<Tensor, List<Tensor>> body) implements MultiCrop {
        @Override public List<Tensor> apply(Tensor img) { return body.apply(img); }
        @Override public String toString() { return repr; }
    }

    /** {@code FiveCrop(size)}: see {@link Functional#fiveCrop}. */
    public static MultiCrop fiveCrop(long... size) {
        long[] hw = Functional.sizeHW(size, "FiveCrop");
        return new NamedCrop("FiveCrop(size=" + Py.tuple(hw) + ")", img -> Functional.fiveCrop(img, hw));
    }

    /** {@code TenCrop(size, vertical_flip)}: see {@link Functional#tenCrop}. */
    public static MultiCrop tenCrop(long[] size, boolean verticalFlip) {
        long[] hw = Functional.sizeHW(size, "TenCrop");
        return new NamedCrop("TenCrop(size=" + Py.tuple(hw) + ", vertical_flip=" + Py.repr(verticalFlip) + ")", img -> Functional.tenCrop(img, hw, verticalFlip));
    }
}
