/**
 * {@code torchvision.models.segmentation}: {@link dev.torch4j.vision.models.segmentation.FCN} (ResNet-50, -101),
 * {@link dev.torch4j.vision.models.segmentation.DeepLabV3} (ResNet-50, -101, MobileNetV3-Large) and
 * {@link dev.torch4j.vision.models.segmentation.LRASPP} (MobileNetV3-Large), with torchvision's names, repr and
 * initialisation, their {@link dev.torch4j.vision.models.segmentation.SegmentationWeights} (COCO with VOC's
 * categories) and the {@link dev.torch4j.vision.models.SemanticSegmentation} preset. {@code forwardDict} gives
 * torchvision's {@code {"out", "aux"}}, each upsampled to the input's size.
 */
package dev.torch4j.vision.models.segmentation;
