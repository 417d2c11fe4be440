import {
  getNamedType,
  GraphQLError,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * Who may read a field, from Federation's @authenticated and @requiresScopes in the subgraphs' SDL: any requirement
 * means an authenticated caller; `scopes` adds that the caller has one of these sets of scopes, each set in full.
 */
export interface Requirement {
  readonly scopes: ReadonlyArray<readonly string[]> | undefined;
}

/** Requirements by `Type.field` and by type (a type's requirement applies to every field that returns it). */
export interface AccessPolicy {
  readonly fields: ReadonlyMap<string, Requirement>;
  readonly types: ReadonlyMap<string, Requirement>;
}

/** The specs of the two directives, as a supergraph links them. */
export const AUTHORIZATION_SPECS = {
  authenticated: 'https://specs.apollo.dev/authenticated/',
  requiresScopes: 'https://specs.apollo.dev/requiresScopes/',
} as const;

/** How a document names the two directives, and how to read the requirement a list of directives states. */
export function authorizationDirectives(document: DocumentNode) {
  const names = featureNames(document);
  const isAuthorization = (directive: ConstDirectiveNode) =>
    directive.name.value === names.authenticated || directive.name.value === names.requiresScopes;
  const requirementOf = (
    directives: readonly ConstDirectiveNode[] | undefined,
  ): Requirement | undefined => {
    const found = (directives ?? []).filter(isAuthorization);
    if (found.length === 0) return undefined;
    const scopes = found.find((directive) => directive.name.value === names.requiresScopes);
    return { scopes: scopes ? scopesOf(scopes) : undefined };
  };
  return { names, isAuthorization, requirementOf };
}

/** The policy a subgraph's SDL or a supergraph states with @authenticated and @requiresScopes. */
export function accessPolicyOf(document: DocumentNode): AccessPolicy {
  const { requirementOf } = authorizationDirectives(document);
  const fields = new Map<string, Requirement>();
  const types = new Map<string, Requirement>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION &&
      definition.kind !== Kind.ENUM_TYPE_DEFINITION &&
      definition.kind !== Kind.SCALAR_TYPE_DEFINITION
    )
      continue;
    const type = definition.name.value;
    const own = requirementOf(definition.directives);
    if (own) types.set(type, own);
    for (const field of 'fields' in definition ? (definition.fields ?? []) : []) {
      const requirement = requirementOf(field.directives);
      if (requirement) fields.set(`${type}.${field.name.value}`, requirement);
    }
  }
  return { fields, types };
}

export type AccessDenial = {
  readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  readonly fields: readonly string[];
};

/**
 * Whether a caller with `scopes` (undefined: anonymous) may run `document`: every field it selects, in every
 * operation and fragment, must allow the caller. Anonymous callers may only introspect, when `introspection` is on.
 */
export function checkAccess(
  schema: GraphQLSchema,
  document: DocumentNode,
  policy: AccessPolicy,
  scopes: readonly string[] | undefined,
  options: { readonly introspection: boolean },
): AccessDenial | undefined {
  const unauthenticated = new Set<string>();
  const forbidden = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return;
        const name = `${parent.name}.${field.name}`;
        if (field.name.startsWith('__')) {
          if (scopes === undefined && !options.introspection && field.name !== '__typename')
            unauthenticated.add(name);
          return;
        }
        if (scopes === undefined && isRootType(schema, parent.name)) unauthenticated.add(name);
        for (const requirement of [
          policy.fields.get(name),
          policy.types.get(getNamedType(field.type).name),
        ]) {
          if (!requirement) continue;
          if (scopes === undefined) unauthenticated.add(name);
          else if (
            requirement.scopes &&
            !requirement.scopes.some((set) => set.every((scope) => scopes.includes(scope)))
          )
            forbidden.add(name);
        }
      },
    }),
  );
  if (unauthenticated.size > 0) return { code: 'UNAUTHENTICATED', fields: [...unauthenticated] };
  if (forbidden.size > 0) return { code: 'FORBIDDEN', fields: [...forbidden] };
  return undefined;
}

function isRootType(schema: GraphQLSchema, name: string): boolean {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].some(
    (type) => type?.name === name,
  );
}

/** Each feature's directive name in this supergraph (a @link may rename it with `as`). */
function featureNames(document: DocumentNode): { authenticated: string; requiresScopes: string } {
  const names = { authenticated: 'authenticated', requiresScopes: 'requiresScopes' };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION) continue;
    for (const directive of definition.directives ?? []) {
      const url = argument(directive, 'url');
      const as = argument(directive, 'as');
      if (directive.name.value !== 'link' || typeof url !== 'string') continue;
      for (const [feature, prefix] of Object.entries(AUTHORIZATION_SPECS) as Array<
        [keyof typeof AUTHORIZATION_SPECS, string]
      >) {
        if (url.startsWith(prefix)) names[feature] = typeof as === 'string' ? as : feature;
      }
    }
  }
  return names;
}

function argument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((arg) => arg.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

function scopesOf(directive: ConstDirectiveNode): string[][] {
  const value = directive.arguments?.find((arg) => arg.name.value === 'scopes')?.value;
  if (value?.kind !== Kind.LIST) return [];
  return value.values.map((set) =>
    set.kind === Kind.LIST
      ? set.values.flatMap((scope) => (scope.kind === Kind.STRING ? [scope.value] : []))
      : [],
  );
}

// Apollo Server's extensions.http (headers as a Map), typed loosely: other servers' types (Hive's) declare it otherwise.
const SIGN_IN: Record<string, unknown> = {
  status: 401,
  headers: new Map([['www-authenticate', 'Bearer']]),
};
const FORBIDDEN_STATUS: Record<string, unknown> = { status: 403 };

/** The error a denial ends a request with: 401 UNAUTHENTICATED (with a challenge) or 403 FORBIDDEN, naming the fields. */
export function accessDenied(denial: AccessDenial): GraphQLError {
  const message = denial.code === 'UNAUTHENTICATED' ? 'Sign in to use' : 'Your role may not use';
  return new GraphQLError(`${message}: ${denial.fields.join(', ')}`, {
    extensions: {
      code: denial.code,
      fields: denial.fields,
      http: denial.code === 'UNAUTHENTICATED' ? SIGN_IN : FORBIDDEN_STATUS,
    },
  });
}

/**
 * checkAccess, once per parsed document, policy and set of roles: Apollo Server keeps one document per query text,
 * so a query asked again costs a lookup, not a walk of its document.
 */
export function accessChecks(options: { readonly introspection: boolean }) {
  type Denial = ReturnType<typeof checkAccess>;
  const checked = new WeakMap<AccessPolicy, WeakMap<DocumentNode, Map<string, Denial>>>();
  return (
    schema: GraphQLSchema,
    document: DocumentNode,
    policy: AccessPolicy,
    roles: readonly string[] | undefined,
  ): Denial => {
    let byPolicy = checked.get(policy);
    if (!byPolicy) checked.set(policy, (byPolicy = new WeakMap()));
    let byRoles = byPolicy.get(document);
    if (!byRoles) byPolicy.set(document, (byRoles = new Map()));
    const key = roles === undefined ? '' : `:${[...roles].sort().join(' ')}`;
    if (!byRoles.has(key)) byRoles.set(key, checkAccess(schema, document, policy, roles, options));
    return byRoles.get(key);
  };
}
