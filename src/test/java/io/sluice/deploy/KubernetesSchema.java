package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Validates Kubernetes objects offline against the API schema, as compiled into the models of the official Java
 * client ({@code io.kubernetes:client-java-api}, generated from the Kubernetes OpenAPI spec): unknown (misspelled)
 * fields, missing required fields and wrong JSON types are rejected by the models' {@code validateJsonElement}; a
 * full deserialization then parses quantities ({@code 512Mi}), int-or-string ports and dates.
 *
 * <p>Only the kinds Sluice deploys are mapped; any other {@code apiVersion}/{@code kind} (including removed
 * versions such as {@code policy/v1beta1}) is reported, so adding a kind means adding its model here. The Prometheus
 * Operator's {@code PrometheusRule} has no model in that client: {@link PrometheusRuleSchema} checks it.
 */
final class KubernetesSchema {
    private static final JSON JSON = new JSON();
    private static final Map<String, Model> MODELS = Map.of(
            "apps/v1 Deployment", new Model(V1Deployment.class, V1Deployment::validateJsonElement),
            "v1 Service", new Model(V1Service.class, V1Service::validateJsonElement),
            "v1 ServiceAccount", new Model(V1ServiceAccount.class, V1ServiceAccount::validateJsonElement),
            "v1 ConfigMap", new Model(V1ConfigMap.class, V1ConfigMap::validateJsonElement),
            "v1 Secret", new Model(V1Secret.class, V1Secret::validateJsonElement),
            "v1 PersistentVolumeClaim", new Model(V1PersistentVolumeClaim.class, V1PersistentVolumeClaim::validateJsonElement),
            "policy/v1 PodDisruptionBudget", new Model(V1PodDisruptionBudget.class, V1PodDisruptionBudget::validateJsonElement));

    private KubernetesSchema() {
    }

    /** The problems of one object (empty when valid); {@code where} names it in the messages. */
    static List<String> problems(String where, JsonNode object) {
        String type = object.path("apiVersion").asText() + " " + object.path("kind").asText();
        if (type.equals(PrometheusRuleSchema.TYPE)) {
            return PrometheusRuleSchema.problems(where, object);
        }
        Model model = MODELS.get(type);
        if (model == null) {
            return List.of(where + ": '" + type + "' is not a kind this test knows; known: " + MODELS.keySet() + " and " + PrometheusRuleSchema.TYPE);
        }
        if (object.path("metadata").path("name").asText().isBlank()) {
            return List.of(where + ": metadata.name is required");
        }
        String json = object.toString();
        try {
            model.validator().validate(JsonParser.parseString(json));
            JSON.deserialize(json, model.type());
            return List.of();
        } catch (RuntimeException | IOException e) {
            String message = String.valueOf(e.getMessage());
            int cut = message.indexOf(" JSON: "); // the client appends the whole object; the field name is enough
            return List.of(where + " (" + type + "): " + (cut > 0 ? message.substring(0, cut) : message));
        }
    }

    private record Model(Class<?> type, Validator validator) {
    }

    @FunctionalInterface
    private interface Validator {
        void validate(JsonElement json) throws IOException;
    }
}
