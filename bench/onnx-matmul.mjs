// A one-node ONNX model, c = MatMul(a, b), with symbolic dims of the given rank, encoded by hand
// (protobuf wire format) so the bench needs no ONNX tooling. Used for the batched GEMM row;
// matmul.onnx (2-D) serves the others.

function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}
const key = (field, wire) => varint((field << 3) | wire);
const int = (field, n) => [...key(field, 0), ...varint(n)];
const bytes = (field, b) => [...key(field, 2), ...varint(b.length), ...b];
const str = (field, s) => bytes(field, [...new TextEncoder().encode(s)]);

function valueInfo(name, dims) {
  const shape = dims.flatMap((d) => bytes(1, str(2, d))); // Dimension { dim_param }
  const tensorType = [...int(1, 1), ...bytes(2, shape)]; // elem_type FLOAT, shape
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))]; // name, type { tensor_type }
}

/** The model bytes for inputs a [..., M, K], b [..., K, N] of `rank` dims. */
export function matmulModel(rank) {
  const lead = Array.from({ length: rank - 2 }, (_, i) => `B${i}`);
  const node = [...str(1, 'a'), ...str(1, 'b'), ...str(2, 'c'), ...str(3, 'mm'), ...str(4, 'MatMul')];
  const graph = [
    ...bytes(1, node),
    ...str(2, 'matmul'),
    ...bytes(11, valueInfo('a', [...lead, 'M', 'K'])),
    ...bytes(11, valueInfo('b', [...lead, 'K', 'N'])),
    ...bytes(12, valueInfo('c', [...lead, 'M', 'N'])),
  ];
  const opset = [...str(1, ''), ...int(2, 13)];
  return Uint8Array.from([...int(1, 7), ...str(2, 'nabla-bench'), ...bytes(7, graph), ...bytes(8, opset)]);
}
