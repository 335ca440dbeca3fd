package com.roadcast.observation;

import java.time.Clock;

class InMemoryObservationWindowTest extends ObservationWindowContract {

    @Override
    ObservationWindow window(int capacity) {
        return new InMemoryObservationWindow(capacity, Clock.systemUTC());
    }
}
