/** explain: which plan a find, count, distinct, aggregate, update or delete would use. */
import { codes, fail } from '../errors.ts';
import { type PlanChoice, planCandidates } from '../storage/planner.ts';
import { type Doc, isPlainObject } from '../values.ts';
import type { Handler } from './context.ts';

function filterOf(inner: Doc, name: string): Doc | undefined {
  switch (name) {
    case 'find':
      return inner.filter as Doc | undefined;
    case 'count':
    case 'distinct':
    case 'findAndModify':
    case 'findandmodify':
      return inner.query as Doc | undefined;
    case 'aggregate': {
      const first = Array.isArray(inner.pipeline) ? (inner.pipeline[0] as Doc | undefined) : undefined;
      return first && isPlainObject(first.$match) ? first.$match : undefined;
    }
    case 'update':
      return ((inner.updates as Doc[] | undefined)?.[0]?.q as Doc | undefined) ?? undefined;
    case 'delete':
      return ((inner.deletes as Doc[] | undefined)?.[0]?.q as Doc | undefined) ?? undefined;
    default:
      return fail(codes.IllegalOperation, `explain is not supported for ${name}`);
  }
}

function stage(choice: PlanChoice): Doc {
  if (choice.kind === 'id') return { stage: 'IDHACK' };
  if (choice.kind === 'scan') return { stage: 'COLLSCAN', direction: 'forward' };
  return {
    stage: 'FETCH',
    inputStage: {
      stage: 'IXSCAN',
      indexName: choice.index.name,
      keyPattern: choice.index.spec.key,
      isUnique: choice.index.unique,
    },
  };
}

export const explain: Handler = (cmd, ctx) => {
  const inner = cmd.explain;
  if (!isPlainObject(inner)) return fail(codes.TypeMismatch, 'explain command requires a nested object');
  const name = Object.keys(inner)[0] ?? '';
  const collName = inner[name];
  if (typeof collName !== 'string') return fail(codes.InvalidNamespace, 'explain needs a collection name');
  const filter = filterOf(inner, name);
  const coll = ctx.server.engine.collection(ctx.db, collName);
  const out: { choice?: PlanChoice } = {};
  if (coll) planCandidates(coll, filter, out);
  const winningPlan = stage(out.choice ?? { kind: 'scan' });
  return {
    queryPlanner: {
      namespace: `${ctx.db}.${collName}`,
      parsedQuery: filter ?? {},
      winningPlan,
      rejectedPlans: [],
    },
    serverInfo: { host: ctx.me, version: '5.0.0' },
    ok: 1,
  };
};
