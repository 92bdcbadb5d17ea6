/** Configured app connections: which plugin serves each, its settings, and the opened {@link io.sluice.plugin.AppConnection}s. */
package io.sluice.connection;
