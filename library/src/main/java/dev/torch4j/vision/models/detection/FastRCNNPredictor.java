package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;

/**
 * torchvision's {@code FastRCNNPredictor(in_channels, num_classes)}: class logits ({@code cls_score}) and per-class box
 * deltas ({@code bbox_pred}, four per class) from each box's representation. Replace it to fine-tune for other classes.
 */
public class FastRCNNPredictor extends Module {
    /** The class logits, background (0) included. */
    public final Linear cls_score;
    /** Four deltas per class. */
    public final Linear bbox_pred;

    /** The class logits and box deltas of each box. */
    public record Output(Tensor scores, Tensor bboxDeltas) {}

    /** {@code FastRCNNPredictor(in_channels, num_classes)}. */
    public FastRCNNPredictor(long inChannels, long numClasses) {
        cls_score = new Linear(inChannels, numClasses);
        bbox_pred = new Linear(inChannels, numClasses * 4);
    }

    /** {@code forward(x)}: {@code x} is {@code [N, C]}, or {@code [N, C, 1, 1]}. */
    public Output predict(Tensor x) {
        if (x.dim() == 4 && (x.size(2) != 1 || x.size(3) != 1)) {
            throw new IllegalArgumentException("x has the wrong shape, expecting the last two dimensions to be [1,1] instead of ["
                    + x.size(2) + ", " + x.size(3) + "]");
        }
        x = x.flatten(1);
        return new Output(cls_score.call(x), bbox_pred.call(x));
    }
}
