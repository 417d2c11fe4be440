import {
  getNamedType,
  isObjectType,
  Kind,
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
    document: {
      ...document,
      definitions: document.definitions.map((definition) =>
        definition === operation ? rewrittenOperation : definition,
      ),
    },
    after,
  };
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
