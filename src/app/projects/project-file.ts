/**
 * A project as a file (JSON with a checksum, validated with zod on import) and as a share
 * link (the same JSON, deflate-compressed with CompressionStream, base64url in the URL
 * fragment: a fragment is never sent to any server).
 */
import { z } from 'zod';
import { FitbenchError } from '../../core/errors';
import { checksumOf } from '../../persistence/checksum';
import type { CompletedFit } from './completed-fit';
import { SHARE_PREFIX } from './share-prefix';
import { migrateSnapshot, SNAPSHOT_VERSION, type StoredSnapshot, type WorkbenchSnapshot } from './workbench-snapshot';

export const PROJECT_FILE_FORMAT = 'fitbench-project';
/** Longest share-link fragment offered (browsers and chat apps cut longer URLs). */
export const MAX_SHARE_CHARS = 64_000;
export { SHARE_PREFIX };

/** Typed arrays as {"$f64": [...]} so JSON keeps them (and their type) exactly. */
function encode(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) =>
      v instanceof Float64Array || v instanceof Float32Array ? { $f64: Array.from(v) } : v,
    ),
  );
}

function decode<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
    v !== null && typeof v === 'object' && '$f64' in v && Array.isArray((v as { $f64: unknown }).$f64)
      ? Float64Array.from((v as { $f64: number[] }).$f64)
      : v,
  ) as T;
}

const picksSchema = z.object({ x: z.array(z.string()), y: z.string(), sigma: z.string().nullable() });
const rowV1Schema = z.object({
  name: z.string(),
  value: z.string(),
  min: z.string(),
  max: z.string(),
  fixed: z.boolean(),
  valueSource: z.enum(['guess', 'default', 'user', 'demo', 'result']),
});
// Version 2 as first written by either half of it may lack expr and shared (migrated on read).
const rowSchema = rowV1Schema.extend({ expr: z.string().optional(), shared: z.boolean().optional() });
const completedSchema = z.object({
  id: z.string(),
  at: z.number(),
  status: z.enum(['converged', 'not-converged']),
  result: z.looseObject({
    params: z.record(z.string(), z.number().nullable()),
    paramNames: z.array(z.string()),
    expression: z.string(),
  }),
  problem: z.looseObject({ model: z.string() }).nullable(),
  global: z.looseObject({ model: z.string(), datasets: z.array(z.looseObject({})) }).optional(),
  dataOmitted: z.boolean(),
  modelText: z.string(),
  xLabel: z.string(),
  yLabel: z.string(),
  fScale: z.number().optional(),
  profile: z.looseObject({ level: z.number(), params: z.record(z.string(), z.looseObject({})) }).optional(),
  bootstrap: z
    .looseObject({ level: z.number(), resamples: z.number(), params: z.record(z.string(), z.looseObject({})) })
    .optional(),
});
const derivedRowSchema = z.object({ name: z.string(), expr: z.string() });
const dataSchema = z.object({
  text: z.string(),
  demo: z.string().nullable(),
  picks: picksSchema,
  dropMissing: z.boolean(),
  delimiter: z.enum([',', '\t', ';', 'whitespace']).nullable(),
  decimal: z.enum(['.', ',']).nullable(),
});
const snapshotV1Schema = z.object({
  version: z.literal(1),
  data: dataSchema,
  model: z.object({
    text: z.string(),
    rows: z.array(rowV1Schema),
    demoStart: z.record(z.string(), z.number()).nullable(),
  }),
  options: z.object({
    method: z.enum(['auto', 'lm', 'trf']),
    loss: z.enum(['linear', 'soft_l1', 'huber', 'cauchy', 'arctan']),
    fScale: z.string(),
    backend: z.enum(['auto', 'cpu', 'webgpu']),
    maxIterations: z.string(),
  }),
  shown: completedSchema.nullable(),
  history: z.array(completedSchema),
});
/**
 * Version 2: data sets, expr and shared, derived definitions (fits keep their intervals). A part
 * may be missing where only one half of version 2 wrote it (data sets and expr/shared without
 * derived, or derived alone); what is there is checked, and the rest is filled in on read.
 */
const snapshotSchema = snapshotV1Schema
  .extend({
    version: z.literal(SNAPSHOT_VERSION),
    datasets: z
      .array(z.object({ name: z.string(), inputs: dataSchema.nullable() }))
      .min(1)
      .optional(),
    activeDataset: z.number().int().nonnegative().optional(),
    model: z.object({
      text: z.string(),
      rows: z.array(rowSchema),
      demoStart: z.record(z.string(), z.number()).nullable(),
      derived: z.array(derivedRowSchema).optional(),
    }),
  })
  .refine(
    (s) =>
      s.datasets === undefined
        ? s.activeDataset === undefined
        : s.activeDataset !== undefined &&
          s.activeDataset < s.datasets.length &&
          s.datasets[s.activeDataset].inputs === null,
    { message: 'activeDataset must name the data set whose inputs are `data`', path: ['activeDataset'] },
  );
const anySnapshotSchema = z.union([snapshotSchema, snapshotV1Schema]);
const fileSchema = z.object({
  format: z.literal(PROJECT_FILE_FORMAT),
  version: z.literal(1),
  name: z.string(),
  savedAt: z.string(),
  checksum: z.string(),
  snapshot: z.unknown(),
});

/** The project file's text. */
export function projectFileText(name: string, snapshot: WorkbenchSnapshot): string {
  const encoded = encode(snapshot);
  return `${JSON.stringify(
    {
      format: PROJECT_FILE_FORMAT,
      version: 1,
      name,
      savedAt: new Date().toISOString(),
      checksum: checksumOf(encoded),
      snapshot: encoded,
    },
    null,
    1,
  )}\n`;
}

function invalid(message: string, issues?: z.core.$ZodIssue[]): FitbenchError {
  const where = issues?.[0] ? ` (${issues[0].path.join('.') || 'file'}: ${issues[0].message})` : '';
  return new FitbenchError('DATA_PARSE', `${message}${where}`);
}

/** Reads a project file. Throws DATA_PARSE naming what is wrong (not JSON, wrong format, checksum, field). */
export function readProjectFile(text: string): { name: string; snapshot: WorkbenchSnapshot } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalid(`not a Fitbench project file: ${e instanceof Error ? e.message : String(e)}`);
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) throw invalid('not a Fitbench project file', file.error.issues);
  if (checksumOf(file.data.snapshot) !== file.data.checksum)
    throw invalid('the project file is damaged: its checksum does not match its content');
  const snapshot = anySnapshotSchema.safeParse(file.data.snapshot);
  if (!snapshot.success) throw invalid('the project file holds an invalid project', snapshot.error.issues);
  return { name: file.data.name, snapshot: migrateSnapshot(decode<StoredSnapshot>(snapshot.data)) };
}

/** What a link carries: the inputs and the shown result without its data copy (the data is in the inputs). */
export function shareableSnapshot(s: WorkbenchSnapshot): WorkbenchSnapshot {
  const shown: CompletedFit | null = s.shown
    ? {
        ...s.shown,
        problem: s.shown.problem ? { ...s.shown.problem, x: [], y: [], sigma: undefined } : null,
        dataOmitted: true,
      }
    : null;
  const result = shown?.result;
  if (shown && result) shown.result = { ...result, bands: undefined };
  if (shown?.global)
    shown.global = {
      ...shown.global,
      datasets: shown.global.datasets.map((d) => ({ ...d, x: [], y: [], sigma: undefined })),
    };
  return { ...s, shown, history: [] };
}

async function compress(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function decompress(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  const b = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

export type ShareLink = { ok: true; url: string; chars: number } | { ok: false; message: string; chars: number };

/** The share link of a project, or why it cannot be one (too large). */
export async function shareLink(base: string, name: string, snapshot: WorkbenchSnapshot): Promise<ShareLink> {
  const payload = base64url(await compress(projectFileText(name, shareableSnapshot(snapshot))));
  const url = `${base}${SHARE_PREFIX}${payload}`;
  if (payload.length > MAX_SHARE_CHARS) {
    return {
      ok: false,
      chars: payload.length,
      message: `This project is ${Math.round(payload.length / 1000)} kB even compressed; a link holds at most ${MAX_SHARE_CHARS / 1000} kB. Export the project file instead (it holds everything).`,
    };
  }
  return { ok: true, url, chars: payload.length };
}

/** Reads a share-link fragment (what follows SHARE_PREFIX). Throws DATA_PARSE when it is damaged. */
export async function readShareFragment(fragment: string): Promise<{ name: string; snapshot: WorkbenchSnapshot }> {
  let text: string;
  try {
    text = await decompress(fromBase64url(fragment));
  } catch {
    throw new FitbenchError('DATA_PARSE', 'the share link is damaged (it may have been cut short when it was copied)');
  }
  return readProjectFile(text);
}
