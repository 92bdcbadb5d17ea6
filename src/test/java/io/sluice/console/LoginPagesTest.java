package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginPagesTest {

    /** After signing in, the console goes back to the page asked for, but never to another site. */
    @Test
    void theNextPageIsAlwaysAPathOnThisService() {
        assertThat(LoginPages.safeNext("/syncs/people?after=3")).isEqualTo("/syncs/people?after=3");
        assertThat(LoginPages.safeNext("//evil.example.com/x")).isEqualTo("/");
        assertThat(LoginPages.safeNext("/\\evil.example.com")).isEqualTo("/");
        assertThat(LoginPages.safeNext("https://evil.example.com/")).isEqualTo("/");
        assertThat(LoginPages.safeNext(null)).isEqualTo("/");
    }
}
