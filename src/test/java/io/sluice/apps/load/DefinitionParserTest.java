package io.sluice.apps.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.apps.model.ActionKind;
import io.sluice.apps.model.AppDefinition;
import io.sluice.apps.model.AuthSpec;
import io.sluice.apps.model.ResponseSpec;
import io.sluice.plugin.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A definition file is parsed strictly: every mistake is reported with file, field and reason, and nothing loads. */
public class DefinitionParserTest {
    public static final String VALID = """
            app: acme
            title: Acme CRM
            docs: [https://acme.example.com/docs/api]
            settings:
              token: { type: string, required: true, secret: true }
              region: { type: string, enum: [us, eu], default: us }
            base-url: "https://{{ settings.region }}.acme.example.com/v1"
            auth: { type: bearer, token: "{{ settings.token }}" }
            actions:
              create:
                method: POST
                path: /contacts
                body: '{"data": {{ record | tojson }} }'
                response: { app-identifier: /data/id, error: /error }
              update:
                method: PATCH
                path: "/contacts/{{ app_identifier }}"
            check: { method: GET, path: /me }
            """;

    private final DefinitionParser parser = new DefinitionParser();

    private List<DefinitionProblem> problems(String yaml) {
        DefinitionException e = catchThrowableOfType(DefinitionException.class, () -> parser.parse("apps/acme.yaml", "acme", yaml));
        assertThat(e).as("the definition is rejected").isNotNull();
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo("apps/acme.yaml"));
        return e.problems();
    }

    private static String with(String find, String replace) {
        assertThat(VALID).contains(find);
        return VALID.replace(find, replace);
    }

    @Test
    void aValidDefinitionLoadsWithTheStrategiesItsActionsAllow() {
        AppDefinition d = parser.parse("apps/acme.yaml", "acme", VALID);

        assertThat(d.app()).isEqualTo("acme");
        assertThat(d.auth().type()).isEqualTo(AuthSpec.Type.BEARER);
        assertThat(d.actions()).containsOnlyKeys(ActionKind.CREATE, ActionKind.UPDATE);
        // replace: RECREATE goes to update when there is no upsert
        assertThat(d.strategies()).containsExactlyInAnyOrder(Strategy.CREATE, Strategy.UPDATE, Strategy.UPSERT, Strategy.REPLACE);
        assertThat(d.actions().get(ActionKind.UPDATE).usesAppIdentifier()).isTrue();
        assertThat(d.actions().get(ActionKind.CREATE).response().batchRejected()).isEqualTo(ResponseSpec.DEFAULT_BATCH_REJECTED);
        assertThat(d.secretSettings()).containsExactly("token");
    }

    @Test
    void anUnknownFieldIsNamedWithItsPath() {
        assertThat(problems(with("    method: PATCH", "    method: PATCH\n    bodyy: '{}'")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("actions.update.bodyy");
                    assertThat(p.reason()).contains("not a known field").contains("body");
                });
        assertThat(problems(VALID + "colour: blue\n")).extracting(DefinitionProblem::field).containsExactly("colour");
    }

    @Test
    void aBatchActionWithoutBodyIsRejected() {
        List<DefinitionProblem> problems = problems(with("    path: /contacts\n    body: '{\"data\": {{ record | tojson }} }'",
                "    path: /contacts/batch\n    batch: { max: 100 }"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("actions.create.batch.body");
            assertThat(p.reason()).contains("is required").contains("records");
        });
    }

    @Test
    void aTemplateThatReadsAnUndeclaredSettingIsRejected() {
        assertThat(problems(with("path: /contacts", "path: \"/{{ settings.account_id }}/contacts\"")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("actions.create.path");
                    assertThat(p.reason()).contains("setting 'account_id'").contains("does not declare").contains("token, region");
                });
        assertThat(problems(with("path: /contacts", "path: \"/{{ settings['HOME'] }}/contacts\""))).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("setting 'HOME'"));
        assertThat(problems(with("path: /contacts", "path: \"/{{ settings[object] }}/contacts\""))).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("other than by name"));
    }

    @Test
    void aTemplateThatDoesNotParseIsRejectedWithJinjasReason() {
        assertThat(problems(with("body: '{\"data\": {{ record | tojson }} }'", "body: '{\"data\": {{ record | tojson }'")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("actions.create.body");
                    assertThat(p.reason()).startsWith("is not a valid Jinja template");
                });
        assertThat(problems(with("path: /contacts", "path: \"{% if object %}/contacts\""))).extracting(DefinitionProblem::field)
                .containsExactly("actions.create.path");
    }

    @Test
    void aBadJsonPointerIsRejected() {
        assertThat(problems(with("app-identifier: /data/id", "app-identifier: data.id"))).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("actions.create.response.app-identifier");
            assertThat(p.reason()).contains("'data.id' is not a JSON pointer");
        });
    }

    @Test
    void aBadMethodOrStatusIsRejected() {
        assertThat(problems(with("method: PATCH", "method: patch"))).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("actions.update.method");
            assertThat(p.reason()).contains("'patch' is not a method");
        });
        assertThat(problems(with("response: { app-identifier: /data/id, error: /error }", "response: { success: [200, 2001] }")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("actions.create.response.success");
                    assertThat(p.reason()).contains("'2001' is not an HTTP status");
                });
    }

    @Test
    void anUnknownAuthTypeIsRejected() {
        assertThat(problems(with("auth: { type: bearer, token: \"{{ settings.token }}\" }", "auth: { type: kerberos }")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("auth.type");
                    assertThat(p.reason()).contains("'kerberos'").contains("oauth2");
                });
    }

    @Test
    void aDefinitionWithoutActionsAllowsNoStrategyAndIsRejected() {
        String noActions = VALID.substring(0, VALID.indexOf("actions:")) + "actions: {}\ncheck: { method: GET, path: /me }\n";

        assertThat(problems(noActions)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("actions");
            assertThat(p.reason()).contains("no strategy is possible");
        });
        assertThat(problems(with("  update:", "  merge:"))).extracting(DefinitionProblem::field).contains("actions.merge");
    }

    @Test
    void recordVariablesAreRefusedWhereNoRecordIs() {
        assertThat(problems(with("base-url: \"https://{{ settings.region }}.acme.example.com/v1\"",
                "base-url: \"https://{{ record.region }}.acme.example.com/v1\""))).singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("base-url");
                    assertThat(p.reason()).contains("'record'").contains("only settings and object");
                });
    }

    @Test
    void theAppMustBeNamedLikeItsFileAndSettingsMustFitTheirTypes() {
        assertThat(problems(with("app: acme", "app: other"))).extracting(DefinitionProblem::field).containsExactly("app");
        assertThat(problems(with("default: us", "default: mars"))).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("settings.region.default");
            assertThat(p.reason()).contains("'mars' is not one of us, eu");
        });
        assertThat(problems(with("  region:", "  Region:"))).extracting(DefinitionProblem::field).contains("settings.Region");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce() {
        String bad = with("method: PATCH", "method: FETCH").replace("app-identifier: /data/id", "app-identifier: id")
                .replace("type: bearer, token: \"{{ settings.token }}\"", "type: bearer, token: \"{{ settings.tokn }}\"");

        assertThat(problems(bad)).extracting(DefinitionProblem::field)
                .containsExactlyInAnyOrder("actions.update.method", "actions.create.response.app-identifier", "auth.token");
    }

    @Test
    void aBadOauthSchemeIsRejected() {
        String oauth = "auth: { type: oauth2, grant: client_credentials, token-url: /token, client-id: a, client-secret: \"{{ settings.token }}\", scheme: %s }";
        String bearer = "auth: { type: bearer, token: \"{{ settings.token }}\" }";

        assertThat(problems(with(bearer, oauth.formatted("'Zoho oauthtoken'")))).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("auth.scheme");
            assertThat(p.reason()).contains("'Zoho oauthtoken' is not an HTTP authentication scheme");
        });
        assertThat(parser.parse("apps/acme.yaml", "acme", with(bearer, oauth.formatted("Zoho-oauthtoken"))).auth().scheme()).isEqualTo("Zoho-oauthtoken");
        assertThat(parser.parse("apps/acme.yaml", "acme", with(bearer, oauth.formatted("Bearer").replace(", scheme: Bearer", ""))).auth().scheme())
                .as("default").isEqualTo("Bearer");
    }

    @Test
    void badAnswerConditionsAreRejectedWithTheirField() {
        String response = "response: { app-identifier: /data/id, error: /error }";

        assertThat(problems(with(response, "response: { success-when: { pointer: /ok, equals: 'true', otherwise: later } }")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("actions.create.response.success-when.otherwise");
                    assertThat(p.reason()).contains("'later' is not transient, rejected or batch-rejected");
                });
        assertThat(problems(with(response, "response: { error-when: { pointer: status, equals: error } }")))
                .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("actions.create.response.error-when.pointer"));
        assertThat(problems(with(response, "response: { error-when: { pointer: /status } }")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("actions.create.response.error-when.equals");
                    assertThat(p.reason()).isEqualTo("is required");
                });
        assertThat(problems(with(response, "response: { unavailable-when: { pointer: /error } }")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("actions.create.response.unavailable-when.in");
                    assertThat(p.reason()).contains("is required");
                });
        assertThat(problems(with(response, "response: { retryable-when: { pointer: /error, in: internal_error } }")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("actions.create.response.retryable-when.in");
                    assertThat(p.reason()).contains("must be a list");
                });
        assertThat(problems(with(response, "response: { partial: [400] }"))).extracting(DefinitionProblem::field)
                .containsExactlyInAnyOrder("actions.create.response.partial", "actions.create.response.partial");
        assertThat(problems(with("check: { method: GET, path: /me }", "check: { method: GET, path: /me, success-when: { pointer: /ok, equals: 'true', otherwise: rejected } }")))
                .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("check.success-when.otherwise"));
    }

    @Test
    void notYamlOrNotAMappingIsRejectedAsAWhole() {
        assertThat(problems("app: [unclosed")).singleElement().satisfies(p -> {
            assertThat(p.field()).isNull();
            assertThat(p.reason()).startsWith("is not valid YAML");
        });
        assertThat(problems("- a list")).singleElement().satisfies(p -> assertThat(p.reason()).contains("must be a YAML mapping"));
    }
}
