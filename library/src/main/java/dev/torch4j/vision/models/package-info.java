/**
 * {@code torchvision.models}: {@link dev.torch4j.vision.models.ResNet} (resnet18 to resnet152) and
 * {@link dev.torch4j.vision.models.MobileNetV2} with torchvision's module names and initialisation, so torchvision's state dicts load into them. No weights are downloaded.
 */
package dev.torch4j.vision.models;
