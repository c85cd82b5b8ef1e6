/**
 * The part of `restdb-client` the app uses at runtime, passed in by the entry point.
 *
 * The bundled page (`main.ts`) hands over the npm package's exports; `script.html` hands over the
 * exports of the self-contained browser build. Everything else in the app imports the SDK for types only,
 * so `app-core.js` carries no copy of the SDK.
 */
import type { RestdbClient, RestdbClientOptions, RestdbError, createRestdbClient } from 'restdb-client';

/** One to-do as stored in the private `todos` collection. */
export interface Todo {
  /** What to do. */
  text: string;
  /** Whether it is done. */
  done: boolean;
}

/** The app's database schema: collection name -> record type. */
export interface Schema {
  todos: Todo;
}

/** The SDK exports the app needs. */
export interface Sdk {
  /** Builds a client and restores an existing session. */
  createRestdbClient: typeof createRestdbClient;
  /** The client class (used on the login callback, where there is nothing to restore). */
  RestdbClient: typeof RestdbClient;
  /** The base class of every error the SDK throws. */
  RestdbError: typeof RestdbError;
}

/** The client type used across the app. */
export type Client = RestdbClient<Schema>;

/** The client options the app builds from its config. */
export type ClientOptions = RestdbClientOptions;
