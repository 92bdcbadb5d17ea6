/**
 * What the framework gives HTTP plugins, behind {@link io.sluice.plugin.support.AppHttpClient}: per connection, a
 * circuit breaker and retries on SmallRye Fault Tolerance's programmatic API (with a backoff that honours
 * {@code Retry-After} and never retries past a call's deadline; {@link io.sluice.plugin.support.RetryClassifier}
 * judges what is transient), a sliding-window rate limiter that waits instead of rejecting
 * ({@link io.sluice.plugin.support.RateLimiter}, categories by method and URL), the scrubbing of secrets
 * ({@link io.sluice.plugin.support.Redactor}) and Jinja templates
 * ({@link io.sluice.template.TemplateRenderer}). It builds on the SPI in {@code io.sluice.plugin}, never the
 * other way round.
 */
package io.sluice.plugin.support;
