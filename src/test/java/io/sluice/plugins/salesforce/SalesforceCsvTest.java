package io.sluice.plugins.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV as Bulk API 2.0 reads and writes it, and the key columns that match result rows back to records. */
class SalesforceCsvTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void valuesWithCommasQuotesAndLineBreaksAreQuoted() {
        String csv = CsvCodec.write(List.of("Name", "Description"), List.of(List.of("Acme, Inc.", "the \"gold\" standard\nsince 1900"),
                List.of(" spaced ", "")));

        assertThat(csv).isEqualTo("Name,Description\n\"Acme, Inc.\",\"the \"\"gold\"\" standard\nsince 1900\"\n spaced ,\n");
        assertThat(CsvCodec.parse(csv).rows()).containsExactly(List.of("Acme, Inc.", "the \"gold\" standard\nsince 1900"), List.of(" spaced ", ""));
    }

    @Test
    void parsingAcceptsCrlfAndAByteOrderMark() {
        CsvCodec.Table table = CsvCodec.parse("\uFEFF\"sf__Id\",\"sf__Created\",Name\r\n001,true,A\r\n002,false,\"B\"\r\n");

        assertThat(table.header()).containsExactly("sf__Id", "sf__Created", "Name");
        assertThat(table.rows()).containsExactly(List.of("001", "true", "A"), List.of("002", "false", "B"));
        assertThat(CsvCodec.parse("").rows()).isEmpty();
        assertThatThrownBy(() -> CsvCodec.parse("a\n\"open")).hasMessageContaining("quoted");
    }

    @Test
    void recordsBecomeColumnsWithRelationshipsNullsAndMultiSelectValues() {
        ObjectNode fields = JSON.createObjectNode().put("LastName", "Lovelace").putNull("Phone");
        fields.putObject("Account").put("External_Id__c", "A-1");
        fields.putArray("Interests__c").add("math").add("engines");
        Write write = new Write(new OutboundRecord("1", Action.CREATE, fields, null, null), Operation.INSERT, null, fields);

        BulkRows rows = BulkRows.of(Operation.INSERT, null, List.of(write));

        assertThat(rows.header()).containsExactly("LastName", "Phone", "Account.External_Id__c", "Interests__c");
        assertThat(rows.rows()).containsExactly(List.of("Lovelace", "#N/A", "A-1", "math;engines"));
        assertThat(rows.keyColumns()).isEqualTo(rows.header());
    }

    @Test
    void keyColumnsAreTheIdOrTheExternalId() {
        ObjectNode fields = JSON.createObjectNode().put("external_id__c", "X").put("LastName", "L");
        Write write = new Write(new OutboundRecord("1", Action.UPDATE, fields, null, "003000000000001AAA"), Operation.UPDATE, "003000000000001AAA", fields);

        assertThat(BulkRows.of(Operation.UPDATE, null, List.of(write)).keyColumns()).containsExactly("Id");
        assertThat(BulkRows.of(Operation.UPSERT, "External_Id__c", List.of(write)).keyColumns()).containsExactly("external_id__c");
        assertThat(BulkRows.of(Operation.DELETE, null, List.of(write)).header()).containsExactly("Id");
    }

    @Test
    void sfErrorIsReadIntoStatusCodeMessageAndFields() {
        assertThat(BulkResultMapper.error("REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --").toString())
                .isEqualTo("{\"statusCode\":\"REQUIRED_FIELD_MISSING\",\"message\":\"Required fields are missing: [LastName]\",\"fields\":[\"LastName\"]}");
        assertThat(BulkResultMapper.error("DUPLICATE_VALUE:duplicate value found: Ext__c duplicates value on record with id: 003000000000001:--").toString())
                .isEqualTo("{\"statusCode\":\"DUPLICATE_VALUE\",\"message\":\"duplicate value found: Ext__c duplicates value on record with id: 003000000000001\","
                        + "\"fields\":[]}");
        assertThat(BulkResultMapper.error("something odd").path("message").asText()).isEqualTo("something odd");
    }
}
