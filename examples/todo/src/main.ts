/**
 * Entry of the bundled page (`index.html` -> `app.js`): imports the SDK as an npm user would and
 * starts the app with it.
 */
import { createRestdbClient, RestdbClient, RestdbError } from 'restdb-client';
import { startApp } from './app';

void startApp({ createRestdbClient, RestdbClient, RestdbError }, { loader: 'bundle' });
