/**
 * {@code torchvision.models}: {@link dev.torch4j.vision.models.ResNet} (resnet18 to resnet152, ResNeXt, Wide ResNet),
 * {@link dev.torch4j.vision.models.MobileNetV2}, {@link dev.torch4j.vision.models.MobileNetV3},
 * {@link dev.torch4j.vision.models.AlexNet}, {@link dev.torch4j.vision.models.VGG},
 * {@link dev.torch4j.vision.models.SqueezeNet}, {@link dev.torch4j.vision.models.DenseNet},
 * {@link dev.torch4j.vision.models.VisionTransformer}, {@link dev.torch4j.vision.models.ConvNeXt},
 * {@link dev.torch4j.vision.models.EfficientNet} (B0 to B7, V2), {@link dev.torch4j.vision.models.RegNet} (X and Y),
 * {@link dev.torch4j.vision.models.ShuffleNetV2}, {@link dev.torch4j.vision.models.MNASNet},
 * {@link dev.torch4j.vision.models.GoogLeNet}, {@link dev.torch4j.vision.models.Inception3} and
 * {@link dev.torch4j.vision.models.SwinTransformer} (V1 and V2), with
 * torchvision's module names and initialisation, so torchvision's state dicts load into them; their
 * {@link dev.torch4j.vision.models.Weights} enums download torchvision's pretrained weights on request.
 * {@link dev.torch4j.vision.models.IntermediateLayerGetter} returns a model's intermediate outputs by name, as the
 * segmentation models ({@link dev.torch4j.vision.models.segmentation}) use it. Detection models are in
 * {@link dev.torch4j.vision.models.detection}.
 */
package dev.torch4j.vision.models;
