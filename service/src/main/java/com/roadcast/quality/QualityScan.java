package com.roadcast.quality;

import com.roadcast.observation.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One pass over the stored steps of the 24 h ending at the newest stored step, for every sensor at once.
 * Time is data time: everything counts back from the newest stored step, never from the wall clock, so a
 * replay of old data is judged as it would have been live.
 */
final class QualityScan {
    static final Duration DAY = Duration.ofHours(24);
    private final int sensors;
    private final int slots;
    private final Duration interval;
    private final Duration staleAfter;
    private final int stuckSteps;

    QualityScan(int sensors, Duration interval, Duration staleAfter, int stuckSteps) {
        this.sensors = sensors;
        this.slots = (int) (DAY.toSeconds() / interval.toSeconds());
        this.interval = interval;
        this.staleAfter = staleAfter;
        this.stuckSteps = stuckSteps;
    }

    int sensors() {
        return sensors;
    }

    /** The oldest of the day's {@code slots} expected step times, ending at (and counting) {@code newest}. */
    Instant dayStart(Instant newest) {
        return newest.minus(interval.multipliedBy(slots - 1L));
    }

    /**
     * @param window the window's steps, oldest first (not empty)
     * @param day the stored steps from {@link #dayStart} to the window's newest step, oldest first; read up
     *     to that newest step and no further (a lazy store is not asked for a page it does not need)
     */
    QualityReport scan(long revision, List<Step> window, Iterator<Step> day) {
        Instant newest = window.get(window.size() - 1).time();
        SensorTally tally = new SensorTally(sensors);
        while (day.hasNext()) {
            Step step = day.next();
            tally.add(step);
            if (!step.time().isBefore(newest)) {
                break;
            }
        }
        boolean[] inWindow = new boolean[sensors];
        window.forEach(step -> SensorTally.markReadings(step, inWindow));
        List<SensorQuality> qualities = new ArrayList<>(sensors);
        for (int sensor = 0; sensor < sensors; sensor++) {
            Instant last = tally.lastReadingAt(sensor);
            qualities.add(new SensorQuality(status(inWindow[sensor], last, tally.run(sensor), newest), last,
                    missingRatio(tally.readings(sensor))));
        }
        return new QualityReport(revision, List.copyOf(qualities));
    }

    private SensorStatus status(boolean inWindow, @Nullable Instant last, int run, Instant newest) {
        if (!inWindow) {
            return SensorStatus.MISSING;
        }
        if (last == null || Duration.between(last, newest).compareTo(staleAfter) > 0) {
            return SensorStatus.STALE;
        }
        return run >= stuckSteps ? SensorStatus.STUCK : SensorStatus.OK;
    }

    /** Missing slots over expected ones, rounded half up to 4 decimals: one step of a day (0.0035) still shows. */
    private double missingRatio(int readings) {
        return Math.round(10_000.0 * Math.max(0, slots - readings) / slots) / 10_000.0;
    }
}
