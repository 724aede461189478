package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.vision.models.IntermediateLayerGetter;
import dev.torch4j.vision.ops.ExtraFPNBlock;
import dev.torch4j.vision.ops.FeaturePyramidNetwork;
import dev.torch4j.vision.ops.LastLevelMaxPool;

import java.util.Map;
import java.util.function.LongFunction;

/**
 * torchvision's {@code BackboneWithFPN(backbone, return_layers, in_channels_list, out_channels, extra_blocks,
 * norm_layer)}: the backbone's intermediate layers ({@code body}, an {@link IntermediateLayerGetter}) under a
 * {@link FeaturePyramidNetwork} ({@code fpn}, with a {@link LastLevelMaxPool} unless other extra blocks are given).
 */
public class BackboneWithFPN extends Module implements DetectionBackbone {
    /** The backbone's layers up to the last returned one. */
    public final IntermediateLayerGetter body;
    /** The pyramid over the returned layers. */
    public final FeaturePyramidNetwork fpn;
    private final long outChannels;

    /** {@code BackboneWithFPN(backbone, return_layers, in_channels_list, out_channels)}: a max-pool level on top, no norm. */
    public BackboneWithFPN(Module backbone, Map<String, String> returnLayers, long[] inChannelsList, long outChannels) {
        this(backbone, returnLayers, inChannelsList, outChannels, null, null);
    }

    /** {@code BackboneWithFPN(backbone, return_layers, in_channels_list, out_channels, extra_blocks, norm_layer)}; null extra blocks: a {@link LastLevelMaxPool}. */
    public BackboneWithFPN(Module backbone, Map<String, String> returnLayers, long[] inChannelsList, long outChannels, ExtraFPNBlock extraBlocks,
                           LongFunction<Module> normLayer) {
        if (extraBlocks == null) extraBlocks = new LastLevelMaxPool();
        this.body = new IntermediateLayerGetter(backbone, returnLayers);
        this.fpn = new FeaturePyramidNetwork(inChannelsList, outChannels, extraBlocks, normLayer);
        this.outChannels = outChannels;
    }

    @Override
    public long outChannels() { return outChannels; }

    /** {@code forward(x)}: the pyramid's levels by name ({@code "0"}, {@code "1"}, ..., {@code "pool"}). */
    @Override
    public Map<String, Tensor> features(Tensor images) { return fpn.forward(body.forwardDict(images)); }
}
