package io.sluice.plugins.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fake enforces the contract the plugin is tested against, so a plugin that broke it would fail. */
class HubSpotFakePortalTest extends HubSpotTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String creates(int count) {
        return IntStream.range(0, count).mapToObj(i -> "{\"properties\": {\"email\": \"x" + i + "@example.com\"}}")
                .collect(Collectors.joining(",", "{\"inputs\": [", "]}"));
    }

    @Test
    void refusesCallsWithoutTheBearerToken() throws Exception {
        HttpResponse<String> answer = post("/crm/v3/objects/contacts/batch/create", null, creates(1));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(json(answer.body()).get("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
        assertThat(post("/crm/v3/objects/contacts/batch/create", "other", creates(1)).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesMoreThanAHundredInputsAndWrongShapes() throws Exception {
        assertThat(post("/crm/v3/objects/contacts/batch/create", TOKEN, creates(101)).statusCode()).isEqualTo(400);
        assertThat(post("/crm/v3/objects/contacts/batch/create", TOKEN, creates(100)).statusCode()).isEqualTo(201);
        assertThat(post("/crm/v3/objects/contacts/batch/update", TOKEN, "{\"inputs\": [{\"properties\": {\"a\": \"b\"}}]}").statusCode())
                .as("update without id").isEqualTo(400);
        assertThat(post("/crm/v3/objects/contacts/batch/upsert", TOKEN, "{\"inputs\": [{\"id\": \"a@b.c\", \"properties\": {}}]}").statusCode())
                .as("upsert without idProperty").isEqualTo(400);
        assertThat(post("/crm/v3/objects/contacts/batch/upsert", TOKEN,
                "{\"inputs\": [{\"id\": \"1\", \"idProperty\": \"hs_object_id\", \"properties\": {}}]}").statusCode())
                .as("hs_object_id is not a unique-value property").isEqualTo(400);
        assertThat(post("/crm/v3/objects/contacts/batch/archive", TOKEN, "{\"inputs\": [{\"id\": \"1\", \"properties\": {}}]}").statusCode())
                .as("archive takes ids only").isEqualTo(400);
        assertThat(post("/crm/v3/objects/contacts/batch/create", TOKEN, "{\"inputs\": [{\"properties\": {\"n\": 1}}]}").statusCode())
                .as("property values are strings").isEqualTo(400);
        assertThat(post("/crm/v3/objects/owls/batch/create", TOKEN, creates(1)).statusCode()).as("unknown object type").isEqualTo(400);
    }

    @Test
    void aCreateWithoutTraceIdsIsAllOrNothingAndWithThemMultiStatus() throws Exception {
        fake.rejectValue("x1@example.com");

        HttpResponse<String> untraced = post("/crm/v3/objects/contacts/batch/create", TOKEN, creates(3));
        HttpResponse<String> traced = post("/crm/v3/objects/contacts/batch/create", TOKEN, """
                {"inputs": [{"properties": {"email": "x1@example.com"}, "objectWriteTraceId": "t1"},
                            {"properties": {"email": "x2@example.com"}, "objectWriteTraceId": "t2"}]}""");

        assertThat(untraced.statusCode()).isEqualTo(400);
        assertThat(traced.statusCode()).isEqualTo(207);
        assertThat(json(traced.body()).at("/errors/0/context/objectWriteTraceId/0").asText()).isEqualTo("t1");
        assertThat(json(traced.body()).at("/results/0/objectWriteTraceId").asText()).isEqualTo("t2");
        assertThat(fake.count("contacts")).isEqualTo(1);
    }
}
