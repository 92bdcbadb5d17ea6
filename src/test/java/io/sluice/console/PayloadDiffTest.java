package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PayloadDiffTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void namesEveryFieldAddedRemovedOrChanged() throws Exception {
        JsonNode before = JSON.readTree("{\"email\":\"a@x\",\"name\":\"Ada\",\"plan\":{\"tier\":1},\"gone\":true}");
        JsonNode after = JSON.readTree("{\"email\":\"a@y\",\"name\":\"Ada\",\"plan\":{\"tier\":2},\"new\":3}");
        assertThat(PayloadDiff.between(before, after)).containsExactly(
                new PayloadDiff.Change("email", "a@x", "a@y", "changed"),
                new PayloadDiff.Change("gone", "true", null, "removed"),
                new PayloadDiff.Change("new", null, "3", "added"),
                new PayloadDiff.Change("plan", "{\"tier\":1}", "{\"tier\":2}", "changed"));
    }

    @Test
    void equalOrMissingPayloadsHaveNoChangesAndOtherJsonIsComparedWhole() throws Exception {
        JsonNode a = JSON.readTree("{\"n\":1}");
        assertThat(PayloadDiff.between(a, JSON.readTree("{\"n\":1}"))).isEmpty();
        assertThat(PayloadDiff.between(null, a)).isEmpty();
        assertThat(PayloadDiff.between(JSON.readTree("[1]"), JSON.readTree("[2]")))
                .containsExactly(new PayloadDiff.Change("(payload)", "[1]", "[2]", "changed"));
    }
}
