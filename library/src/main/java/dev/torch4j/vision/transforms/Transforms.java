package dev.torch4j.vision.transforms;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Py;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

import static dev.torch4j.vision.transforms.Functional.pyList;

/**
 * torchvision's transform classes as factories ({@code transforms.Normalize(mean, std)} is
 * {@code Transforms.normalize(mean, std)}), to chain with {@link Compose}. They take image tensors of shape
 * {@code [..., C, H, W]}: the leading dims are a batch, and a random transform draws its parameters once per call,
 * so the whole batch gets the same crop or flip (as in {@code torchvision.transforms.v2}).
 *
 * <p>Random transforms draw from torch4j's default generator exactly what torchvision v2 draws from PyTorch's:
 * {@code torch.rand(1)} per flip, {@code torch.randint(0, n, ())} for each crop offset that has a choice. After
 * {@code Torch.manualSeed(s)} they repeat, and agree with torchvision after {@code torch.manual_seed(s)}.
 *
 * <p>The training-recipe transforms ({@code RandomResizedCrop}, {@code ColorJitter}, {@code RandomRotation},
 * {@code RandomAffine}, {@code GaussianBlur}, {@code RandomErasing}, {@code RandomGrayscale}, the {@code Random*}
 * value transforms, {@code RandomApply}) draw exactly what torchvision 0.14's classes draw, in the same order and
 * with the same comparisons, so their outputs after the same seed are torchvision's. So do the automatic
 * augmentations ({@code AutoAugment}, {@code RandAugment}, {@code TrivialAugmentWide}, {@code AugMix}). {@code RandomChoice} and
 * {@code RandomOrder} draw from Python's {@code random} in torchvision, which torch4j does not replay: they take a
 * Java generator.
 *
 * <pre>{@code
 * var train = new Compose(
 *         Transforms.randomCrop(new long[] {32}, new long[] {4}),
 *         Transforms.randomHorizontalFlip(),
 *         Transforms.toTensor(),
 *         Transforms.normalize(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.247, 0.243, 0.261}));
 * }</pre>
 */
public final class Transforms extends AutoAugmentTransforms {
    private Transforms() {}

    /**
     * {@code ToTensor()} for torch4j's images, which are already tensors: a uint8 {@code [..., C, H, W]} image (what
     * {@code Images.pilToTensor}, {@code Images.readImage} and the MNIST dataset give) as float32 in [0, 1],
     * {@code x.float().div(255)} exactly as {@code to_tensor} computes it.
     *
     * @throws IllegalArgumentException for another dtype (use {@link #toDtype} for those)
     */
    public static Transform toTensor() {
        return named("ToTensor()", img -> {
            if (img.dtype() != DType.UINT8) {
                throw new IllegalArgumentException("ToTensor: expected a uint8 image, got " + img.dtype()
                        + " (use Transforms.toDtype(dtype, scale) for other dtypes)");
            }
            return img.to(Torch.getDefaultDtype()).div(255.0);
        });
    }

    /** {@code Normalize(mean, std)}: see {@link Functional#normalize}. */
    public static Transform normalize(double[] mean, double[] std) { return normalize(mean, std, false); }

    /** {@code Normalize(mean, std, inplace)}. */
    public static Transform normalize(double[] mean, double[] std, boolean inplace) {
        double[] m = mean.clone(), s = std.clone();
        return named("Normalize(mean=" + pyList(m) + ", std=" + pyList(s) + ")", img -> Functional.normalize(img, m, s, inplace));
    }

    /** {@code ToDtype(dtype, scale)}: see {@link Functional#toDtype}. */
    public static Transform toDtype(DType dtype, boolean scale) {
        Objects.requireNonNull(dtype, "dtype");
        return named("ToDtype(dtype=" + dtype + ", scale=" + Py.repr(scale) + ")", img -> Functional.toDtype(img, dtype, scale));
    }

    /** {@code ConvertImageDtype(dtype)}: {@code toDtype(dtype, true)}. */
    public static Transform convertImageDtype(DType dtype) {
        Objects.requireNonNull(dtype, "dtype");
        return named("ConvertImageDtype()", img -> Functional.convertImageDtype(img, dtype));
    }

    /** {@code RandomHorizontalFlip(p=0.5)}. */
    public static Transform randomHorizontalFlip() { return randomHorizontalFlip(0.5); }

    /** {@code RandomHorizontalFlip(p)}: flips the width dim when {@code torch.rand(1) < p}. */
    public static Transform randomHorizontalFlip(double p) {
        return named("RandomHorizontalFlip(p=" + Py.repr(p) + ")", img -> draw(p) ? Functional.hflip(img) : img);
    }

    /** {@code RandomVerticalFlip(p=0.5)}. */
    public static Transform randomVerticalFlip() { return randomVerticalFlip(0.5); }

    /** {@code RandomVerticalFlip(p)}: flips the height dim when {@code torch.rand(1) < p}. */
    public static Transform randomVerticalFlip(double p) {
        return named("RandomVerticalFlip(p=" + Py.repr(p) + ")", img -> draw(p) ? Functional.vflip(img) : img);
    }

    /** {@code CenterCrop(size)}: one value (a square) or (height, width); see {@link Functional#centerCrop}. */
    public static Transform centerCrop(long... size) {
        long[] hw = Functional.sizeHW(size, "CenterCrop");
        return named("CenterCrop(size=" + Py.tuple(hw) + ")", img -> Functional.centerCrop(img, hw));
    }

    /** {@code Pad(padding, fill, padding_mode)}: see {@link Functional#pad}. */
    public static Transform pad(long[] padding, double fill, String paddingMode) {
        long[] p = padding.clone();
        Functional.parsePadding(p); // checks the arguments now, not at the first image
        Functional.checkPaddingMode(paddingMode);
        return named("Pad(padding=" + padRepr(p) + ", fill=" + num(fill) + ", padding_mode=" + paddingMode + ")",
                img -> Functional.pad(img, p, fill, paddingMode));
    }

    /** {@code RandomCrop(size)}: one value (a square) or (height, width). */
    public static Transform randomCrop(long... size) { return randomCrop(size, null, false, 0, "constant"); }

    /**
     * {@code RandomCrop(size, padding)}: zero padding (one, two or four values, as {@link Functional#pad} takes
     * them) then a random crop; {@code randomCrop(new long[] {32}, new long[] {4})} is CIFAR's usual
     * {@code RandomCrop(32, padding=4)}.
     */
    public static Transform randomCrop(long[] size, long[] padding) {
        return randomCrop(size, padding, false, 0, "constant");
    }

    /**
     * {@code RandomCrop(size, padding, pad_if_needed, fill, padding_mode)}: pads by {@code padding} (null: none; one,
     * two or four values as {@link Functional#pad} takes them), then, with {@code padIfNeeded}, pads both sides of a
     * dim that is still smaller than the crop by the difference, then crops at a random offset:
     * {@code torch.randint(0, H - h + 1, ())} for the top when the padded height exceeds the crop, then the same for
     * the left (no draw for a dim that fits exactly), as torchvision v2 draws them.
     *
     * @throws IllegalArgumentException (when applied) if the crop is larger than the padded image
     */
    public static Transform randomCrop(long[] size, long[] padding, boolean padIfNeeded, double fill, String paddingMode) {
        long[] hw = Functional.sizeHW(size, "RandomCrop");
        long[] lrtb = padding == null ? null : Functional.parsePadding(padding);
        Functional.checkPaddingMode(paddingMode);
        String repr = "RandomCrop(size=" + Py.tuple(hw) + ", padding=" + (padding == null ? "None" : padRepr(padding)) + ")";
        return named(repr, img -> {
            if (img.dim() < 2) throw new IllegalArgumentException("RandomCrop: expected a tensor image of shape [..., H, W], got " + img.shape());
            long[] pad = lrtb == null ? new long[4] : lrtb.clone(); // left, right, top, bottom
            long ph = img.size(-2) + pad[2] + pad[3], pw = img.size(-1) + pad[0] + pad[1];
            if (padIfNeeded && ph < hw[0]) {
                long diff = hw[0] - ph;
                pad[2] += diff;
                pad[3] += diff;
                ph += 2 * diff;
            }
            if (padIfNeeded && pw < hw[1]) {
                long diff = hw[1] - pw;
                pad[0] += diff;
                pad[1] += diff;
                pw += 2 * diff;
            }
            if (ph < hw[0] || pw < hw[1]) {
                throw new IllegalArgumentException("Required crop size " + Py.tuple(hw) + " is larger than " + (lrtb != null ? "padded " : "")
                        + "input image size " + Py.tuple(ph, pw) + ".");
            }
            long top = ph > hw[0] ? Torch.randint(0, ph - hw[0] + 1, Torch.shape()).itemLong() : 0;
            long left = pw > hw[1] ? Torch.randint(0, pw - hw[1] + 1, Torch.shape()).itemLong() : 0;
            if (Arrays.stream(pad).anyMatch(v -> v != 0)) img = Functional.pad(img, new long[] {pad[0], pad[2], pad[1], pad[3]}, fill, paddingMode);
            return ph > hw[0] || pw > hw[1] ? Functional.crop(img, top, left, hw[0], hw[1]) : img;
        });
    }

    /** {@code Resize(size)}: the smaller edge becomes {@code size}, keeping the aspect ratio; bilinear. */
    public static Transform resize(long size) { return resize(new long[] {size}, InterpolationMode.BILINEAR, null); }

    /** {@code Resize((height, width))}, bilinear. */
    public static Transform resize(long height, long width) { return resize(new long[] {height, width}, InterpolationMode.BILINEAR, null); }

    /**
     * {@code Resize(size, interpolation, max_size, antialias=False)}: torchvision 0.14's tensor default, without
     * antialiasing; torchvision 0.17+ defaults to {@code antialias=True}, which differs when downscaling with
     * bilinear or bicubic: use {@link #resize(long[], InterpolationMode, Long, boolean)} to match it.
     */
    public static Transform resize(long[] size, InterpolationMode interpolation, Long maxSize) {
        return resize(size, interpolation, maxSize, false);
    }

    /** {@code Resize(size, interpolation, max_size, antialias)}: see {@link Functional#resize(Tensor, long[], InterpolationMode, Long, boolean)}. */
    public static Transform resize(long[] size, InterpolationMode interpolation, Long maxSize, boolean antialias) {
        long[] s = size == null ? null : size.clone();
        Objects.requireNonNull(interpolation, "interpolation");
        Functional.resizedOutputSize(64, 48, s, maxSize); // checks the arguments now, on a stand-in image size
        String sizeRepr = s == null ? "None" : s.length == 1 ? Long.toString(s[0]) : Arrays.toString(s);
        return named("Resize(size=" + sizeRepr + ", interpolation=" + interpolation.value() + ", max_size=" + (maxSize == null ? "None" : maxSize)
                + ", antialias=" + Py.repr(antialias) + ")", img -> Functional.resize(img, s, interpolation, maxSize, antialias));
    }

    private static String padRepr(long[] p) { return p.length == 1 ? Long.toString(p[0]) : Arrays.toString(p); }

    // ---------------------------------------------------------------- combinators

    /** {@code Lambda(lambd)}: any function as a transform, printing {@code Lambda()}. */
    public static Transform lambda(UnaryOperator<Tensor> lambd) {
        Objects.requireNonNull(lambd, "Argument lambd should be callable, got 'NoneType'");
        return named("Lambda()", lambd);
    }

    /**
     * {@code RandomApply(transforms, p)}: applies all of {@code transforms} in order unless {@code p < torch.rand(1)}
     * (so with probability {@code p}).
     */
    public static Transform randomApply(List<? extends UnaryOperator<Tensor>> transforms, double p) {
        List<UnaryOperator<Tensor>> ts = List.copyOf(transforms);
        StringBuilder repr = new StringBuilder("RandomApply(\n    p=").append(Py.repr(p));
        for (UnaryOperator<Tensor> t : ts) repr.append("\n    ").append(t);
        return named(repr.append("\n)").toString(), img -> {
            if ((float) p < (float) Torch.rand(1).item()) return img;
            for (UnaryOperator<Tensor> t : ts) img = t.apply(img);
            return img;
        });
    }

    /** {@code RandomApply(transforms, p=0.5)}. */
    public static Transform randomApply(List<? extends UnaryOperator<Tensor>> transforms) { return randomApply(transforms, 0.5); }

    /**
     * {@code RandomChoice(transforms, p)}: applies one of {@code transforms}, picked with weights {@code p} (null:
     * uniform) by {@code random}. torchvision picks with Python's {@code random.choices}, a generator torch4j does
     * not replay, so the choice is not torchvision's after {@code manual_seed}; seed {@code random} to repeat it.
     */
    public static Transform randomChoice(List<? extends UnaryOperator<Tensor>> transforms, double[] p, RandomGenerator random) {
        List<UnaryOperator<Tensor>> ts = List.copyOf(transforms);
        Objects.requireNonNull(random, "random");
        if (p != null && p.length != ts.size()) throw new IllegalArgumentException("The number of weights does not match the population");
        double[] cum = new double[ts.size()];
        for (int i = 0; i < cum.length; i++) cum[i] = (i > 0 ? cum[i - 1] : 0) + (p == null ? 1 : p[i]);
        String repr = listRepr("RandomChoice", ts) + "(p=" + (p == null ? "None" : Functional.pyList(p)) + ")";
        return named(repr, img -> {
            double u = random.nextDouble() * cum[cum.length - 1];
            int k = 0;
            while (k < cum.length - 1 && cum[k] <= u) k++; // bisect_right over the cumulative weights, as random.choices
            return ts.get(k).apply(img);
        });
    }

    /** {@code RandomChoice(transforms)}: uniform weights, drawn from a new unseeded generator. */
    public static Transform randomChoice(List<? extends UnaryOperator<Tensor>> transforms) {
        return randomChoice(transforms, null, new java.util.Random());
    }

    /**
     * {@code RandomOrder(transforms)}: applies all of {@code transforms} in an order shuffled by {@code random}
     * (Fisher-Yates from the end, as Python's {@code random.shuffle}; torchvision shuffles with Python's generator,
     * which torch4j does not replay).
     */
    public static Transform randomOrder(List<? extends UnaryOperator<Tensor>> transforms, RandomGenerator random) {
        List<UnaryOperator<Tensor>> ts = List.copyOf(transforms);
        Objects.requireNonNull(random, "random");
        return named(listRepr("RandomOrder", ts), img -> {
            int[] order = new int[ts.size()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1), tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            for (int i : order) img = ts.get(i).apply(img);
            return img;
        });
    }

    /** {@code RandomOrder(transforms)}, shuffled by a new unseeded generator. */
    public static Transform randomOrder(List<? extends UnaryOperator<Tensor>> transforms) { return randomOrder(transforms, new java.util.Random()); }

    private static String listRepr(String name, List<UnaryOperator<Tensor>> ts) {
        StringBuilder sb = new StringBuilder(name).append('(');
        for (UnaryOperator<Tensor> t : ts) sb.append("\n    ").append(t);
        return sb.append("\n)").toString();
    }
}
