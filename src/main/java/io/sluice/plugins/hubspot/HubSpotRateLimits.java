package io.sluice.plugins.hubspot;

import io.sluice.plugin.support.RateLimitCategory;
import java.util.List;

/**
 * HubSpot's documented request limits as default rate-limit categories (first match wins), overridable per
 * connection with {@code rate-limits.<category>.rates}.
 *
 * <ul>
 *   <li>{@code search}: {@code POST .../crm/v3/objects/{type}/search}, {@code 5/s}. The CRM search endpoints have
 *       a limit of their own, outside the burst limit (CRM search guide, "Limitations"; 1/s at launch, 4/s after the
 *       changelog "CRM Search API Rate Limit Increase", raised again with "Increasing our API limits"). The plugin
 *       does not search today; the category keeps a future lookup from eating the burst budget unnoticed.</li>
 *   <li>{@code api}: every other request, {@code 190/10s, 650000/day}: a private app's limits on a Professional
 *       account (changelog "Increasing our API limits": burst 150 to 190 per 10 seconds on Professional and
 *       Enterprise, daily 500,000 to 650,000 on Professional and to 1,000,000 on Enterprise). A batch call is one
 *       request whatever its number of inputs ("API usage guidelines": batch APIs).</li>
 * </ul>
 *
 * <p>Other tiers override {@code api}: Free and Starter {@code rate-limits.api.rates=100/10s, 250000/day};
 * Enterprise {@code 190/10s, 1000000/day}; with the API limit increase pack {@code 250/10s} and 1,000,000 more per
 * day per pack. The limits belong to the HubSpot account and are shared by all its private apps, so give each
 * connection its share when several integrations write to one portal. The daily window here slides, while
 * HubSpot resets the count at midnight in the account's time zone: the limiter is never looser than HubSpot.
 */
final class HubSpotRateLimits {
    static final String SEARCH = "search";
    static final String API = "api";

    private HubSpotRateLimits() {
    }

    static List<RateLimitCategory> defaults() {
        return List.of(
                RateLimitCategory.of(SEARCH, "POST", "*/crm/v3/objects/*/search", "5/s"),
                RateLimitCategory.of(API, "*", "*", "190/10s, 650000/day"));
    }
}
