import { dirname } from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import type { History } from '@temporalio/common/lib/proto-utils';

/*
 * Same as historyToJSON/historyFromJSON of @temporalio/common/lib/proto-utils (canonical proto3
 * JSON, as `temporal workflow show -o json` writes it), but with the protobufjs copy that built
 * @temporalio/proto. Here @temporalio/common, /proto and /worker each nest their own protobufjs 8
 * (a protobufjs 7 from @grpc/proto-loader is hoisted), so the SDK functions fail with
 * "type must be a Type" (an instanceof across two copies).
 */
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): History | null;
}

const HistoryMessage = proto.temporal.api.history.v1.History;

async function historyType() {
  const protojsonPath = require.resolve('protobufjs/ext/protojson', { paths: [dirname(require.resolve('@temporalio/proto'))] });
  const protojson = (await import(protojsonPath)) as ProtoJson;
  const root = patchProtobufRoot(proto as unknown as Record<string, unknown>) as unknown as { lookupType(name: string): unknown };
  return { protojson, type: root.lookupType('temporal.api.history.v1.History') };
}

export async function historyToJSON(history: History): Promise<string> {
  const { protojson, type } = await historyType();
  return JSON.stringify(protojson.toJson(type, HistoryMessage.fromObject(history)), null, 2);
}

export async function historyFromJSON(json: unknown): Promise<History> {
  const { protojson, type } = await historyType();
  const history = protojson.fromJson(type, json, { ignoreUnknownFields: true });
  if (!history) throw new TypeError('not a workflow history');
  return history;
}
