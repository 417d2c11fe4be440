import {
  accessPolicyOf,
  authorizationDirectives,
  AUTHORIZATION_SPECS,
  type AccessPolicy,
} from '@sportskk/identity';
import { Kind, parse, print, visit, type ConstDirectiveNode } from 'graphql';

/**
 * Takes the authorization directives out of a supergraph: @apollo/gateway refuses `for: SECURITY` features, so it
 * gets the supergraph without them, and the gateway enforces the policy they state before planning.
 */
export function splitSupergraph(supergraphSdl: string): {
  readonly executable: string;
  readonly policy: AccessPolicy;
} {
  const document = parse(supergraphSdl);
  const { names, isAuthorization } = authorizationDirectives(document);
  const keep = (directives: readonly ConstDirectiveNode[] | undefined) =>
    directives?.filter((directive) => !isAuthorization(directive));
  const withoutDirectives = <Node extends { readonly directives?: readonly ConstDirectiveNode[] }>(
    node: Node,
  ): Node => ({ ...node, directives: keep(node.directives) });
  const stripped = visit(document, {
    SchemaDefinition: (node) => ({
      ...node,
      directives: node.directives?.filter((directive) => !isLinkToAuthorization(directive)),
    }),
    DirectiveDefinition: (node) =>
      node.name.value === names.authenticated || node.name.value === names.requiresScopes
        ? null
        : undefined,
    ScalarTypeDefinition: (node) =>
      node.name.value === `${names.requiresScopes}__Scope` ? null : withoutDirectives(node),
    ObjectTypeDefinition: withoutDirectives,
    InterfaceTypeDefinition: withoutDirectives,
    EnumTypeDefinition: withoutDirectives,
    FieldDefinition: withoutDirectives,
  });
  return { executable: print(stripped), policy: accessPolicyOf(document) };
}

function isLinkToAuthorization(directive: ConstDirectiveNode): boolean {
  const url = directive.arguments?.find((argument) => argument.name.value === 'url')?.value;
  return (
    directive.name.value === 'link' &&
    url?.kind === Kind.STRING &&
    Object.values(AUTHORIZATION_SPECS).some((prefix) => url.value.startsWith(prefix))
  );
}
