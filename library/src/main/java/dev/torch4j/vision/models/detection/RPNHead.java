package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.ops.Conv2dNormActivation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * torchvision's {@code RPNHead(in_channels, num_anchors, conv_depth)}: on every feature map, {@code conv_depth} 3x3
 * convolutions with ReLU, then a 1x1 convolution giving one objectness logit per anchor ({@code cls_logits}) and one
 * giving four box deltas per anchor ({@code bbox_pred}). Every convolution is redrawn from N(0, 0.01) with zero bias.
 */
public class RPNHead extends Module {
    /** The shared 3x3 convolutions. */
    public final Sequential conv;
    /** Objectness logits, one per anchor. */
    public final Conv2d cls_logits;
    /** Box deltas, four per anchor. */
    public final Conv2d bbox_pred;

    /** The head's outputs, one tensor per feature map each. */
    public record Output(List<Tensor> logits, List<Tensor> bboxReg) {}

    /** {@code RPNHead(in_channels, num_anchors)}: one 3x3 convolution. */
    public RPNHead(long inChannels, long numAnchors) { this(inChannels, numAnchors, 1); }

    /** {@code RPNHead(in_channels, num_anchors, conv_depth)}. */
    public RPNHead(long inChannels, long numAnchors, int convDepth) {
        List<Module> convs = new ArrayList<>();
        for (int i = 0; i < convDepth; i++) {
            convs.add(new Conv2dNormActivation(inChannels, inChannels, Conv2dNormActivation.options().kernelSize(3).normLayer(null)));
        }
        conv = new Sequential(convs.toArray(Module[]::new));
        cls_logits = new Conv2d(inChannels, numAnchors, 1, Conv2d.options().stride(1));
        bbox_pred = new Conv2d(inChannels, numAnchors * 4, 1, Conv2d.options().stride(1));
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                Init.normal_(c.weight, 0, 0.01);
                if (c.bias != null) Init.constant_(c.bias, 0);
            }
        }
    }

    /** State dicts from before torchvision's version 2 name the single convolution {@code conv.weight}; it is {@code conv.0.0.weight} now. */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        for (String type : new String[] {"weight", "bias"}) {
            Tensor old = stateDict.remove(prefix + "conv." + type);
            if (old != null) stateDict.put(prefix + "conv.0.0." + type, old);
        }
    }

    /** {@code forward(x)}: the objectness logits and box deltas of each feature map. */
    public Output forward(List<Tensor> x) {
        List<Tensor> logits = new ArrayList<>(), bboxReg = new ArrayList<>();
        for (Tensor feature : x) {
            Tensor t = conv.call(feature);
            logits.add(cls_logits.call(t));
            bboxReg.add(bbox_pred.call(t));
        }
        return new Output(logits, bboxReg);
    }

    /** {@inheritDoc} torchvision's: version 2 wraps the convolution in Conv2dNormActivation. */
    @Override
    protected int stateDictVersion() { return 2; }
}
