import {
  getNamedType,
  Kind,
  parse,
  print,
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

const SPECS = {
  authenticated: 'https://specs.apollo.dev/authenticated/',
  requiresScopes: 'https://specs.apollo.dev/requiresScopes/',
} as const;

/**
 * Takes the authorization directives out of a supergraph: @apollo/gateway refuses `for: SECURITY` features, so it
 * gets the supergraph without them, and the gateway enforces the policy they state before planning.
 */
export function splitSupergraph(supergraphSdl: string): {
  readonly executable: string;
  readonly policy: AccessPolicy;
} {
  const document = parse(supergraphSdl);
  const names = featureNames(document);
  const fields = new Map<string, Requirement>();
  const types = new Map<string, Requirement>();
  const ours = (directive: ConstDirectiveNode) =>
    directive.name.value === names.authenticated || directive.name.value === names.requiresScopes;
  const requirementOf = (
    directives: readonly ConstDirectiveNode[] | undefined,
  ): Requirement | undefined => {
    const found = (directives ?? []).filter(ours);
    if (found.length === 0) return undefined;
    const scopes = found.find((directive) => directive.name.value === names.requiresScopes);
    return { scopes: scopes ? scopesOf(scopes) : undefined };
  };

  const stripped = visit(document, {
    SchemaDefinition: (node) => ({
      ...node,
      directives: node.directives?.filter(
        (directive) => !isLinkTo(directive, Object.values(SPECS)),
      ),
    }),
    DirectiveDefinition: (node) =>
      node.name.value === names.authenticated || node.name.value === names.requiresScopes
        ? null
        : undefined,
    ScalarTypeDefinition: (node) =>
      node.name.value === `${names.requiresScopes}__Scope` ? null : stripType(node),
    ObjectTypeDefinition: (node) => stripType(node),
    InterfaceTypeDefinition: (node) => stripType(node),
    EnumTypeDefinition: (node) => stripType(node),
  });

  function stripType<
    Node extends {
      readonly name: { value: string };
      readonly directives?: readonly ConstDirectiveNode[];
      readonly fields?: readonly FieldLike[];
    },
  >(node: Node): Node {
    const own = requirementOf(node.directives);
    if (own) types.set(node.name.value, own);
    const strippedFields = node.fields?.map((field) => {
      const requirement = requirementOf(field.directives);
      if (requirement) fields.set(`${node.name.value}.${field.name.value}`, requirement);
      return { ...field, directives: field.directives?.filter((directive) => !ours(directive)) };
    });
    return {
      ...node,
      directives: node.directives?.filter((directive) => !ours(directive)),
      ...(strippedFields ? { fields: strippedFields } : {}),
    };
  }

  return { executable: print(stripped), policy: { fields, types } };
}

interface FieldLike {
  readonly name: { readonly value: string };
  readonly directives?: readonly ConstDirectiveNode[];
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
      for (const [feature, prefix] of Object.entries(SPECS) as Array<
        [keyof typeof SPECS, string]
      >) {
        if (url.startsWith(prefix)) names[feature] = typeof as === 'string' ? as : feature;
      }
    }
  }
  return names;
}

function isLinkTo(directive: ConstDirectiveNode, prefixes: readonly string[]): boolean {
  const url = argument(directive, 'url');
  return (
    directive.name.value === 'link' &&
    typeof url === 'string' &&
    prefixes.some((prefix) => url.startsWith(prefix))
  );
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
