// A mutation's answer shows the state after it. Its resolver may have loaded
// things through the request's DataLoaders before writing (a permission
// check, a nested field of an earlier mutation in the same request), and
// those loaders would answer the nested fields from what they read then
// (cancelBooking answering a booking still TENTATIVE under its agreement).
// So each mutation root field runs with the request's loaders listening to
// the stores' change reports (server/store/changes.ts): every write it makes
// clears the loaders that read that collection. In one place, for every
// mutation, so none can forget.
import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import { withRequestChanges } from '../server/store/changes.ts';
import { forgetWritesTo, type Loaders } from './loaders.ts';

export function freshAfterWrites(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.MUTATION_ROOT_FIELD]: (field) => {
      const resolve = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve: (source, args, ctx: { loaders?: Loaders } | undefined, info) => {
          const loaders = ctx?.loaders;
          if (!loaders) return resolve(source, args, ctx, info);
          return withRequestChanges((change) => forgetWritesTo(loaders, change.collection), () => resolve(source, args, ctx, info));
        },
      };
    },
  });
}
