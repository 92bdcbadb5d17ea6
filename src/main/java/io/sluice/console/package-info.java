/**
 * The console: server-rendered pages at {@code /} for people (syncs, runs, records, connections), their session
 * (a token asked for once, then an {@code HttpOnly} cookie) and CSRF protection. Every page reads and acts through
 * the services the REST API uses ({@code io.sluice.api}, {@code io.sluice.engine}); none queries on its own.
 */
package io.sluice.console;
