"""The GraphQL layer (strawberry): types, inputs, resolvers and error mapping. It calls the application only."""
