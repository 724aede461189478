package dev.torch4j.vision.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Parameter;
import dev.torch4j.nn.Py;

/**
 * {@code torchvision.ops.DeformConv2d} and {@link #deformConv2d} (Dai et al., "Deformable Convolutional Networks";
 * with a mask, v2): a convolution whose every kernel tap samples the input at a learned offset from its place,
 * bilinearly with zeros outside. Composed of tensor ops (the taps' corner pixels gathered, weighted and contracted
 * with the weight by a batched matmul), so input, offset, mask, weight and bias all get gradients, on any device.
 */
public class DeformConv2d extends Module {
    /** {@code [out_channels, in_channels / groups, kh, kw]}. */
    public final Tensor weight;
    /** {@code [out_channels]}, or null. */
    public final Tensor bias;
    private final long inChannels, outChannels, groups;
    private final long[] kernelSize, stride, padding, dilation;

    /** {@code DeformConv2d(in_channels, out_channels, kernel_size)}: stride 1, no padding, bias. */
    public DeformConv2d(long inChannels, long outChannels, long kernelSize) {
        this(inChannels, outChannels, new long[] {kernelSize, kernelSize}, new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, 1, true);
    }

    /** {@code DeformConv2d(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias)}, sizes as (h, w). */
    public DeformConv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] dilation, long groups,
                        boolean bias) {
        if (inChannels % groups != 0) throw new IllegalArgumentException("in_channels must be divisible by groups");
        if (outChannels % groups != 0) throw new IllegalArgumentException("out_channels must be divisible by groups");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.weight = Parameter.of(Torch.empty(outChannels, inChannels / groups, kernelSize[0], kernelSize[1]));
        this.bias = bias ? Parameter.of(Torch.empty(outChannels)) : null;
        Init.linearDefaults_(weight, this.bias); // torchvision's reset_parameters: kaiming_uniform_(a=sqrt(5)), bias in +-1/sqrt(fan_in)
    }

    /** {@code forward(input, offset)}. */
    @Override
    public Tensor forward(Tensor input, Tensor offset) { return deformConv2d(input, offset, weight, bias, stride, padding, dilation, null); }

    /** {@code forward(input, offset, mask)}. */
    @Override
    public Tensor forward(Tensor... in) {
        if (in.length == 2) return forward(in[0], in[1]);
        if (in.length != 3) throw new IllegalArgumentException("DeformConv2d takes (input, offset) or (input, offset, mask)");
        return deformConv2d(in[0], in[1], weight, bias, stride, padding, dilation, in[2]);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(className()).append('(').append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(Py.tuple(kernelSize)).append(", stride=").append(Py.tuple(stride));
        if (padding[0] != 0 || padding[1] != 0) s.append(", padding=").append(Py.tuple(padding));
        if (dilation[0] != 1 || dilation[1] != 1) s.append(", dilation=").append(Py.tuple(dilation));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        return s.append(')').toString();
    }

    /**
     * {@code deform_conv2d(input, offset, weight, bias, stride, padding, dilation, mask)}: {@code input [N, C, H, W]},
     * {@code offset [N, 2 G kh kw, oh, ow]} ((dy, dx) per offset group and tap), {@code weight [O, C / groups, kh, kw]},
     * {@code mask [N, G kh kw, oh, ow]} or null; bias may be null.
     */
    public static Tensor deformConv2d(Tensor input, Tensor offset, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                      long[] dilation, Tensor mask) {
        long n = input.size(0), c = input.size(1), h = input.size(2), w = input.size(3);
        long out = weight.size(0), kh = weight.size(2), kw = weight.size(3), k = kh * kw;
        long og = offset.size(1) / (2 * k), wg = c / weight.size(1);
        if (og == 0) {
            throw new IllegalArgumentException("the shape of the offset tensor at dimension 1 is not valid. It should be a multiple of "
                    + "2 * weight.size[2] * weight.size[3].\nGot offset.shape[1]=" + offset.size(1) + ", while 2 * weight.size[2] * "
                    + "weight.size[3]=" + 2 * k);
        }
        long oh = (h + 2 * padding[0] - (dilation[0] * (kh - 1) + 1)) / stride[0] + 1;
        long ow = (w + 2 * padding[1] - (dilation[1] * (kw - 1) + 1)) / stride[1] + 1, l = oh * ow;
        if (offset.dim() != 4 || offset.size(0) != n || offset.size(2) != oh || offset.size(3) != ow || c % og != 0) {
            throw new IllegalArgumentException("deform_conv2d: expected offset of shape [" + n + ", " + 2 * og * k + ", " + oh + ", " + ow
                    + "] for input " + Shapes.str(input.shapeArray()) + ", got " + Shapes.str(offset.shapeArray()));
        }
        // each tap's place before the offset: out * stride - pad + tap * dilation, per (tap, output pixel)
        double[] by = new double[(int) (k * l)], bx = new double[(int) (k * l)];
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < l; p++) {
                by[(int) (t * l + p)] = (p / ow) * stride[0] - padding[0] + (t / kw) * dilation[0];
                bx[(int) (t * l + p)] = (p % ow) * stride[1] - padding[1] + (t % kw) * dilation[1];
            }
        }
        Tensor off = offset.reshape(n, og, k, 2, l);
        Tensor y = perChannel(off.select(3, 0).add(constant(by, input, k, l)), n, og, c);
        Tensor x = perChannel(off.select(3, 1).add(constant(bx, input, k, l)), n, og, c);
        Tensor cols = bilinear(input.reshape(n, c, h * w), y, x, h, w);
        if (mask != null) cols = cols.mul(perChannel(mask.reshape(n, og, k, l), n, og, c));
        Tensor wm = weight.reshape(1, wg, out / wg, c / wg * k);
        Tensor result = wm.matmul(cols.reshape(n, wg, c / wg * k, l)).reshape(n, out, oh, ow);
        return bias == null ? result : result.add(bias.reshape(1, out, 1, 1));
    }

    private static Tensor constant(double[] v, Tensor like, long k, long l) {
        return Torch.fromArray(v, k, l).to(like.dtype()).to(like.device());
    }

    /** An offset group's {@code [N, G, K, L]} values repeated for each of its channels: {@code [N, C, K * L]}. */
    private static Tensor perChannel(Tensor t, long n, long groups, long c) {
        return t.unsqueeze(2).expand(n, groups, c / groups, t.size(2), t.size(3)).reshape(n, c, -1);
    }

    /** torchvision's deformable bilinear sample: 0 unless {@code -1 < y < H} and {@code -1 < x < W}, corners outside read as 0. */
    private static Tensor bilinear(Tensor flat, Tensor y, Tensor x, long h, long w) {
        Tensor y0 = y.detach().floor(), x0 = x.detach().floor();
        Tensor ly = y.sub(y0), lx = x.sub(x0), hy = ly.neg().add(1), hx = lx.neg().add(1);
        Tensor sum = null;
        for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
                Tensor yy = y0.add(dy), xx = x0.add(dx);
                Tensor inside = yy.ge(0.0).logicalAnd(yy.le((double) (h - 1))).logicalAnd(xx.ge(0.0)).logicalAnd(xx.le((double) (w - 1)));
                Tensor idx = yy.clamp(0, h - 1).mul(w).add(xx.clamp(0, w - 1)).to(DType.INT64);
                Tensor weight = (dy == 0 ? hy : ly).mul(dx == 0 ? hx : lx).mul(inside.to(y.dtype()));
                Tensor term = flat.gather(2, idx).mul(weight);
                sum = sum == null ? term : sum.add(term);
            }
        }
        Tensor valid = y.gt(-1.0).logicalAnd(y.lt((double) h)).logicalAnd(x.gt(-1.0)).logicalAnd(x.lt((double) w));
        return sum.mul(valid.to(y.dtype()));
    }
}
