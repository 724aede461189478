/**
 * {@code torchvision.ops}: {@link dev.torch4j.vision.ops.Boxes} (NMS, IoU variants, conversions),
 * {@link dev.torch4j.vision.ops.Losses} (focal and box IoU losses), {@link dev.torch4j.vision.ops.RoiOps}
 * (roi_align, roi_pool and their position-sensitive forms) and the layers torchvision's models share
 * ({@link dev.torch4j.vision.ops.Conv2dNormActivation}, {@link dev.torch4j.vision.ops.SqueezeExcitation},
 * {@link dev.torch4j.vision.ops.StochasticDepth}, {@link dev.torch4j.vision.ops.MLP}, ...), deformable convolution
 * ({@link dev.torch4j.vision.ops.DeformConv2d}) and the detection necks {@link dev.torch4j.vision.ops.MultiScaleRoIAlign}
 * and {@link dev.torch4j.vision.ops.FeaturePyramidNetwork}.
 */
package dev.torch4j.vision.ops;
