/**
 * {@code torch.ao.nn.quantized}: the modules of a statically quantized model: {@link dev.torch4j.ao.nn.quantized.Quantize},
 * {@link dev.torch4j.ao.nn.quantized.DeQuantize}, {@link dev.torch4j.ao.nn.quantized.Linear}, the convolutions
 * ({@link dev.torch4j.ao.nn.quantized.Conv1d}, {@link dev.torch4j.ao.nn.quantized.Conv2d},
 * {@link dev.torch4j.ao.nn.quantized.Conv3d}, {@link dev.torch4j.ao.nn.quantized.ConvTranspose1d},
 * {@link dev.torch4j.ao.nn.quantized.ConvTranspose2d}, {@link dev.torch4j.ao.nn.quantized.ConvTranspose3d}), the normalizations
 * ({@link dev.torch4j.ao.nn.quantized.BatchNorm2d}, {@link dev.torch4j.ao.nn.quantized.BatchNorm3d},
 * {@link dev.torch4j.ao.nn.quantized.LayerNorm}, {@link dev.torch4j.ao.nn.quantized.GroupNorm},
 * {@link dev.torch4j.ao.nn.quantized.InstanceNorm1d}, {@link dev.torch4j.ao.nn.quantized.InstanceNorm2d},
 * {@link dev.torch4j.ao.nn.quantized.InstanceNorm3d}), the activations ({@link dev.torch4j.ao.nn.quantized.ReLU6},
 * {@link dev.torch4j.ao.nn.quantized.Hardswish}, {@link dev.torch4j.ao.nn.quantized.LeakyReLU},
 * {@link dev.torch4j.ao.nn.quantized.ELU}, {@link dev.torch4j.ao.nn.quantized.PReLU}),
 * {@link dev.torch4j.ao.nn.quantized.Dropout}, {@link dev.torch4j.ao.nn.quantized.QFunctional} and the static quantized
 * {@link dev.torch4j.ao.nn.quantized.LSTM}; and
 * {@link dev.torch4j.ao.nn.quantized.FloatFunctional}, which marks where a float model adds or concatenates activations.
 * {@code dynamic} holds the dynamically quantized Linear.
 */
package dev.torch4j.ao.nn.quantized;
