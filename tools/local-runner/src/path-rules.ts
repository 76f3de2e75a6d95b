/**
 * The ALB's listener rules, rebuilt from the catalogue so the local load balancer routes exactly
 * like AWS: rules in priority order (lower first), the service whose pattern is `*` is the default
 * action. ALB path patterns are case-sensitive globs where `*` matches any run of characters
 * (including `/`) and `?` matches one character; the query string is not part of the match.
 */
import { type ServiceName, type ServiceSpec, serviceNames, services } from '@b2b/shared/catalogue';

export interface PathRule {
  readonly service: ServiceName;
  readonly priority: number;
  readonly patterns: readonly string[];
  readonly matchers: readonly RegExp[];
}

export interface PathRules {
  readonly rules: readonly PathRule[];
  readonly defaultTarget: ServiceName | undefined;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => {
      if (ch === '*') return '.*';
      if (ch === '?') return '.';
      return ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`);
}

export function buildPathRules(): PathRules {
  const rules: PathRule[] = [];
  let defaultTarget: ServiceName | undefined;
  for (const name of serviceNames) {
    const spec: ServiceSpec = services[name];
    const patterns = spec.loadBalancerPaths.filter((p) => p !== '*');
    if (spec.loadBalancerPaths.includes('*')) defaultTarget = name;
    if (patterns.length === 0) continue;
    rules.push({
      service: name,
      priority: spec.loadBalancerPriority ?? Number.MAX_SAFE_INTEGER,
      patterns,
      matchers: patterns.map(globToRegExp),
    });
  }
  rules.sort((a, b) => a.priority - b.priority);
  return { rules, defaultTarget };
}

/** The service the ALB would send this request target (path plus optional query) to. */
export function targetForPath(rules: PathRules, requestTarget: string): ServiceName | undefined {
  const queryAt = requestTarget.indexOf('?');
  const path = queryAt === -1 ? requestTarget : requestTarget.slice(0, queryAt);
  for (const rule of rules.rules) {
    if (rule.matchers.some((m) => m.test(path))) return rule.service;
  }
  return rules.defaultTarget;
}
