package dev.torch4j.vision.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code torchvision.ops.MultiScaleRoIAlign(featmap_names, output_size, sampling_ratio, canonical_scale,
 * canonical_level)} (Feature Pyramid Networks, Lin et al.): each box is pooled by {@link RoiOps#roiAlign} from the
 * pyramid level its size picks, {@code floor(canonical_level + log2(sqrt(area) / canonical_scale) + 1e-6)} clamped to
 * the levels there are. Each level's scale (a power of two) is inferred from its size against the largest image on
 * the first call and kept, as torchvision keeps it.
 */
public class MultiScaleRoIAlign extends Module {
    /** The feature maps to pool from, by name. */
    public final List<String> featmapNames;
    /** The output's (height, width). */
    public final long[] outputSize;
    /** roi_align's sampling ratio. */
    public final int samplingRatio;
    /** The box size that maps to {@link #canonicalLevel} (224). */
    public final long canonicalScale;
    /** The level of a box of {@link #canonicalScale} (4). */
    public final long canonicalLevel;
    private double[] scales;
    private long kMin, kMax;

    /** {@code MultiScaleRoIAlign(featmap_names, output_size, sampling_ratio)}: canonical scale 224 at level 4. */
    public MultiScaleRoIAlign(List<String> featmapNames, long[] outputSize, int samplingRatio) {
        this(featmapNames, outputSize, samplingRatio, 224, 4);
    }

    /** {@code MultiScaleRoIAlign(featmap_names, output_size, sampling_ratio, canonical_scale=..., canonical_level=...)}. */
    public MultiScaleRoIAlign(List<String> featmapNames, long[] outputSize, int samplingRatio, long canonicalScale, long canonicalLevel) {
        this.featmapNames = List.copyOf(featmapNames);
        this.outputSize = outputSize.length == 1 ? new long[] {outputSize[0], outputSize[0]} : outputSize.clone();
        this.samplingRatio = samplingRatio;
        this.canonicalScale = canonicalScale;
        this.canonicalLevel = canonicalLevel;
    }

    /**
     * {@code forward(x, boxes, image_shapes)}: the named feature maps of {@code x} (in its order), per-image
     * {@code [L, 4]} boxes and each image's (height, width); returns {@code [sum L, C, oh, ow]}.
     */
    public Tensor forward(Map<String, Tensor> x, List<Tensor> boxes, List<long[]> imageShapes) {
        List<Tensor> features = new ArrayList<>();
        for (var e : x.entrySet()) if (featmapNames.contains(e.getKey())) features.add(e.getValue());
        if (scales == null) setupScales(features, imageShapes);
        Tensor rois = RoiOps.toRoiFormat(boxes);
        if (features.size() == 1) return RoiOps.roiAlign(features.getFirst(), rois, outputSize[0], outputSize[1], scales[0], samplingRatio, false);
        Tensor levels = levels(boxes);
        Tensor first = features.getFirst();
        Tensor result = Torch.zeros(Torch.shape(rois.size(0), first.size(1), outputSize[0], outputSize[1]),
                TensorOptions.DEFAULT.dtype(first.dtype()).device(first.device()));
        for (int level = 0; level < features.size(); level++) {
            Tensor idx = levels.eq((long) level).nonzero().select(1, 0);
            Tensor pooled = RoiOps.roiAlign(features.get(level), rois.indexSelect(0, idx), outputSize[0], outputSize[1], scales[level],
                    samplingRatio, false);
            result = result.indexAdd(0, idx, pooled); // each roi lies in one level: an add into zeros is torchvision's assignment
        }
        return result;
    }

    /** torchvision's {@code _setup_scales}: each level's power-of-two scale and the level range they span. */
    private void setupScales(List<Tensor> features, List<long[]> imageShapes) {
        if (imageShapes.isEmpty()) throw new IllegalArgumentException("images list should not be empty");
        long maxX = 0, maxY = 0;
        for (long[] s : imageShapes) {
            maxX = Math.max(s[0], maxX);
            maxY = Math.max(s[1], maxY);
        }
        scales = new double[features.size()];
        for (int i = 0; i < scales.length; i++) {
            // 2 ** round(log2(approx)) with the log in float32 and round half to even, as torch.tensor(approx).log2().round()
            float approx = (float) ((double) features.get(i).size(-2) / (double) maxX);
            scales[i] = Math.pow(2, Math.rint((float) (Math.log(approx) / Math.log(2))));
        }
        kMin = (long) -(float) (Math.log((float) scales[0]) / Math.log(2));
        kMax = (long) -(float) (Math.log((float) scales[scales.length - 1]) / Math.log(2));
    }

    /** torchvision's {@code LevelMapper}: each box's pyramid level, from 0. */
    private Tensor levels(List<Tensor> boxes) {
        List<Tensor> areas = new ArrayList<>();
        for (Tensor b : boxes) areas.add(Boxes.boxArea(b));
        Tensor s = Torch.cat(areas.toArray(Tensor[]::new), 0).sqrt();
        Tensor target = s.div((double) canonicalScale).log2().add((double) canonicalLevel).add(1e-6).floor();
        return target.clamp((double) kMin, (double) kMax).to(DType.INT64).sub(kMin);
    }

    @Override
    public String toString() {
        StringBuilder names = new StringBuilder("[");
        for (String n : featmapNames) names.append(names.length() > 1 ? ", " : "").append('\'').append(n).append('\'');
        return className() + "(featmap_names=" + names + "], output_size=" + dev.torch4j.nn.Py.tuple(outputSize) + ", sampling_ratio="
                + samplingRatio + ")";
    }
}
