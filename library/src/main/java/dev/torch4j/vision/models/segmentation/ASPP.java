package dev.torch4j.vision.models.segmentation;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ModuleList;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's {@code ASPP(in_channels, atrous_rates, out_channels=256)}, DeepLabV3's atrous spatial pyramid
 * pooling: a 1x1 branch, a dilated 3x3 branch per rate and an image-pooling branch, concatenated and projected back
 * to {@code out_channels} (batch norm, ReLU, dropout 0.5).
 */
public class ASPP extends Module {
    /** The branches: 1x1, one {@link ASPPConv} per rate, then {@link ASPPPooling}. */
    public final ModuleList convs = new ModuleList();
    /** The 1x1 projection of the concatenated branches. */
    public final Sequential project;

    /** {@code ASPP(in_channels, atrous_rates)}: 256 output channels. */
    public ASPP(long inChannels, long[] atrousRates) { this(inChannels, atrousRates, 256); }

    /** {@code ASPP(in_channels, atrous_rates, out_channels)}. */
    public ASPP(long inChannels, long[] atrousRates, long outChannels) {
        convs.append(new Sequential(new Conv2d(inChannels, outChannels, 1, Conv2d.options().bias(false)), new BatchNorm2d(outChannels), new ReLU()));
        for (long rate : atrousRates) convs.append(new ASPPConv(inChannels, outChannels, rate));
        convs.append(new ASPPPooling(inChannels, outChannels));
        project = new Sequential(new Conv2d(convs.size() * outChannels, outChannels, 1, Conv2d.options().bias(false)),
                new BatchNorm2d(outChannels), new ReLU(), new Dropout(0.5));
    }

    @Override
    public Tensor forward(Tensor x) {
        List<Tensor> res = new ArrayList<>();
        for (Module conv : convs) res.add(conv.call(x));
        return project.call(Torch.cat(res, 1));
    }

    /** torchvision's {@code ASPPConv}: a 3x3 convolution dilated (and padded) by the rate, batch norm, ReLU. */
    public static final class ASPPConv extends Sequential {
        /** {@code ASPPConv(in_channels, out_channels, dilation)}. */
        public ASPPConv(long inChannels, long outChannels, long dilation) {
            super(new Conv2d(inChannels, outChannels, 3, Conv2d.options().padding(dilation).dilation(dilation).bias(false)),
                    new BatchNorm2d(outChannels), new ReLU());
        }
    }

    /** torchvision's {@code ASPPPooling}: global average pool, 1x1 convolution, batch norm, ReLU, upsampled back to the input's size. */
    public static final class ASPPPooling extends Sequential {
        /** {@code ASPPPooling(in_channels, out_channels)}. */
        public ASPPPooling(long inChannels, long outChannels) {
            super(new AdaptiveAvgPool2d(1), new Conv2d(inChannels, outChannels, 1, Conv2d.options().bias(false)), new BatchNorm2d(outChannels),
                    new ReLU());
        }

        @Override
        public Tensor forward(Tensor x) {
            long[] size = {x.size(-2), x.size(-1)};
            return SimpleSegmentationModel.upsample(super.forward(x), size);
        }
    }
}
