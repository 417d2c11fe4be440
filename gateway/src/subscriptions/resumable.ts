import {
  getNamedType,
  isObjectType,
  Kind,
  print,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';

/** The names the gateway adds to a resumable subscription; a client operation may not use them. */
export const RESUME_VARIABLE = 'gatewayResumeAfter';
export const CURSOR_ALIAS = 'gatewayResumeCursor';

export interface Resumable {
  /** The operation to plan: the root field's `after` is `$RESUME_VARIABLE`, its `cursor` selected as CURSOR_ALIAS. */
  readonly document: DocumentNode;
  /** The `after` the client asked for (null: from now). */
  readonly after: string | null;
  /** The client's document without the root field's `after`: subscribers of the same one see the same events. */
  readonly fromNow: string;
  /** The variable the client passed as `after`, when it is used nowhere else (its value changes no event). */
  readonly afterVariable: string | undefined;
}

/**
 * A subscription whose root field takes `after: String` and whose events have a `cursor` can be resumed by the
 * gateway after the subgraph's stream breaks: this rewrites it so every upstream stream starts after a cursor the
 * gateway chooses and every event names its cursor. Undefined for anything else (it is run as written).
 */
export function resumable(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): Resumable | undefined {
  const root = operation.selectionSet.selections;
  const field = root.length === 1 && root[0]!.kind === Kind.FIELD ? root[0]! : undefined;
  const definition = field && schema.getSubscriptionType()?.getFields()[field.name.value];
  if (!field || !definition) return undefined;
  const afterArgument = definition.args.find((arg) => arg.name === 'after');
  const event = getNamedType(definition.type);
  if (afterArgument?.type.toString() !== 'String' || !isObjectType(event)) return undefined;
  if (event.getFields()['cursor']?.type.toString() !== 'String!') return undefined;

  const given = field.arguments?.find((argument) => argument.name.value === 'after')?.value;
  let after: string | null = null;
  if (given?.kind === Kind.STRING) after = given.value;
  else if (given?.kind === Kind.VARIABLE) {
    const value = variables[given.name.value];
    after = typeof value === 'string' ? value : null;
  }
  return { ...rewrites(document, operation, field), after };
}

/** Kept with the operation: the endpoint reuses parsed documents, so each is rewritten and printed once. */
const rewriteCache = new WeakMap<OperationDefinitionNode, Omit<Resumable, 'after'>>();

function rewrites(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  field: FieldNode,
): Omit<Resumable, 'after'> {
  let known = rewriteCache.get(operation);
  if (!known) {
    known = {
      document: withResumeAfter(document, operation, field),
      ...withoutAfter(document, operation, field),
    };
    rewriteCache.set(operation, known);
  }
  return known;
}

function withResumeAfter(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  field: FieldNode,
): DocumentNode {
  const resumeAfter: ArgumentNode = {
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: 'after' },
    value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: RESUME_VARIABLE } },
  };
  const cursor: SelectionNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: CURSOR_ALIAS },
    name: { kind: Kind.NAME, value: 'cursor' },
  };
  const rewritten: FieldNode = {
    ...field,
    arguments: [
      ...(field.arguments ?? []).filter((argument) => argument.name.value !== 'after'),
      resumeAfter,
    ],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [...(field.selectionSet?.selections ?? []), cursor],
    },
  };
  const rewrittenOperation: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []),
      {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: RESUME_VARIABLE } },
        type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
      },
    ],
    selectionSet: { ...operation.selectionSet, selections: [rewritten] },
  };
  return {
    ...document,
    definitions: document.definitions.map((definition) =>
      definition === operation ? rewrittenOperation : definition,
    ),
  };
}

function withoutAfter(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  field: FieldNode,
): Pick<Resumable, 'fromNow' | 'afterVariable'> {
  const given = field.arguments?.find((argument) => argument.name.value === 'after')?.value;
  const named = given?.kind === Kind.VARIABLE ? given.name.value : undefined;
  let uses = 0;
  visit(document, {
    VariableDefinition: () => false,
    Variable: (variable) => void (variable.name.value === named && uses++),
  });
  const afterVariable = named !== undefined && uses === 1 ? named : undefined;
  const stripped: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: (operation.variableDefinitions ?? []).filter(
      (definition) => definition.variable.name.value !== afterVariable,
    ),
    selectionSet: {
      ...operation.selectionSet,
      selections: [
        {
          ...field,
          arguments: (field.arguments ?? []).filter((argument) => argument.name.value !== 'after'),
        },
      ],
    },
  };
  const fromNow = print({
    ...document,
    definitions: document.definitions.map((definition) =>
      definition === operation ? stripped : definition,
    ),
  });
  return { fromNow, afterVariable };
}

/** Whether the client's document uses a name the gateway reserves for resuming. */
export function usesReservedNames(document: DocumentNode): boolean {
  let found = false;
  const visitSelections = (selections: readonly SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD && selection.alias?.value === CURSOR_ALIAS) found = true;
      if ('selectionSet' in selection && selection.selectionSet)
        visitSelections(selection.selectionSet.selections);
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      if (definition.variableDefinitions?.some((v) => v.variable.name.value === RESUME_VARIABLE))
        found = true;
      visitSelections(definition.selectionSet.selections);
    } else if (definition.kind === Kind.FRAGMENT_DEFINITION)
      visitSelections(definition.selectionSet.selections);
  }
  return found;
}
