/** 12-factor settings: read from the environment once at start; every problem is listed, naming its variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.problems = problems;
  }
}

export interface EnvReader {
  text(name: string, fallback: string): string;
  optionalText(name: string): string | undefined;
  integer(name: string, fallback: number, min: number, max: number): number;
  url(name: string, fallback: string): string;
  optionalUrl(name: string): string | undefined;
  /**
   * A database client's connection string, checked for its scheme only (`esdb://a:2113,b:2113` is no URL to
   * `new URL`): the client parses the rest, hosts lists and options included.
   */
  optionalConnectionString(name: string, schemes: readonly string[]): string | undefined;
  boolean(name: string, fallback: boolean): boolean;
  oneOf<Value extends string>(name: string, values: readonly Value[], fallback: Value): Value;
  /** Comma-separated, trimmed, without empties or repeats; `check` says what is wrong with an item. */
  list(name: string, fallback: string, check?: (item: string) => string | undefined): string[];
  problem(message: string): void;
  /** `value`, or a ConfigError listing every problem found while reading it. */
  done<Value>(value: Value): Value;
}

export function envReader(env: NodeJS.ProcessEnv): EnvReader {
  const problems: string[] = [];
  const raw = (name: string) => env[name]?.trim() || undefined;
  const checkedUrl = (name: string, value: string) => {
    if (!URL.canParse(value)) problems.push(`${name} is not a URL: "${value}"`);
    return value;
  };
  return {
    text: (name, fallback) => raw(name) ?? fallback,
    optionalText: raw,
    integer(name, fallback, min, max) {
      const value = raw(name);
      if (value === undefined) return fallback;
      const number = Number(value);
      if (!Number.isSafeInteger(number) || number < min || number > max) {
        problems.push(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
      }
      return number;
    },
    url: (name, fallback) => checkedUrl(name, raw(name) ?? fallback),
    optionalUrl(name) {
      const value = raw(name);
      return value === undefined ? undefined : checkedUrl(name, value);
    },
    optionalConnectionString(name, schemes) {
      const value = raw(name);
      if (value === undefined) return undefined;
      const scheme = /^([a-z][a-z0-9+.-]*):\/\/./i.exec(value)?.[1]?.toLowerCase();
      if (!scheme || !schemes.includes(scheme))
        problems.push(
          `${name} must start with ${schemes.map((s) => `${s}://`).join(' or ')}, got "${value}"`,
        );
      return value;
    },
    boolean(name, fallback) {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (value !== 'true' && value !== 'false')
        problems.push(`${name} must be true or false, got "${value}"`);
      return value === 'true';
    },
    oneOf(name, values, fallback) {
      const value = raw(name) ?? fallback;
      if (!(values as readonly string[]).includes(value))
        problems.push(`${name} must be ${values.join(', ')}, got "${value}"`);
      return value as (typeof values)[number];
    },
    list(name, fallback, check) {
      const items = [
        ...new Set(
          (raw(name) ?? fallback)
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean),
        ),
      ];
      if (items.length === 0) problems.push(`${name} must list at least one item`);
      for (const item of items) {
        const problem = check?.(item);
        if (problem) problems.push(`${name}: ${problem}`);
      }
      return items;
    },
    problem: (message) => void problems.push(message),
    done(value) {
      if (problems.length > 0) throw new ConfigError(problems);
      return value;
    },
  };
}
