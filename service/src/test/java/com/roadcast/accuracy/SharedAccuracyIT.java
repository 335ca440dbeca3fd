package com.roadcast.accuracy;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.TwoInstances;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On Redis, two instances: steps ingested through one, forecasts served by both; either answers the same accuracy. */
@Timeout(300)
class SharedAccuracyIT {
    @RegisterExtension
    static final TwoInstances BOTH = TwoInstances.alike();

    @Test
    void eitherInstanceAnswersTheAccuracyOfWhatBothServed() {
        ApiClient ingest = BOTH.first().client(BOTH.first().createKey("ingest", "internal"));
        ApiClient first = BOTH.first().client(BOTH.first().createKey("read", "internal"));
        ApiClient second = BOTH.second().client(BOTH.second().createKey("read", "internal"));
        AccuracyReplay replay = AccuracyReplay.run(ingest, List.of(first, second));
        replay.assertModelBeatsPersistence();
        replay.assertAccuracyMatches(first);
        replay.assertAccuracyMatches(second);
        replay.assertPastWindowsAnswerAsServed(second);
    }
}
