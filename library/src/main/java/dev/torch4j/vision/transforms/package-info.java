/**
 * {@code torchvision.transforms}: {@link dev.torch4j.vision.transforms.Transforms} makes the transforms,
 * {@link dev.torch4j.vision.transforms.Compose} chains them, and {@link dev.torch4j.vision.transforms.Functional}
 * holds the kernels ({@code torchvision.transforms.v2.functional}). Images are tensors of shape
 * {@code [..., C, H, W]}; leading dims are a batch that shares one draw of a random transform's parameters.
 */
package dev.torch4j.vision.transforms;
