/**
 * Sparse tensors, PyTorch's {@code torch.sparse}: {@link dev.torch4j.sparse.SparseTensor} in the COO, CSR and CSC
 * layouts, created by {@link dev.torch4j.sparse.Sparse} ({@code cooTensor}, {@code csrTensor}, {@code cscTensor},
 * {@code toSparse}) or {@code Tensor.toSparse()}; their elementwise arithmetic (add, sub, the intersection product,
 * div, pow, the zero-preserving unary ops), transpose, index_select and narrow_copy, and the sparse-dense and
 * sparse-sparse products, sums and softmaxes used by graph neural networks.
 *
 * <p>A sparse tensor is its own class, not a layout of {@link dev.torch4j.Tensor}: every dense kernel reads a
 * tensor's storage through its strides, so a sparse tensor handed to a dense op would be read as garbage. Here the
 * types keep them apart, and every sparse op is composed of differentiable dense ops on the indices and values
 * ({@code index_select}, {@code mul}, {@code index_add}), so autograd reaches the dense operands and the values, and
 * the ops run on every device the dense ops run on.
 */
package dev.torch4j.sparse;
