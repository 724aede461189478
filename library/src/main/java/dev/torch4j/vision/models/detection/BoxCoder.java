package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

/**
 * torchvision's detection {@code BoxCoder(weights, bbox_xform_clip)}: boxes as offsets from reference boxes,
 * {@code (wx dx / w, wy dy / h, ww log(w' / w), wh log(h' / h))} with the centre moves {@code dx, dy}; decoding
 * clamps the log-scales at {@code bbox_xform_clip} (default {@code log(1000 / 16)}) so that no box explodes.
 */
public final class BoxCoder {
    /** The weights of (x, y, w, h): (1, 1, 1, 1) in the RPN, (10, 10, 5, 5) in the box head. */
    public final double[] weights;
    /** The largest log-scale decoding applies. */
    public final double bboxXformClip;

    /** {@code BoxCoder(weights)} with {@code bbox_xform_clip = log(1000 / 16)}. */
    public BoxCoder(double[] weights) { this(weights, Math.log(1000.0 / 16)); }

    /** {@code BoxCoder(weights, bbox_xform_clip)}. */
    public BoxCoder(double[] weights, double bboxXformClip) {
        if (weights.length != 4) throw new IllegalArgumentException("BoxCoder: expected 4 weights, got " + weights.length);
        this.weights = weights.clone();
        this.bboxXformClip = bboxXformClip;
    }

    /** {@code encode(reference_boxes, proposals)}: per image, the codes of its reference boxes against its proposals. */
    public List<Tensor> encode(List<Tensor> referenceBoxes, List<Tensor> proposals) {
        long[] perImage = new long[referenceBoxes.size()];
        for (int i = 0; i < perImage.length; i++) perImage[i] = referenceBoxes.get(i).size(0);
        Tensor targets = encodeSingle(Torch.cat(referenceBoxes, 0), Torch.cat(proposals, 0));
        return List.of(targets.split(perImage));
    }

    /** {@code encode_single(reference_boxes, proposals)}: the {@code [N, 4]} codes that carry each proposal onto its reference box. */
    public Tensor encodeSingle(Tensor referenceBoxes, Tensor proposals) {
        Tensor exW = col(proposals, 2).sub(col(proposals, 0)), exH = col(proposals, 3).sub(col(proposals, 1));
        Tensor exX = col(proposals, 0).add(exW.mul(0.5)), exY = col(proposals, 1).add(exH.mul(0.5));
        Tensor gtW = col(referenceBoxes, 2).sub(col(referenceBoxes, 0)), gtH = col(referenceBoxes, 3).sub(col(referenceBoxes, 1));
        Tensor gtX = col(referenceBoxes, 0).add(gtW.mul(0.5)), gtY = col(referenceBoxes, 1).add(gtH.mul(0.5));
        Tensor dx = gtX.sub(exX).mul(weights[0]).div(exW), dy = gtY.sub(exY).mul(weights[1]).div(exH);
        Tensor dw = gtW.div(exW).log().mul(weights[2]), dh = gtH.div(exH).log().mul(weights[3]);
        return Torch.cat(new Tensor[] {dx, dy, dw, dh}, 1);
    }

    /** A column kept 2-D, {@code boxes[:, k].unsqueeze(1)}. */
    private static Tensor col(Tensor boxes, long k) { return boxes.select(1, k).unsqueeze(1); }

    /**
     * {@code decode(rel_codes, boxes)}: the codes (for all images' boxes together, any number of classes per box)
     * applied to the images' reference boxes, {@code [sum N, classes, 4]}.
     */
    public Tensor decode(Tensor relCodes, List<Tensor> boxes) {
        long boxSum = 0;
        for (Tensor b : boxes) boxSum += b.size(0);
        if (boxSum > 0) relCodes = relCodes.reshape(boxSum, -1);
        Tensor pred = decodeSingle(relCodes, Torch.cat(boxes, 0));
        return boxSum > 0 ? pred.reshape(boxSum, -1, 4) : pred;
    }

    /** {@code decode_single(rel_codes, boxes)}: {@code [N, 4k]} codes on {@code [N, 4]} reference boxes, {@code [N, 4k]} boxes. */
    public Tensor decodeSingle(Tensor relCodes, Tensor boxes) {
        boxes = boxes.to(relCodes.dtype());
        Tensor widths = boxes.select(1, 2).sub(boxes.select(1, 0)), heights = boxes.select(1, 3).sub(boxes.select(1, 1));
        Tensor ctrX = boxes.select(1, 0).add(widths.mul(0.5)), ctrY = boxes.select(1, 1).add(heights.mul(0.5));
        Tensor codes = relCodes.reshape(relCodes.size(0), -1, 4); // codes[:, :, k] is rel_codes[:, k::4]
        Tensor dx = codes.select(2, 0).div(weights[0]), dy = codes.select(2, 1).div(weights[1]);
        Tensor dw = codes.select(2, 2).div(weights[2]).clamp(null, bboxXformClip);
        Tensor dh = codes.select(2, 3).div(weights[3]).clamp(null, bboxXformClip);
        Tensor predX = dx.mul(widths.unsqueeze(1)).add(ctrX.unsqueeze(1)), predY = dy.mul(heights.unsqueeze(1)).add(ctrY.unsqueeze(1));
        Tensor halfW = dw.exp().mul(widths.unsqueeze(1)).mul(0.5), halfH = dh.exp().mul(heights.unsqueeze(1)).mul(0.5);
        return Torch.stack(List.of(predX.sub(halfW), predY.sub(halfH), predX.add(halfW), predY.add(halfH)), 2).flatten(1);
    }
}
