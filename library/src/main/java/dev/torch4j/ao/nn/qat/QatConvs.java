package dev.torch4j.ao.nn.qat;

import dev.torch4j.Tensor;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.nn.ConvNd;
import dev.torch4j.nn.Functional;

/** What the QAT convolutions of every rank share: the set-up checks, the options of a float conv, the convolution itself. */
public final class QatConvs {
    private QatConvs() {}

    /** Gives {@code c} its {@code weight_fake_quant} from {@code qconfig.weight()} after PyTorch's checks. */
    public static void setUp(ConvNd c, QConfig qconfig) {
        if (qconfig == null) throw new IllegalArgumentException("qconfig must be provided for QAT module");
        if (!"zeros".equals(c.paddingMode)) {
            throw new UnsupportedOperationException("qat." + c.className() + ": only padding_mode='zeros' is supported here, got "
                    + c.paddingMode);
        }
        c.registerModule("weight_fake_quant", qconfig.weight().get());
    }

    /** The float conv's options (stride, padding, dilation, groups, bias, padding mode). */
    public static ConvNd.Options optionsOf(ConvNd mod) {
        ConvNd.Options o = ConvNd.options().stride(mod.stride).dilation(mod.dilation).groups(mod.groups).bias(mod.bias != null)
                .paddingMode(mod.paddingMode);
        return mod.paddingString != null ? o.padding(mod.paddingString) : o.padding(mod.padding);
    }

    /** {@code q} given the float conv's parameters (shared, as PyTorch's {@code from_float}) and training mode. */
    public static <C extends ConvNd> C init(C q, ConvNd mod) {
        q.weight = mod.weight;
        q.bias = mod.bias;
        q.train(mod.isTraining());
        return q;
    }

    /** {@code c}'s convolution of {@code x} with weight {@code w} and bias {@code b} (null for none), any rank. */
    public static Tensor conv(ConvNd c, Tensor x, Tensor w, Tensor b) {
        String p = c.paddingString;
        return switch (c.kernelSize.length) {
            case 1 -> p != null ? Functional.conv1d(x, w, b, c.stride, p, c.dilation, c.groups)
                    : Functional.conv1d(x, w, b, c.stride, c.padding, c.dilation, c.groups);
            case 2 -> p != null ? Functional.conv2d(x, w, b, c.stride, p, c.dilation, c.groups)
                    : Functional.conv2d(x, w, b, c.stride, c.padding, c.dilation, c.groups);
            default -> p != null ? Functional.conv3d(x, w, b, c.stride, p, c.dilation, c.groups)
                    : Functional.conv3d(x, w, b, c.stride, c.padding, c.dilation, c.groups);
        };
    }
}
