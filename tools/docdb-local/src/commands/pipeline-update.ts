/** Updates given as an aggregation pipeline ($set, $unset, $project, $replaceRoot, ...). */
import { codes, fail } from '../errors.ts';
import { runPipeline } from '../query/pipeline.ts';
import type { Doc } from '../values.ts';
import type { CommandContext } from './context.ts';

const allowed = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export function runPipelineUpdate(ctx: CommandContext, doc: Doc, pipeline: Doc[]): Doc {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    if (!allowed.has(name)) fail(codes.InvalidOptions, `${name} is not allowed to be used within an update`);
  }
  const [out] = runPipeline([doc], pipeline, {
    match: { documentDbMode: ctx.server.info.documentDbMode },
    lookup: () => [],
  });
  if (!out) return fail(codes.BadValue, 'pipeline update produced no document');
  if (doc._id !== undefined && out._id === undefined) return { _id: doc._id, ...out };
  return out;
}
