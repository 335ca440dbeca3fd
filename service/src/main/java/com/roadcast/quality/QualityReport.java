package com.roadcast.quality;

import java.util.Collections;
import java.util.List;

/** Every sensor's health (catalog order) as of one window revision. */
public record QualityReport(long revision, List<SensorQuality> sensors) {

    static QualityReport noData(long revision, int sensorCount) {
        return new QualityReport(revision, Collections.nCopies(sensorCount, SensorQuality.NO_DATA));
    }

    public SensorQuality sensor(int index) {
        return sensors.get(index);
    }

    /** How many sensors have this status. */
    public long count(SensorStatus status) {
        return sensors.stream().filter(sensor -> sensor.status() == status).count();
    }
}
