/**
 * {@code torchvision.models.video}: video classification models over clips {@code (N, 3, T, H, W)}:
 * {@link dev.torch4j.vision.models.video.VideoResNet} (r3d_18, mc3_18, r2plus1d_18),
 * {@link dev.torch4j.vision.models.video.S3D} and {@link dev.torch4j.vision.models.video.MViT} (mvit_v1_b, mvit_v2_s),
 * with their Kinetics-400 weights and the {@link dev.torch4j.vision.models.video.VideoClassification} preset.
 */
package dev.torch4j.vision.models.video;
