package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ModuleList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * {@code torchvision.ops.FeaturePyramidNetwork(in_channels_list, out_channels, extra_blocks, norm_layer)} (Lin et
 * al.): 1x1 lateral convolutions ({@code inner_blocks}) bring every level to {@code out_channels}, each level adds
 * the nearest-upsampled level above it, and 3x3 convolutions ({@code layer_blocks}) smooth the sums; an
 * {@link ExtraFPNBlock} may add levels. Convolutions are kaiming-uniform (a = 1) with zero biases, as torchvision's.
 */
public class FeaturePyramidNetwork extends Module {
    /** The lateral 1x1 blocks, one per input level. */
    public final ModuleList inner_blocks = new ModuleList();
    /** The output 3x3 blocks, one per input level. */
    public final ModuleList layer_blocks = new ModuleList();
    /** Levels added after the pyramid's own, or null. */
    public final ExtraFPNBlock extra_blocks;

    /** {@code FeaturePyramidNetwork(in_channels_list, out_channels)}: no extra levels, no norm. */
    public FeaturePyramidNetwork(long[] inChannelsList, long outChannels) { this(inChannelsList, outChannels, null, null); }

    /** {@code FeaturePyramidNetwork(in_channels_list, out_channels, extra_blocks, norm_layer)}; build the extra block first, as Python evaluates it first. */
    public FeaturePyramidNetwork(long[] inChannelsList, long outChannels, ExtraFPNBlock extraBlocks, LongFunction<Module> normLayer) {
        for (long in : inChannelsList) {
            if (in == 0) throw new IllegalArgumentException("in_channels=0 is currently not supported");
            inner_blocks.append(new Conv2dNormActivation(in, outChannels, Conv2dNormActivation.options().kernelSize(1).padding(0)
                    .normLayer(normLayer).activationLayer(null)));
            layer_blocks.append(new Conv2dNormActivation(outChannels, outChannels, Conv2dNormActivation.options().kernelSize(3)
                    .normLayer(normLayer).activationLayer(null)));
        }
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingUniform_(c.weight, 1);
                if (c.bias != null) Init.zeros_(c.bias);
            }
        }
        this.extra_blocks = extraBlocks;
    }

    /** {@code forward(x)}: the levels of {@code x} (finest first) in, the pyramid's levels under the same names (and the extra ones) out. */
    public Map<String, Tensor> forward(Map<String, Tensor> x) {
        List<String> names = new ArrayList<>(x.keySet());
        List<Tensor> in = new ArrayList<>(x.values());
        int last = in.size() - 1;
        Tensor lastInner = inner_blocks.get(last).call(in.get(last));
        List<Tensor> results = new ArrayList<>();
        results.add(layer_blocks.get(last).call(lastInner));
        for (int idx = last - 1; idx >= 0; idx--) {
            Tensor lateral = inner_blocks.get(idx).call(in.get(idx));
            Tensor topDown = Functional.interpolate(lastInner, new long[] {lateral.size(-2), lateral.size(-1)}, "nearest");
            lastInner = lateral.add(topDown);
            results.addFirst(layer_blocks.get(idx).call(lastInner));
        }
        if (extra_blocks != null) extra_blocks.extend(results, in, names);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), results.get(i));
        return out;
    }

    /** {@inheritDoc} torchvision's: version 2 wraps each block's convolution in Conv2dNormActivation. */
    @Override
    protected int stateDictVersion() { return 2; }
}
