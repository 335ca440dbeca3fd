package com.roadcast.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.roadcast.testing.Repo;
import io.dropwizard.jackson.Jackson;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract tests' oracle can fail: the committed document's schemas reject answers that break them. */
class ContractOracleTest {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final String PREDICT_200 = "/paths/~1v1~1predict/post/responses/200";
    private static final String ERROR = "/components/responses/NotFound";

    private final Contract contract;

    ContractOracleTest() throws Exception {
        JsonNode yaml = Yaml.mapper().readTree(Files.readString(Repo.file("docs/openapi.yaml")));
        contract = new Contract(Json.mapper().writeValueAsString(yaml));
    }

    @Test
    void aRealAnswerPassesAndABrokenOneFails() throws Exception {
        ObjectNode answer = (ObjectNode) MAPPER.readTree("""
                {"model":{"name":"roadcast-graph-residual","version":"2026.11.24-1"},"data_as_of":"2012-03-05T13:15:00-08:00",
                 "cache_hit":false,"inference_time_ms":5.575,"imputed_readings":0,"predictions":[{"node_id":"773869","inputs_imputed":0,
                 "forecasts":[{"horizon":3,"minutes":15,"target_time":"2012-03-05T13:30:00-08:00","speed_mph":64.52}]}]}""");
        assertThat(contract.errors(PREDICT_200, answer)).isEmpty();
        assertThat(contract.errors(PREDICT_200, answer.deepCopy().without("cache_hit"))).as("a missing field").isNotEmpty();
        ObjectNode wrongType = answer.deepCopy();
        wrongType.put("imputed_readings", "none");
        assertThat(contract.errors(PREDICT_200, wrongType)).as("a field of the wrong type").isNotEmpty();
        ObjectNode badHorizon = answer.deepCopy();
        ((ObjectNode) badHorizon.at("/predictions/0/forecasts/0")).put("horizon", 13);
        assertThat(contract.errors(PREDICT_200, badHorizon)).as("a horizon out of range").isNotEmpty();
    }

    /** Field, body and header examples alike: each one is a value its schema allows. */
    @Test
    void everyExampleInTheDocumentIsValidForItsSchema() {
        List<String> checked = new ArrayList<>();
        examples(contract.document(), "", checked);
        assertThat(checked).hasSizeGreaterThan(50);
    }

    private void examples(JsonNode node, String pointer, List<String> checked) {
        if (!node.isContainerNode()) {
            return;
        }
        if (node.isObject() && node.has("example") && !pointer.endsWith("/properties")) {
            String schema = node.has("schema") ? pointer + "/schema" : pointer;
            assertThat(contract.schemaErrors(schema, node.get("example"))).as("the example at %s", pointer).isEmpty();
            checked.add(pointer);
        }
        if (node.isObject() && node.has("examples") && node.has("schema")) {
            node.get("examples").fields().forEachRemaining(named -> assertThat(
                    contract.schemaErrors(pointer + "/schema", named.getValue().get("value")))
                    .as("the example %s at %s", named.getKey(), pointer).isEmpty());
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(child -> examples(child.getValue(),
                    pointer + "/" + child.getKey().replace("~", "~0").replace("/", "~1"), checked));
        } else {
            for (int i = 0; i < node.size(); i++) {
                examples(node.get(i), pointer + "/" + i, checked);
            }
        }
    }

    @Test
    void aNodesQualityMustHaveAKnownStatusAndARatio() throws Exception {
        String node = "/paths/~1v1~1nodes~1{id}/get/responses/200";
        ObjectNode answer = (ObjectNode) MAPPER.readTree("""
                {"id":"773869","latitude":34.15497,"longitude":-118.31829,"latest":null,
                 "quality":{"status":"missing","last_reading_at":null,"missing_ratio_24h":1.0}}""");
        assertThat(contract.errors(node, answer)).isEmpty();
        ObjectNode unknownStatus = answer.deepCopy();
        ((ObjectNode) unknownStatus.get("quality")).put("status", "broken");
        assertThat(contract.errors(node, unknownStatus)).as("a status not documented").isNotEmpty();
        ObjectNode noRatio = answer.deepCopy();
        ((ObjectNode) noRatio.get("quality")).remove("missing_ratio_24h");
        assertThat(contract.errors(node, noRatio)).as("a missing ratio").isNotEmpty();
        assertThat(contract.errors(node, answer.deepCopy().without("quality"))).as("no quality").isNotEmpty();
    }

    @Test
    void errorsMustHaveTheSharedShape() throws Exception {
        assertThat(contract.errors(ERROR, MAPPER.readTree("{\"code\":404,\"message\":\"unknown node 'x'\",\"request_id\":\"r\"}")))
                .isEmpty();
        assertThat(contract.errors(ERROR, MAPPER.readTree("{\"error\":\"not found\"}"))).isNotEmpty();
    }
}
