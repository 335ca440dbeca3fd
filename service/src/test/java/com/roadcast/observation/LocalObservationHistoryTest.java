package com.roadcast.observation;

import java.time.Clock;

class LocalObservationHistoryTest extends ObservationHistoryContract {

    @Override
    ObservationHistory window(int capacity) {
        return new LocalObservationHistory(capacity, RETENTION, Clock.systemUTC());
    }
}
