package dev.torch4j.autograd;

/**
 * Where a gradient flows: input {@code inputNr} of node {@code node} (the node's output number for the tensor the
 * gradient belongs to).
 */
public record Edge(Node node, int inputNr) {}
