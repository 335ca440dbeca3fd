package com.roadcast.stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.roadcast.forecast.ForecastAnswers;
import com.roadcast.forecast.ForecastRecorder;
import com.roadcast.model.ModelRegistry;
import com.roadcast.observation.ObservationHistory;
import com.roadcast.record.ForecastRecords;
import com.roadcast.redis.RedisLink;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.media.sse.SseFeature;

/**
 * {@code stream:} settings. Builds the real-time feature: the {@link WindowHub} (told by the recorder, and
 * through Redis by the other instances), the open streams (managed) and {@code GET /v1/stream}.
 */
public final class StreamFactory {
    /**
     * A comment is sent on every open stream this often: proxies keep an idle stream open, and a client that
     * went away is found (its slot freed) within about two of these. Below Jetty's idle timeout (30 s).
     */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 25, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration heartbeat = Duration.seconds(15);

    /** Streams one key may hold open on one instance; one more is refused with 429. */
    @Min(1)
    @Max(10_000)
    @JsonProperty
    private int maxPerKey = 5;

    /** Threads writing events to the open streams of an instance. */
    @Min(1)
    @Max(64)
    @JsonProperty
    private int senders = 4;

    /**
     * Builds the hub and the streams, registers the endpoint, and hands the hub every forecast of record
     * {@code recorder} keeps.
     */
    public Streams build(Environment environment, RedisLink redis, ModelRegistry models, ObservationHistory history,
            ForecastRecords records, ForecastAnswers answers, ForecastRecorder recorder, Clock clock) {
        WindowHub hub = new WindowHub(redis.events(), clock);
        recorder.onRecord(hub);
        OpenStreams streams = new OpenStreams(maxPerKey, heartbeat.toJavaDuration(), senders, records, history,
                new ForecastEvents(answers, models));
        hub.subscribe(streams);
        environment.lifecycle().manage(hub);
        environment.lifecycle().manage(streams);
        environment.lifecycle().addEventListener(streams);
        environment.jersey().register(SseFeature.class);
        environment.jersey().register(new StreamResource(answers, streams));
        return new Streams(hub, streams);
    }
}
