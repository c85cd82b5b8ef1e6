// What a typical app does with the SDK: create a client, log in, use one collection.
// The size budget is measured on this file, so it stands for real tree-shaken usage.
import { createRestdbClient } from '../../src/index';

interface Schema {
  todos: { title: string; done: boolean };
}

const client = await createRestdbClient<Schema>({
  url: 'https://example-1234.restdb.io',
  auth0: { domain: 'example.eu.auth0.com', clientId: 'abc', authorizationParams: { redirect_uri: location.origin } },
});
if (client.status === 'signedOut') await client.login();
const todos = client.collection('todos');
console.log(await todos.find({ q: { done: false }, sort: 'title' }));
