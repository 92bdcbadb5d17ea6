package io.sluice.console;

/**
 * Who looks at a console page: the token entry's name (never the token), whether operator buttons are shown, and the
 * session's CSRF token that every form posts back.
 *
 * @param authentication whether the service asks for tokens (false in the demo: no login, no logout button)
 */
public record Viewer(String name, boolean operator, String csrf, boolean authentication) {
}
