package com.roadcast.accuracy;

/** Running sums of one horizon's errors, the model's and persistence's over the same pairs. */
final class ErrorSums {
    private long count;
    private double absolute;
    private double squared;
    private double persistenceAbsolute;
    private double persistenceSquared;

    void add(double forecast, double persistence, double actual) {
        count++;
        absolute += Math.abs(forecast - actual);
        squared += (forecast - actual) * (forecast - actual);
        persistenceAbsolute += Math.abs(persistence - actual);
        persistenceSquared += (persistence - actual) * (persistence - actual);
    }

    long count() {
        return count;
    }

    /** Mean absolute error; NaN with no pairs. */
    double mae() {
        return absolute / count;
    }

    double rmse() {
        return Math.sqrt(squared / count);
    }

    double persistenceMae() {
        return persistenceAbsolute / count;
    }

    double persistenceRmse() {
        return Math.sqrt(persistenceSquared / count);
    }
}
