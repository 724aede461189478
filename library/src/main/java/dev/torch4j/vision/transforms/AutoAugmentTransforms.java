package dev.torch4j.vision.transforms;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.distributions.Dirichlet;
import dev.torch4j.nn.Py;
import dev.torch4j.vision.transforms.AugmentOps.Space;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The automatic augmentation classes of {@link Transforms}: torchvision 0.14's {@code AutoAugment},
 * {@code RandAugment}, {@code TrivialAugmentWide} and {@code AugMix} on tensor images. Each call draws from the
 * default generator exactly what torchvision draws, in its order, and applies torchvision's {@code _apply_op}, so
 * after the same seed the output (for uint8 images, the documented input) and the generator's state are
 * torchvision's. Reached as {@code Transforms.autoAugment(...)}; this class only keeps Transforms.java at reading size.
 *
 * <p>Float images work as they do in torchvision: the ops defined for them apply, and a drawn op that is not
 * (posterize, equalize, solarize above 1) throws torchvision's message as an {@link IllegalArgumentException}.
 */
abstract class AutoAugmentTransforms extends GeometryTransforms {
    AutoAugmentTransforms() {}

    private static String interp(InterpolationMode m) { return "InterpolationMode." + m.name(); }

    private static String fillText(double[] fill) { return fill == null ? "None" : fillRepr(fill); }

    /** The fill as {@code forward} passes it on: null, or one value per channel. */
    private static double[] channelFill(Tensor img, double[] fill) {
        if (img.dim() < 2) throw new IllegalArgumentException("Tensor is not a torch image.");
        return fill == null ? null : fillFor(img, fill);
    }

    private static double[] copyFill(double[] fill) {
        if (fill != null && fill.length == 0) throw new IllegalArgumentException("fill should be a number or a non-empty sequence");
        return fill == null ? null : fill.clone();
    }

    /** {@code AutoAugment()}: the ImageNet policy, nearest, no fill. */
    public static Transform autoAugment() { return autoAugment(AutoAugmentPolicy.IMAGENET, InterpolationMode.NEAREST, null); }

    /**
     * {@code AutoAugment(policy, interpolation, fill)}: per call, one of the policy's 25 sub-policies, each step of
     * which is applied with its probability at its magnitude bin (of 10). Draws {@code torch.randint(25, (1,))} (the
     * sub-policy), {@code torch.rand(2)} (a step applies when its draw is {@code <= p}, compared in float32) and
     * {@code torch.randint(2, (2,))} (a 0 negates a signed magnitude), then nothing more.
     *
     * @param fill null (zeros), one value for every channel, or one per channel
     */
    public static Transform autoAugment(AutoAugmentPolicy policy, InterpolationMode interpolation, double[] fill) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(interpolation, "interpolation");
        double[] f = copyFill(fill);
        AugmentOps.SpaceCache spaces = new AugmentOps.SpaceCache((h, w) -> AugmentOps.randAugmentSpace(10, h, w, false, true));
        return named("AutoAugment(policy=" + policy + ", fill=" + fillText(f) + ")", img -> {
            double[] fl = channelFill(img, f);
            int id = AugmentOps.randint(policy.size());
            Tensor probs = Torch.rand(2), signs = Torch.randint(0, 2, Size.of(2));
            List<Space> space = spaces.get(img.size(-2), img.size(-1));
            AutoAugmentPolicy.Step[] steps = policy.policy(id);
            for (int i = 0; i < steps.length; i++) {
                AutoAugmentPolicy.Step step = steps[i];
                if (!((float) probs.select(0, i).item() <= (float) step.p())) continue;
                Space s = space.stream().filter(e -> e.op().equals(step.op())).findFirst().orElseThrow();
                double magnitude = step.magnitudeId() >= 0 ? s.magnitude(step.magnitudeId()) : 0.0;
                if (s.signed() && signs.select(0, i).itemLong() == 0) magnitude *= -1.0;
                img = AugmentOps.applyOp(img, step.op(), magnitude, interpolation, fl);
            }
            return img;
        });
    }

    /** {@code RandAugment()}: two ops at magnitude 9 of 31 bins, nearest, no fill. */
    public static Transform randAugment() { return randAugment(2, 9, 31, InterpolationMode.NEAREST, null); }

    /**
     * {@code RandAugment(num_ops, magnitude, num_magnitude_bins, interpolation, fill)}: per call, {@code numOps}
     * times: {@code torch.randint(14, (1,))} picks an op (Identity, ShearX, ShearY, TranslateX, TranslateY, Rotate,
     * Brightness, Color, Contrast, Sharpness, Posterize, Solarize, AutoContrast, Equalize), applied at bin
     * {@code magnitude}, negated when a signed op's {@code torch.randint(2, (1,))} draws 1.
     *
     * @throws IndexOutOfBoundsException when applied with {@code magnitude >= numMagnitudeBins} and an op with
     *                                   magnitudes is drawn (torchvision's IndexError)
     */
    public static Transform randAugment(int numOps, int magnitude, int numMagnitudeBins, InterpolationMode interpolation, double[] fill) {
        Objects.requireNonNull(interpolation, "interpolation");
        double[] f = copyFill(fill);
        String repr = "RandAugment(num_ops=" + numOps + ", magnitude=" + magnitude + ", num_magnitude_bins=" + numMagnitudeBins
                + ", interpolation=" + interp(interpolation) + ", fill=" + fillText(f) + ")";
        AugmentOps.SpaceCache spaces = new AugmentOps.SpaceCache((h, w) -> AugmentOps.randAugmentSpace(numMagnitudeBins, h, w, true, false));
        return named(repr, img -> {
            double[] fl = channelFill(img, f);
            List<Space> space = spaces.get(img.size(-2), img.size(-1));
            for (int k = 0; k < numOps; k++) img = AugmentOps.drawAndApply(img, space, magnitude, 0, interpolation, fl);
            return img;
        });
    }

    /** {@code TrivialAugmentWide()}: 31 bins, nearest, no fill. */
    public static Transform trivialAugmentWide() { return trivialAugmentWide(31, InterpolationMode.NEAREST, null); }

    /**
     * {@code TrivialAugmentWide(num_magnitude_bins, interpolation, fill)}: per call one op of the 14 (as
     * RandAugment's, over wider ranges), drawn as {@code torch.randint(14, (1,))}; for an op with magnitudes, the bin
     * as {@code torch.randint(num_magnitude_bins, (1,))}; for a signed op, {@code torch.randint(2, (1,))}.
     */
    public static Transform trivialAugmentWide(int numMagnitudeBins, InterpolationMode interpolation, double[] fill) {
        Objects.requireNonNull(interpolation, "interpolation");
        double[] f = copyFill(fill);
        String repr = "TrivialAugmentWide(num_magnitude_bins=" + numMagnitudeBins + ", interpolation=" + interp(interpolation)
                + ", fill=" + fillText(f) + ")";
        AugmentOps.SpaceCache spaces = new AugmentOps.SpaceCache((h, w) -> AugmentOps.trivialAugmentSpace(numMagnitudeBins));
        return named(repr, img -> {
            double[] fl = channelFill(img, f);
            return AugmentOps.drawAndApply(img, spaces.get(0, 0), null, numMagnitudeBins, interpolation, fl);
        });
    }

    /** {@code AugMix()}: severity 3, three chains of random depth, alpha 1, all ops, bilinear, no fill. */
    public static Transform augMix() { return augMix(3, 3, -1, 1.0, true, InterpolationMode.BILINEAR, null); }

    /**
     * {@code AugMix(severity, mixture_width, chain_depth, alpha, all_ops, interpolation, fill)}: mixes the image with
     * {@code mixtureWidth} chains of random ops. Per call, for the batch of {@code N} images (a 3-d image is a batch of
     * one), it draws {@code torch._sample_dirichlet} over {@code [alpha, alpha]} expanded to {@code [N, 2]} (the
     * weight of the original, and of the chains together), then over {@code [alpha] * mixtureWidth} (the chains'
     * shares); then per chain the depth ({@code torch.randint(1, 4, (1,))} unless {@code chainDepth > 0}) and per op
     * the op index, the bin among the first {@code severity} of 10, and the sign. The float32 mix is cast back to the
     * image's dtype (truncating, as {@code .to(uint8)} does).
     *
     * @throws IllegalArgumentException for a severity outside [1, 10]
     */
    public static Transform augMix(int severity, int mixtureWidth, int chainDepth, double alpha, boolean allOps,
                                   InterpolationMode interpolation, double[] fill) {
        if (!(1 <= severity && severity <= 10)) {
            throw new IllegalArgumentException("The severity must be between [1, 10]. Got " + severity + " instead.");
        }
        Objects.requireNonNull(interpolation, "interpolation");
        double[] f = copyFill(fill);
        String repr = "AugMix(severity=" + severity + ", mixture_width=" + mixtureWidth + ", chain_depth=" + chainDepth
                + ", alpha=" + Py.repr(alpha) + ", all_ops=" + Py.repr(allOps) + ", interpolation=" + interp(interpolation)
                + ", fill=" + fillText(f) + ")";
        AugmentOps.SpaceCache spaces = new AugmentOps.SpaceCache((h, w) -> AugmentOps.augMixSpace(10, h, w, allOps));
        return named(repr, img -> {
            double[] fl = channelFill(img, f);
            List<Space> space = spaces.get(img.size(-2), img.size(-1));
            long[] origDims = img.shapeArray();
            long[] shape = new long[Math.max(4, origDims.length)];
            Arrays.fill(shape, 1);
            System.arraycopy(origDims, 0, shape, shape.length - origDims.length, origDims.length);
            Tensor batch = img.view(shape);
            long n = batch.size(0);
            long[] batchDims = new long[shape.length];
            Arrays.fill(batchDims, 1);
            batchDims[0] = n;
            Tensor m = dirichlet(alpha, 2, n);
            Tensor combined = dirichlet(alpha, mixtureWidth, n).mul(m.select(1, 1).view(n, -1));
            Tensor mix = m.select(1, 0).view(batchDims).mul(batch);
            for (int i = 0; i < mixtureWidth; i++) {
                Tensor aug = batch;
                int depth = chainDepth > 0 ? chainDepth : (int) Torch.randint(1, 4, Size.of(1)).itemLong();
                for (int d = 0; d < depth; d++) aug = AugmentOps.drawAndApply(aug, space, null, severity, interpolation, fl);
                mix.add_(combined.select(1, i).view(batchDims).mul(aug));
            }
            return mix.view(origDims).to(img.dtype());
        });
    }

    /** {@code torch._sample_dirichlet(torch.tensor([alpha] * k).expand(n, -1))}: float32, as torchvision builds it. */
    private static Tensor dirichlet(double alpha, int k, long n) {
        Tensor concentration = Torch.full(Size.of(k), alpha, TensorOptions.DEFAULT.dtype(DType.FLOAT32)).expand(n, k);
        return new Dirichlet(concentration).sample();
    }
}
