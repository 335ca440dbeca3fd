package com.roadcast.stream;

import java.time.Instant;

/**
 * A window whose forecast of record was just kept, on this instance or another one sharing its Redis.
 *
 * @param dataAsOf the time of the window's newest step (the forecast's {@code data_as_of})
 * @param learnedAt when this instance learned of it (wall clock)
 */
public record NewWindow(Instant dataAsOf, Instant learnedAt) {}
