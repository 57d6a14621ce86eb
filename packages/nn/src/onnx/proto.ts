/**
 * The part of ONNX's protobuf schema (`onnx/onnx.proto3`) that the exporter writes, stated in code
 * so nothing is read or fetched at run time, and encoded with protobufjs's reflection (its "light"
 * build: no .proto parser). Field numbers are ONNX's; fields the exporter never sets are left out
 * (protobuf readers skip absent fields, so the bytes are a valid ONNX ModelProto).
 */
import protobuf from "protobufjs/light.js";

/** `TensorProto.DataType` values the exporter uses. */
export const ONNX_DTYPE = { float32: 1, int32: 6, int64: 7, bool: 9, float64: 11 } as const;

/** `AttributeProto.AttributeType`. */
export const ATTR_TYPE = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

const f = (id: number, type: string, rule?: "repeated") => (rule ? { id, type, rule } : { id, type });

const SCHEMA = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: f(1, "string"),
            f: f(2, "float"),
            i: f(3, "int64"),
            s: f(4, "bytes"),
            t: f(5, "TensorProto"),
            floats: f(7, "float", "repeated"),
            ints: f(8, "int64", "repeated"),
            strings: f(9, "bytes", "repeated"),
            type: f(20, "int32"),
          },
        },
        ValueInfoProto: { fields: { name: f(1, "string"), type: f(2, "TypeProto") } },
        NodeProto: {
          fields: {
            input: f(1, "string", "repeated"),
            output: f(2, "string", "repeated"),
            name: f(3, "string"),
            opType: f(4, "string"),
            attribute: f(5, "AttributeProto", "repeated"),
            domain: f(7, "string"),
          },
        },
        StringStringEntryProto: { fields: { key: f(1, "string"), value: f(2, "string") } },
        GraphProto: {
          fields: {
            node: f(1, "NodeProto", "repeated"),
            name: f(2, "string"),
            initializer: f(5, "TensorProto", "repeated"),
            docString: f(10, "string"),
            input: f(11, "ValueInfoProto", "repeated"),
            output: f(12, "ValueInfoProto", "repeated"),
          },
        },
        TensorProto: {
          fields: {
            dims: f(1, "int64", "repeated"),
            dataType: f(2, "int32"),
            name: f(8, "string"),
            rawData: f(9, "bytes"),
          },
        },
        TensorShapeProto: {
          fields: { dim: f(1, "Dimension", "repeated") },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ["dimValue", "dimParam"] } },
              fields: { dimValue: f(1, "int64"), dimParam: f(2, "string") },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ["tensorType"] } },
          fields: { tensorType: f(1, "Tensor") },
          nested: {
            Tensor: { fields: { elemType: f(1, "int32"), shape: f(2, "TensorShapeProto") } },
          },
        },
        OperatorSetIdProto: { fields: { domain: f(1, "string"), version: f(2, "int64") } },
        ModelProto: {
          fields: {
            irVersion: f(1, "int64"),
            producerName: f(2, "string"),
            producerVersion: f(3, "string"),
            docString: f(6, "string"),
            graph: f(7, "GraphProto"),
            opsetImport: f(8, "OperatorSetIdProto", "repeated"),
            metadataProps: f(14, "StringStringEntryProto", "repeated"),
          },
        },
      },
    },
  },
};

let modelType: protobuf.Type | null = null;

// Plain objects in the shape of the messages above (camelCase field names, as protobufjs takes).

/** An initializer: ONNX's `TensorProto` with its values as little-endian `rawData`. */
export interface TensorMessage {
  /** The initializer's name, as the nodes refer to it. */
  name: string;
  /** Its shape. */
  dims: number[];
  /** ONNX's element type code (`TensorProto.DataType`: 1 float, 11 double, 6 int32, 9 bool, 7 int64). */
  dataType: number;
  /** The values, little-endian. */
  rawData: Uint8Array;
}
/** One dim of a graph input or output: a size, or a name for a dynamic one (`TensorShapeProto.Dimension`). */
export type DimMessage = { dimValue: number } | { dimParam: string };
/** A graph input or output: its name, element type and dims (`ValueInfoProto`). */
export interface ValueInfoMessage {
  /** The input's or output's name. */
  name: string;
  /** Its element type and dims. */
  type: { tensorType: { elemType: number; shape: { dim: DimMessage[] } } };
}
/** A node attribute (`AttributeProto`): one of `f`, `i`, `s`, `floats`, `ints`, `strings` by `type`. */
export interface AttributeMessage {
  /** The attribute's name (`axis`, `transB`, ...). */
  name: string;
  /** Which field holds the value (`AttributeProto.AttributeType`). */
  type: number;
  /** A float value. */
  f?: number;
  /** An integer value. */
  i?: number;
  /** A string value, as UTF-8 bytes. */
  s?: Uint8Array;
  /** A list of floats. */
  floats?: number[];
  /** A list of integers. */
  ints?: number[];
  /** A list of strings, as UTF-8 bytes. */
  strings?: Uint8Array[];
}
/** A graph node (`NodeProto`). */
export interface NodeMessage {
  /** The node's name (unique in the graph). */
  name: string;
  /** The ONNX operator (`Gemm`, `Relu`, ...). */
  opType: string;
  /** The names of the values it reads. */
  input: string[];
  /** The names of the values it writes. */
  output: string[];
  /** Its attributes. */
  attribute: AttributeMessage[];
}
/** A whole model (`ModelProto`): IR version, opset, producer and the graph. */
export interface ModelMessage {
  /** The ONNX IR version of the file. */
  irVersion: number;
  /** `"tsgrad"`. */
  producerName: string;
  /** tsgrad's version. */
  producerVersion: string;
  /** The operator sets used, with their versions. */
  opsetImport: { domain: string; version: number }[];
  /** The graph: its nodes, initializers (the weights), inputs and outputs. */
  graph: {
    /** The graph's name. */
    name: string;
    /** Its nodes, in an order where each reads only values written before it. */
    node: NodeMessage[];
    /** Its weights. */
    initializer: TensorMessage[];
    /** The model's inputs. */
    input: ValueInfoMessage[];
    /** The model's outputs. */
    output: ValueInfoMessage[];
  };
}

/** The bytes of an ONNX file holding `model`. */
export function encodeModel(model: ModelMessage): Uint8Array {
  modelType ??= protobuf.Root.fromJSON(SCHEMA).lookupType("onnx.ModelProto");
  return modelType.encode(modelType.fromObject(model as unknown as Record<string, unknown>)).finish();
}

/**
 * Decodes ONNX bytes back to plain objects, the fields this schema knows (`onnx.load` for a look
 * at what was written: nodes, initializers, inputs and outputs).
 *
 * @example
 * const net = new Sequential(new Linear(4, 8), new ReLU());
 * const x = randn([2, 4]);
 * const model = decodeModel(exportOnnx(net, x));
 * model.graph.node.map((n) => n.opType); // ["Gemm", "Relu", "Identity"]
 */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  modelType ??= protobuf.Root.fromJSON(SCHEMA).lookupType("onnx.ModelProto");
  return modelType.toObject(modelType.decode(bytes), {
    longs: Number,
    bytes: Array,
    defaults: false,
  }) as Record<string, unknown>;
}
