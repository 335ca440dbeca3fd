package com.roadcast.observation;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Function;

/**
 * {@code application/json}: {@code {"from","to","interval_minutes","nodes","steps":[{"timestamp","speeds":{id: mph or null}}]}},
 * written by a streaming generator that never closes what a failure left open.
 */
final class JsonExportWriter implements ExportWriter {
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    private final int intervalMinutes;

    JsonExportWriter(int intervalMinutes) {
        this.intervalMinutes = intervalMinutes;
    }

    @Override
    public void write(ExportQuery query, Iterator<Step> steps, Function<Instant, String> times, OutputStream out)
            throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("from", times.apply(query.from()));
            json.writeStringField("to", times.apply(query.to()));
            json.writeNumberField("interval_minutes", intervalMinutes);
            json.writeArrayFieldStart("nodes");
            for (String node : query.nodes()) {
                json.writeString(node);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("steps");
            while (steps.hasNext()) {
                Step step = steps.next();
                json.writeStartObject();
                json.writeStringField("timestamp", times.apply(step.time()));
                json.writeObjectFieldStart("speeds");
                for (int i = 0; i < query.columns().length; i++) {
                    json.writeFieldName(query.nodes().get(i));
                    float speed = step.speeds()[query.columns()[i]];
                    if (Float.isNaN(speed)) {
                        json.writeNull();
                    } else {
                        json.writeNumber(Float.toString(speed));
                    }
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}
