package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.nn.ConvTranspose2d;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Module;

/**
 * torchvision's {@code KeypointRCNNPredictor(in_channels, num_keypoints)}: a 4x4 stride-2 transposed convolution
 * ({@code kps_score_lowres}, Kaiming-normal {@code fan_out} weights, zero bias) to one heatmap logit map per keypoint,
 * then bilinear upsampling by 2: 14x14 pooled features give 56x56 heatmaps.
 */
public class KeypointRCNNPredictor extends Module {
    /** The transposed convolution to one map per keypoint. */
    public final ConvTranspose2d kps_score_lowres;
    /** The upsampling factor after it (2). */
    public final long upScale = 2;
    /** Keypoints per instance. */
    public final long outChannels;

    /** {@code KeypointRCNNPredictor(in_channels, num_keypoints)}. */
    public KeypointRCNNPredictor(long inChannels, long numKeypoints) {
        kps_score_lowres = new ConvTranspose2d(inChannels, numKeypoints, 4, ConvTranspose2d.options().stride(2).padding(1));
        Init.kaimingNormal_(kps_score_lowres.weight, 0, "fan_out", "relu", null);
        Init.constant_(kps_score_lowres.bias, 0);
        outChannels = numKeypoints;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.interpolate(kps_score_lowres.call(x), null, new double[] {upScale}, "bilinear", false, false);
    }
}
